"""Which conflict-verb triggers report no political event.

Nature, sport, accidents and figures of speech borrow the verbs of conflict: "floods killed 45",
"Morocco beat Portugal 1-0", "weeds have invaded the farmland", "a minibus overturned, killing seven".
The events stage asks ``not_political`` before it keeps a lexicon trigger.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from sitrep.pipeline.actors import is_party_head, owner_modifier
from sitrep.pipeline.clauses import find_actor_head
from sitrep.resources.lexicon import Lexicon

# Subjects that make a "killed"/"struck"/"forced" sentence a disaster report, not a political event.
NATURAL_CAUSES = frozenset(
    "earthquake quake flood floods flooding landslide landslides storm storms typhoon hurricane cyclone "
    "tornado wildfire wildfires fire fires blaze drought heatwave heat rain rains monsoon snow avalanche "
    "tsunami eruption volcano disease outbreak epidemic cholera virus covid pandemic accident crash "
    "collision lightning famine gas boiler stampede derailment collapse mudslide".split()
)
_SCORELINE = re.compile(r"\b\d{1,2}-\d{1,2}\b")
SPORT_VERBS = frozenset(
    {"beat", "defeat", "win", "edge", "thrash", "draw", "lose", "crush", "rout", "score", "victory"}
)
# Verbs whose subject suffers the event ("three protesters died"), and those that count casualties.
VICTIM_VERBS = frozenset({"die", "drown", "perish"})
CASUALTY_VERBS = VICTIM_VERBS | {"hurt", "injure"}
# Words no political report uses in their sporting sense.
SPORT_WORDS = frozenset(
    "goalkeeper midfielder defender's wicket wickets innings bowler bowlers batsman batsmen tournament "
    "championship championships semifinal semi-final quarterfinal quarter-final league podium medal "
    "olympics olympic rugby football soccer tennis cricket basketball unseeded heavyweight heavyweights "
    "prix".split()
)
# Non-party subjects that still carry an event: weapons, attacks, decisions, documents and tolls.
AGENTIVE_THINGS = frozenset(
    "bomb car-bomb device mine landmine rocket rockets missile missiles mortar mortars shell shells "
    "grenade drone drones shot shots bullet bullets fire violence war conflict insurgency operation "
    "campaign unrest decree law resolution ruling verdict order decision measure agreement deal accord "
    "treaty statement report plan bill move policy proposal ban embargo sanction court vote referendum "
    "letter call appeal message warning ultimatum toll casualty death explosive explosives ied charge "
    "vehicle car truck motorcycle vest belt".split()
)


def not_political(trigger: Token, span: Span, lex: Lexicon) -> bool:
    """Disasters, sport and figures of speech reuse the verbs of conflict: "floods killed 45",
    "Morocco beat Portugal 1-0", "weeds have invaded the farmland"."""
    actor, _ = find_actor_head(trigger)
    heads = [actor] if actor is not None else []
    heads += [c for c in trigger.children if c.dep_ in {"nsubj", "nsubjpass", "agent"}]
    for head in heads:
        words = {head.lemma_.lower(), head.lower_}
        words |= {t.lower_ for t in head.subtree if t.dep_ in {"conj", "compound"}}
        if words & NATURAL_CAUSES:
            return True
    subject = next((c for c in trigger.children if c.dep_ == "nsubj"), actor)
    if subject is None and trigger.dep_ == "acl" and trigger.lemma_.lower() in CASUALTY_VERBS | {"kill"}:
        subject = trigger.head  # "a minibus [...], killing seven": what the clause describes
    if subject is not None and _is_thing(subject, lex):
        return True
    if trigger.lemma_.lower() in CASUALTY_VERBS and any(_natural_cause(t) for t in span):
        return True  # "nine workers died when fire tore through a factory"
    if any(t.lower_ in SPORT_WORDS for t in span):
        return True
    # the regex first: few sentences carry a scoreline, and this runs for every trigger
    return bool(_SCORELINE.search(span.text)) and any(t.lemma_.lower() in SPORT_VERBS for t in span)


def _natural_cause(tok: Token) -> bool:
    # "fire" is a cause only as a subject: soldiers who "opened fire" are not a blaze
    if tok.lemma_.lower() not in NATURAL_CAUSES:
        return False
    return tok.dep_ in {"nsubj", "nsubjpass"} or tok.lemma_.lower() not in {"fire", "blaze", "heat"}


def _is_thing(subject: Token, lex: Lexicon) -> bool:
    """A subject that can neither act nor stand for an act: not a party, a weapon, an event or a decision."""
    if subject.pos_ != "NOUN" or is_party_head(subject) or subject.ent_type_:
        return False
    if any(c.dep_ == "poss" for c in subject.children) or owner_modifier(subject) is not None:
        return False  # "Tanzania's electoral commission", "the Kenyan tax body"
    lemma = subject.lemma_.lower()
    return lemma not in lex.nouns and lemma not in AGENTIVE_THINGS
