"""PLOVER coding conventions applied after typing, from the PLOVER manual and CAMEO.

- Dissent by civilians is PROTEST: protesters blocking a road are obstructing, not
  coercing; demands voiced by demonstrators are protest, not a diplomatic request.
- A stated intention is its own verbal event: "X said it will send aid" is AGREE
  (intent to cooperate), "X said it will strike" is THREATEN. The future act is
  not coded as if it had happened.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.pipeline.registry import stage
from sitrep.pipeline.resources import Resources
from sitrep.pipeline.state import Candidate, DocState

CIVIL_SECTORS = frozenset({"CVL", "OPP", "LAB", "EDU", "REF", "AGR"})
STATE_SECTORS = frozenset({"GOV", "JUD", "LEG", "MIL", "COP", "SPY"})
PROTESTER_NOUNS = frozenset(
    [
        "protester",
        "protesters",
        "demonstrator",
        "demonstrators",
        "striker",
        "strikers",
        "activist",
        "activists",
        "marcher",
        "marchers",
        "crowd",
        "crowds",
        "rioter",
        "rioters",
        "mob",
        "mobs",
        "student",
        "students",
        "worker",
        "workers",
        "youths",
    ]
)
CROWD_WORDS = frozenset(
    "thousands hundreds dozens tens crowds people residents villagers citizens communities youths".split()
)
JOINT_WORDS = frozenset(
    ["joint", "jointly", "together", "alongside", "combined", "coordinated", "side-by-side"]
)
# Taking a place over: an armed force captures it, a civilian crowd stages a sit-in.
OCCUPY_VERBS = frozenset({"occupy", "blockade", "barricade"})
PROTEST_WORDS = frozenset(
    [
        "protest",
        "protests",
        "demonstration",
        "demonstrations",
        "rally",
        "rallies",
        "march",
        "marches",
        "strike",
        "sit-in",
    ]
)
RAID_VERBS = frozenset({"raid", "search", "storm"})
RAID_NOUNS = frozenset({"raid", "search", "sweep"})  # "carried out dawn raids"
ARREST_WORDS = frozenset({"arrest", "detain", "detention", "round"})
# "was ready to sign", "is willing to meet": a stated readiness, like "agreed to"
WILLING_ADJECTIVES = frozenset({"ready", "willing", "prepared", "open", "eager"})
PUNISH_VERBS = frozenset("jail imprison sentence condemn convict hand execute fine".split())
COOPERATIVE_ACTS = frozenset({"AGREE", "CONSULT", "COOPERATE", "SUPPORT", "CONCEDE", "AID", "RETREAT"})
COOPERATIVE_INTENT = frozenset({"CONSULT", "AID", "COOPERATE", "RETREAT", "CONCEDE", "SUPPORT"})
CONFLICTUAL_INTENT = frozenset({"ASSAULT", "COERCE", "SANCTION"})
# Coercion aimed at people rather than at a state: it stays COERCE whoever the people are.
INDIVIDUAL_COERCION = frozenset({"arrest", "confiscate", "deport"})
# "sent troops to help Haiti fight gangs": forces or experts lent to another party are AID
HELP_VERBS = frozenset({"help", "assist", "aid", "train"})


def _protesters(cand: Candidate) -> bool:
    """The actor is a crowd of protesters, named as such."""
    return any(m.head.lower_ in PROTESTER_NOUNS for m in cand.actors)


def _civil_actor(cand: Candidate) -> bool:
    """The actor is unarmed civil society: protesters, unions, students, opposition supporters."""
    for mention in cand.actors:
        if "armed" in mention.party.attributes:
            continue
        head = mention.head
        if mention.party.sector in CIVIL_SECTORS or head.lower_ in PROTESTER_NOUNS:
            return True
        # "thousands of people", "hundreds of Palestinians", "Kurds": a crowd, not an institution
        if head.lower_ in CROWD_WORDS or (head.ent_type_ == "NORP" and head.tag_ == "NNPS"):
            return True
    return False


def _police(cand: Candidate) -> bool:
    return any(
        m.party.sector in {"COP", "JUD"} or m.head.lower_ in {"police", "prosecutors"} for m in cand.actors
    )


def _sent_to_help(cand: Candidate) -> bool:
    for child in cand.trigger.children:
        if child.dep_ in {"advcl", "xcomp"} and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            # "to train troops and help guard the leader": any of the coordinated purposes
            if any(v.lemma_.lower() in HELP_VERBS for v in (child, *child.conjuncts)):
                return True
    return False


def _non_state(cand: Candidate) -> bool:
    """Actors found, and none of them the state: a blockade by rebels or a party is not repression."""
    sectors = {m.party.sector for m in cand.actors}
    return bool(sectors) and None not in sectors and not (sectors & STATE_SECTORS)


def _raid(trigger: Token) -> bool:
    return trigger.lemma_.lower() in RAID_VERBS or any(
        c.dep_ == "dobj" and c.lemma_.lower() in RAID_NOUNS for c in trigger.children
    )


def _stated_readiness(trigger: Token) -> bool:
    return trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in WILLING_ADJECTIVES


def _ultimatum(trigger: Token) -> bool:
    """ "... 48 hours to leave or face an assault": the act demanded, under a stated penalty.

    The penalty hangs on the trigger or, after "told them to", on the act demanded.
    """
    demanded = [c for c in trigger.children if c.dep_ in {"xcomp", "ccomp"}]
    return any(
        c.dep_ == "conj" and c.lemma_.lower() == "face" and any(o.lower_ == "or" for o in verb.children)
        for verb in (trigger, *demanded)
        for c in verb.children
    )


def _court(cand: Candidate) -> bool:
    return any(
        m.party.sector == "JUD" or m.head.lower_ in {"court", "tribunal", "judge"} for m in cand.actors
    )


def _joint_action(cand: Candidate) -> bool:
    """Several actors acting together: 'X and Y launched a joint operation'."""
    names = {m.party.name or m.party.text for m in cand.actors}
    return len(names) >= 2 and any(t.lower_ in JOINT_WORDS for t in cand.sentence.span)


def apply_conventions(cand: Candidate) -> None:
    civil = _civil_actor(cand)
    mentions_protest = any(t.lower_ in PROTEST_WORDS for t in cand.sentence.span)
    if cand.event_type == "ASSAULT" and _protesters(cand):
        cand.event_type, cand.mode = "PROTEST", "riot"
        cand.explain += "; violence by a civilian crowd is a riot (PLOVER PROTEST)"
    elif cand.event_type == "REJECT" and civil and mentions_protest:
        cand.event_type, cand.mode = (
            "PROTEST",
            "boycott" if "boycott" in cand.sentence.text.lower() else "demo",
        )
        cand.explain += "; refusal voiced by protesters is PROTEST (PLOVER)"
    elif cand.event_type in {"ASSAULT", "MOBILIZE", "COERCE"} and _joint_action(cand):
        cand.event_type, cand.mode = "COOPERATE", None
        cand.explain += "; a joint operation by several actors is COOPERATE (PLOVER)"
    elif cand.event_type == "COERCE" and (civil or (cand.mode == "restrict" and _non_state(cand))):
        cand.event_type, cand.mode = "PROTEST", "obstruct"
        cand.explain += "; civilians or other non-state actors obstructing are protesting (PLOVER)"
    elif cand.event_type == "ASSAULT" and civil and cand.trigger.lemma_.lower() in OCCUPY_VERBS:
        cand.event_type, cand.mode = "PROTEST", "obstruct"
        cand.explain += "; civilians occupying a place are protesting (PLOVER)"
    elif cand.event_type in {"MOBILIZE", "CONSULT"} and _sent_to_help(cand):
        cand.event_type, cand.mode = "AID", None
        cand.explain += "; forces or experts sent to help another party are AID (PLOVER)"
    elif cand.event_type in {"REQUEST", "ACCUSE"} and civil and mentions_protest:
        cand.event_type, cand.mode = "PROTEST", "demo"
        cand.explain += "; demands voiced by protesters are PROTEST (PLOVER)"
    actor_countries = {m.party.country for m in cand.actors if m.party.country}
    recipient_countries = {m.party.country for m in cand.recipients if m.party.country}
    if (
        cand.event_type == "COERCE"
        and cand.mode not in INDIVIDUAL_COERCION  # a foreign soldier detained is still an arrest
        and actor_countries
        and recipient_countries
        and not (actor_countries & recipient_countries)
    ):
        # Bans and closures aimed at another country reduce relations: SANCTION, not repression.
        cand.event_type, cand.mode = "SANCTION", "discontinue"
        cand.explain += "; coercion of a foreign party is SANCTION (PLOVER)"
    elif (
        cand.event_type in {"COERCE", "ACCUSE", "ASSAULT"}
        and _court(cand)
        and cand.trigger.lemma_.lower() in PUNISH_VERBS
    ):
        cand.event_type, cand.mode = "SANCTION", "convict"
        cand.explain += "; a court's sentence is SANCTION convict (PLOVER)"
    elif cand.event_type == "ASSAULT" and _raid(cand.trigger) and _police(cand):
        cand.event_type, cand.mode = (
            "COERCE",
            "arrest" if any(t.lemma_.lower() in ARREST_WORDS for t in cand.sentence.span) else "confiscate",
        )
        cand.explain += "; a police raid is COERCE, not an attack (PLOVER)"
    if _ultimatum(cand.trigger):
        cand.event_type, cand.mode = "THREATEN", None
        cand.explain += "; an act demanded on pain of a penalty is an ultimatum: THREATEN (PLOVER)"
    elif _stated_readiness(cand.trigger):
        if cand.event_type in COOPERATIVE_ACTS:
            cand.event_type, cand.mode = "AGREE", None
            cand.explain += "; stated readiness to cooperate is AGREE (PLOVER)"
        elif cand.event_type in CONFLICTUAL_INTENT:
            cand.event_type, cand.mode = "THREATEN", "violence" if cand.event_type == "ASSAULT" else None
            cand.explain += "; stated readiness to harm is THREATEN (PLOVER)"
    if (
        "hypothetical" in cand.tags
        and cand.actors
        and cand.is_main
        and cand.event_type in CONFLICTUAL_INTENT
        and cand.mode != "withdraw"  # weighing a pull-out of one's own staff threatens no one
    ):
        # "might impose tariffs", "could cut gas supplies": a conditional threat
        cand.event_type, cand.mode = "THREATEN", "violence" if cand.event_type == "ASSAULT" else None
        cand.explain += "; a conditional act of harm is THREATEN (PLOVER)"
        cand.tags = [t for t in cand.tags if t != "hypothetical"]
    if "negated" in cand.tags and cand.is_main and cand.event_type in COOPERATIVE_ACTS:
        # "did not accept the offer", "would not meet the envoy": a refusal (CAMEO and PLOVER)
        cand.event_type, cand.mode = "REJECT", None
        cand.explain += "; a cooperative act negated is REJECT (PLOVER)"
        cand.tags = [t for t in cand.tags if t != "negated"]
    if "future" in cand.tags and cand.actors and cand.is_main:
        if cand.event_type in COOPERATIVE_INTENT:
            cand.event_type, cand.mode = "AGREE", None
            cand.explain += "; stated intent to cooperate is AGREE (PLOVER)"
            cand.tags = [t for t in cand.tags if t != "future"]
        elif cand.event_type in CONFLICTUAL_INTENT - {"SANCTION"}:
            cand.event_type, cand.mode = "THREATEN", "violence" if cand.event_type == "ASSAULT" else None
            cand.explain += "; stated intent to harm is THREATEN (PLOVER)"
            cand.tags = [t for t in cand.tags if t != "future"]
        elif cand.event_type == "PROTEST":
            # "would walk out unless their pay is settled", "will blockade the port": a strike or
            # blockade announced is held over the other side (PLOVER THREATEN, mode restrict)
            cand.event_type, cand.mode = "THREATEN", "restrict"
            cand.explain += "; a protest announced ahead is THREATEN (PLOVER)"
            cand.tags = [t for t in cand.tags if t != "future"]


@stage("conventions", requires=["candidates.tags"], assigns=["candidates.conventions"])
def conventions(state: DocState, res: Resources) -> None:
    for cand in state.candidates:
        apply_conventions(cand)
