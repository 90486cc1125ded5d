"""Actors: turn noun phrases into coded parties, and resolve in-document coreference.

A party's name comes from the knowledge base when an alias matches, else from the
named entity inside the phrase with titles stripped, else from the phrase itself.
Coreference is deliberately simple and local: surnames and titles ("Haftar",
"the general") point back to the full name seen earlier in the article; personal
pronouns point to the latest compatible actor; "we"/"our" inside a quote point to
the speaker of the quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from sitrep.models import Party
from sitrep.ontology import sector_for_head_noun
from sitrep.pipeline.resources import Resources
from sitrep.pipeline.spans import entities_in, entity_at

TITLES = frozenset(
    [
        "general",
        "gen",
        "gen.",
        "colonel",
        "col",
        "col.",
        "lieutenant",
        "lt",
        "lt.",
        "major",
        "maj",
        "maj.",
        "captain",
        "capt",
        "capt.",
        "commander",
        "president",
        "prime",
        "minister",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "sheikh",
        "king",
        "prince",
        "princess",
        "queen",
        "marshal",
        "field",
        "brigadier",
        "admiral",
        "sergeant",
        "chief",
        "senator",
        "governor",
        "ambassador",
        "speaker",
        "secretary",
        "foreign",
        "defense",
        "defence",
        "interior",
        "deputy",
        "vice",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "leader",
        "head",
        "mayor",
        "judge",
        "ayatollah",
        "pope",
        "cardinal",
        "imam",
        "emir",
        "sultan",
    ]
)
# Words that describe an actor rather than name it; kept as attributes.
ATTRIBUTE_WORDS = frozenset(
    [
        "islamist",
        "anti-islamist",
        "jihadist",
        "rogue",
        "renegade",
        "militant",
        "extremist",
        "hardline",
        "moderate",
        "secular",
        "al-qaeda-aligned",
        "al-qaeda-linked",
        "pro-government",
        "anti-government",
        "rebel",
        "separatist",
        "loyalist",
        "interim",
        "former",
        "late",
        "exiled",
        "self-declared",
        "radical",
        "armed",
        "unidentified",
    ]
)
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "it", "its"})
SPEAKER_PRONOUNS = frozenset({"we", "us", "our", "i", "me", "my"})
# Nouns that stand for people or groups even when no sector applies.
PEOPLE_NOUNS = frozenset(
    [
        "people",
        "person",
        "group",
        "groups",
        "faction",
        "factions",
        "follower",
        "followers",
        "supporter",
        "supporters",
        "member",
        "members",
        "official",
        "officials",
        "leader",
        "leaders",
        "country",
        "countries",
        "nation",
        "nations",
        "state",
        "states",
        "side",
        "sides",
        "authority",
        "authorities",
        "administration",
        "regime",
        "coalition",
        "alliance",
        "unit",
        "units",
        "base",
        "airbase",
        "brigade",
        "battalion",
        "movement",
        "organization",
        "organisation",
        "company",
        "companies",
        "firm",
        "firms",
        "man",
        "men",
        "woman",
        "women",
        "child",
        "children",
        "resident",
        "residents",
        "villager",
        "villagers",
        "civilian",
        "civilians",
        "worker",
        "workers",
        "staff",
        "embassy",
        "consulate",
        "delegation",
        "envoy",
        "team",
        "agency",
        "ministry",
        "council",
        "committee",
        "cabinet",
        "tribe",
        "tribes",
        "clan",
        "clans",
        "community",
        "communities",
        "fighter",
        "fighters",
        "pilot",
        "pilots",
        "crew",
        "gunman",
        "gunmen",
        "militant",
        "militants",
        "insurgent",
        "insurgents",
        # roles and groups that act in the news without a sector of their own (matched by lemma too)
        "bomber",
        "sniper",
        "shooter",
        "raider",
        "guard",
        "bodyguard",
        "warden",
        "prisoner",
        "inmate",
        "detainee",
        "captive",
        "driver",
        "engineer",
        "scientist",
        "critic",
        "opponent",
        "rival",
        "ally",
        "partner",
        "neighbour",
        "neighbor",
        "negotiator",
        "mediator",
        "representative",
        "delegate",
        "emissary",
        "emperor",
        "empress",
        "veteran",
        "mercenary",
        "contractor",
        "extremist",
        "secessionist",
        "loyalist",
        "officer",
        "agent",
        "investigator",
        "inspector",
        "monitor",
        "observer",
        "regulator",
        "watchdog",
        "bloc",
        "office",
        "department",
        "service",
        "directorate",
        "bureau",
        "presidency",
        "convoy",
        "aircraft",
        "helicopter",
        "drone",
        "artillery",
        "tank",
        "vessel",
        "ship",
        "coastguard",
        "ruler",
        "leadership",
        "victim",
        "survivor",
        "relative",
        "youth",
        "locals",
        "voter",
        "mob",
        "settler",
        "rioter",
        "looter",
        "striker",
        "hijacker",
        "abductor",
        "candidate",
        "commission",
        "board",
        "panel",
        "body",
        "institution",
        "electorate",
        "public",
        "population",
        "crowd",
        "majority",
        "minority",
        "powers",  # "foreign powers"; the singular is mostly electricity or authority
        "headmaster",
        "headteacher",
        "lawyer",
        "attorney",
        "defender",  # "a human rights defender"; football's defenders are left to the sport filter
        "cameraman",
        "scholar",
        "preacher",
        "defendant",
        "suspect",
        "fugitive",
        "deserter",
        "defector",
        "informant",
        "consul",
        "counterpart",  # "met his French counterpart"
    ]
)
# "Thousands of farmers", "some of the rebels": the quantity stands for the group it counts.
QUANTITY_HEADS = frozenset(
    "thousand hundred ten dozen score million number handful majority some many most several all few".split()
)
CROWD_COUNTS = frozenset({"thousands", "hundreds", "dozens", "scores", "millions", "tens"})
# "Police in Kinshasa": a place phrase that says which branch of a party acted.
LOCATIVE_PREPS = frozenset({"in", "across", "at"})
_PARTY_DEPS = {"compound", "amod", "nmod", "poss", "nummod", "quantmod", "npadvmod", "flat", "case"}


NON_PARTY_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT", "LAW"}
)


def is_party_head(tok: Token) -> bool:
    """Whether a noun can head an actor or recipient phrase."""
    lemma = tok.lemma_.lower()
    if lemma in QUANTITY_HEADS or tok.lower_ in QUANTITY_HEADS:
        if _counts_a_party(tok):
            return True
        if tok.lower_ in CROWD_COUNTS and tok.dep_ in {"nsubj", "nsubjpass"}:
            return True  # "thousands demonstrated": a bare count as subject is a crowd
    if tok.ent_type_ in NON_PARTY_ENTS:
        return False
    if tok.pos_ == "PRON":
        return tok.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS | SPEAKER_PRONOUNS
    if tok.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return True
    if tok.pos_ == "PROPN":
        return True
    if tok.pos_ != "NOUN":
        return False
    return (
        tok.lower_ in PEOPLE_NOUNS
        or lemma in PEOPLE_NOUNS
        or tok.lower_ in TITLES
        or sector_for_head_noun(tok.lower_) is not None
    )


def _counts_a_party(tok: Token) -> bool:
    return any(
        c.dep_ == "pobj" and is_party_head(c)
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for c in prep.children
    )


# Nouns of authority stand for whoever holds it: "under the command of X", "X's office".
AUTHORITY_NOUNS = frozenset(
    "command authority control leadership orders order office cause banner flag".split()
)


def party_head(tok: Token) -> Token | None:
    """``tok`` if it heads a party phrase, else its possessor or holder: "the army's cause" -> army,
    "the authority of the chief of staff" -> chief."""
    if tok.lower_ in AUTHORITY_NOUNS:
        holder = _holder(tok)
        if holder is not None:
            return holder
    if is_party_head(tok):
        return tok
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is not None and is_party_head(owner):
        return owner
    return owner_modifier(tok) if tok.pos_ == "NOUN" else None


def owner_modifier(thing: Token) -> Token | None:
    """The party named inside a thing's phrase: "a Hamas weapons depot" -> Hamas, "an army post" -> army."""
    for child in thing.lefts:
        if child.dep_ not in {"compound", "amod", "nmod"}:
            continue
        if child.ent_type_ in {"NORP", "ORG", "GPE", "PERSON"} or (
            child.pos_ == "NOUN" and is_party_head(child)
        ):
            return child
        if child.dep_ == "compound" and child.pos_ in {"NOUN", "PROPN"}:
            nested = owner_modifier(child)
            if nested is not None:
                return nested
    return None


def _holder(tok: Token) -> Token | None:
    """Who holds an authority noun: "the command of X" -> X, "X's office" -> X."""
    for child in tok.children:
        if child.dep_ == "poss" and is_party_head(child):
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return party_head(pobj)
    return None


def phrase_span(head: Token) -> Span:
    """The tight span of a party phrase: left modifiers, the head and one 'of'-phrase."""
    doc = head.doc
    left = head.i
    for child in head.lefts:
        if child.dep_ in _PARTY_DEPS or (child.dep_ == "det" and child.lower_ not in {"the", "a", "an"}):
            left = min(left, child.left_edge.i)
        elif child.dep_ == "punct" and child.text in "“\"'‘":
            continue
    if head.ent_iob_ != "O":
        ent = entity_at(head)
        if ent is not None:
            left = min(left, ent.start)
    right = head.i + 1
    if head.ent_iob_ != "O":
        ent = entity_at(head)
        if ent is not None:
            right = max(right, ent.end)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "under":
            # "the army under the command of General X": the affiliation is part of who they are
            objs = [c for c in child.children if c.dep_ == "pobj" and c.lower_ in AUTHORITY_NOUNS]
            if objs and objs[0].right_edge.i - head.i <= 12:
                right = max(right, objs[0].right_edge.i + 1)
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs and objs[0].right_edge.i - head.i <= 8:
                right = max(right, objs[0].right_edge.i + 1)
            elif objs and objs[0].i - head.i <= 8:
                right = max(right, objs[0].i + 1)  # "thousands of refugees [stranded at ...]"
        elif child.dep_ in {"compound", "flat"}:
            right = max(right, child.i + 1)
        elif _locative_of(child) is not None and child.i == right:
            right = max(right, child.right_edge.i + 1)
    span = doc[left:right]
    # Trim quotes, punctuation and leading determiners from both ends.
    while len(span) > 1 and (span[0].is_punct or span[0].lower_ in {"the", "a", "an"}):
        span = doc[span.start + 1 : span.end]
    while len(span) > 1 and span[-1].is_punct:
        span = doc[span.start : span.end - 1]
    return span


def _locative_of(prep: Token) -> Token | None:
    """The place in "police in Kinshasa", when ``prep`` introduces one right after a party noun."""
    if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE_PREPS or prep.head.pos_ != "NOUN":
        return None
    place = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if place is None or place.ent_type_ not in {"GPE", "LOC"} or place.right_edge.i - prep.i > 4:
        return None
    return place


def without_locative(span: Span) -> Span:
    """The party phrase without its place: "Police in Kinshasa" -> "Police"."""
    for tok in span:
        if tok.head.i == span.root.i and _locative_of(tok) is not None:
            return span.doc[span.start : tok.i]
    return span


def strip_titles(text: str) -> str:
    """'General Khalifa Haftar' -> 'Khalifa Haftar'; descriptors go only when a name follows."""
    words = text.replace("’s", "").replace("'s", "").split()
    # A title goes only when a name follows: "General Khalifa Haftar" -> "Khalifa Haftar", while
    # "chief of staff" is the name of the office and stays whole.
    while (
        len(words) > 1
        and words[1][:1].isupper()
        and (words[0].lower().rstrip(".") in TITLES or words[0].lower() in ATTRIBUTE_WORDS)
    ):
        words = words[1:]
    return " ".join(words)


@dataclass
class Coref:
    """What the article has said so far about who is who."""

    people: dict[str, str] = field(default_factory=dict)  # surname / title -> full name
    titles: dict[str, str] = field(default_factory=dict)  # "general" -> latest person with that title
    last_person: Party | None = None
    last_group: Party | None = None
    speaker: Party | None = None

    def remember(self, party: Party, *, is_person: bool, titles: list[str]) -> None:
        if is_person and party.name:
            parts = party.name.split()
            if len(parts) > 1:
                self.people.setdefault(parts[-1], party.name)
            for title in titles:
                self.titles[title] = party.name
            self.last_person = party
        elif party.name:
            self.last_group = party


def code_party(span: Span, *, res: Resources, coref: Coref, focus_country: str | None) -> Party:
    """Code a phrase as a Party: canonical name, country, sector, attributes."""
    head = span.root
    text = span.text.strip("“”\"' ,")
    lowered = head.lower_
    attributes = sorted({t.lower_ for t in span if t.lower_ in ATTRIBUTE_WORDS} | _hyphen_attributes(span))
    if head.pos_ == "PRON" and lowered in PERSON_PRONOUNS | GROUP_PRONOUNS | SPEAKER_PRONOUNS:
        target = _resolve_pronoun(lowered, coref)
        if target is not None:
            return Party(text=text, name=target.name, country=target.country, sector=target.sector)
        return Party(text=text)
    # The knowledge base names the phrase only when its head is the known actor:
    # in "al-Qaeda aligned group X", the actor is X, not al-Qaeda.
    known = res.kb.get(head.ent_id_) if head.ent_id_ else None
    if known is None and head.ent_iob_ == "O":
        known = res.kb.find(text) if head.pos_ == "PROPN" else None
    # Possessive pronoun phrases ("his followers") belong to the possessor.
    poss = [c for c in head.children if c.dep_ == "poss" and c.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS]
    if known is None and poss and head.pos_ == "NOUN":
        owner = _resolve_pronoun(poss[0].lower_, coref)
        if owner is not None:
            return Party(
                text=text, name=owner.name, country=owner.country, sector=owner.sector, attributes=attributes
            )
    sector = known.sector if known else _sector(span)
    country = known.country if known else _country(span, res)
    if known is not None:
        name = known.name
        is_person = known.kind == "person"
    else:
        name, is_person = _name(without_locative(span), coref)
    if country is None and sector is not None and focus_country:
        country = focus_country  # an unnamed army or parliament belongs to the country in focus
    party = Party(text=text, name=name, country=country, sector=sector, attributes=attributes)
    titles = [t.lower_.rstrip(".") for t in span if t.lower_.rstrip(".") in TITLES]
    coref.remember(party, is_person=is_person, titles=titles)
    return party


def _hyphen_attributes(span: Span) -> set[str]:
    """Hyphenated descriptors split by the tokenizer: 'Al-Qaeda aligned', 'Islamist-backed'."""
    found = set()
    text = span.text.lower()
    for match in re.finditer(r"([\w-]+)[- ](aligned|linked|backed|allied|affiliated|led)\b", text):
        found.add(f"{match.group(1)}-{match.group(2)}")
    return found


def _resolve_pronoun(word: str, coref: Coref) -> Party | None:
    if word in SPEAKER_PRONOUNS:
        return coref.speaker
    if word in PERSON_PRONOUNS:
        return coref.last_person
    return coref.last_group or coref.last_person


def _sector(span: Span) -> str | None:
    head = span.root
    for candidate in (head.lower_, head.lemma_.lower()):
        sector = sector_for_head_noun(candidate)
        if sector:
            return sector
    for tok in reversed(span):
        sector = sector_for_head_noun(tok.lower_)
        if sector:
            return sector
    return None


def _country(span: Span, res: Resources) -> str | None:
    for ent in entities_in(span):
        if ent.label_ in {"GPE", "NORP"}:
            code = res.gazetteer.country_of_word(ent.text)
            if code:
                return code
            place = res.gazetteer.resolve_place(ent.text)
            if place is not None and ent.label_ == "GPE":
                return place.country
    for tok in span:
        code = res.gazetteer.demonym(tok.text) or (
            res.gazetteer.country_code(tok.text) if tok.pos_ == "PROPN" else None
        )
        if code:
            return code
    return None


def _name(span: Span, coref: Coref) -> tuple[str, bool]:
    """(canonical name, is a person) for a phrase without a knowledge-base match."""
    ents = entities_in(span)
    people = [e for e in ents if e.label_ == "PERSON"]
    orgs = [e for e in ents if e.label_ in {"ORG", "FAC"}]
    head = span.root
    if people and (head.ent_type_ == "PERSON" or not orgs):
        name = strip_titles(people[-1].text)
        if len(name.split()) == 1 and name in coref.people:
            name = coref.people[name]
        return name, True
    if head.pos_ == "PROPN" and not orgs and head.ent_type_ in {"", "PERSON"}:
        name = strip_titles(span.text)
        last = name.split()[-1] if name else name
        if last in coref.people:
            return coref.people[last], True
    if head.lower_ in TITLES and head.lower_ in coref.titles and not orgs:
        return coref.titles[head.lower_], True  # "the general"
    if orgs and (head.ent_type_ in {"ORG", "FAC"}):
        return strip_titles(orgs[-1].text).strip("“”\"'"), False
    return strip_titles(span.text).strip("“”\"'"), False
