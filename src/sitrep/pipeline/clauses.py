"""Clause analysis on the dependency parse: triggers, their arguments, and roles.

Everything here reads a spaCy parse and decides nothing about storage or output.
The event stage calls these helpers for each sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitrep.pipeline.actors import is_party_head, party_head
from sitrep.resources.lexicon import Lexicon, TriggerRule, load_lexicon

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "attr", "oprd", "dative", "acomp"}
COMPLEMENT_DEPS = {"xcomp", "ccomp", "pcomp", "advcl"}
# Verbs whose object, not subject, performs the embedded action ("ordered the forces to protect").
OBJECT_CONTROL = frozenset(
    [
        "order",
        "urge",
        "ask",
        "call",
        "tell",
        "force",
        "allow",
        "permit",
        "invite",
        "encourage",
        "help",
        "persuade",
        "instruct",
        "direct",
        "authorize",
        "pressure",
        "press",
        "compel",
        "require",
        "request",
        "appeal",
        "implore",
    ]
)
# Prepositions that introduce the recipient, by event type.
RECIPIENT_PREPS: dict[str, tuple[str, ...]] = {
    "ASSAULT": ("on", "against", "at", "upon"),
    "THREATEN": ("on", "against", "to", "at"),
    "SUPPORT": ("to", "for", "behind", "with", "under"),
    "COOPERATE": ("with", "to", "alongside", "under"),
    "CONSULT": ("with", "to"),
    "AGREE": ("with", "to", "under"),
    "AID": ("to", "for"),
    "REQUEST": ("on", "upon", "to", "from"),
    "REJECT": ("from", "to", "of"),
    "ACCUSE": ("against", "to", "of"),
    "SANCTION": ("on", "against", "from"),
    "COERCE": ("on", "against"),
    "MOBILIZE": ("against", "to", "into"),  # toward whom forces move
    "RETREAT": ("from",),
    "CONCEDE": ("to",),
    "PROTEST": ("against", "outside", "to"),
}
# Types whose moved or deployed thing is the actor when no agent is named ("Marines were sent").
PASSIVE_SUBJECT_IS_ACTOR = {"MOBILIZE", "PROTEST", "RETREAT"}


def lemma_of(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PROPN" and lemma.endswith("s") and len(lemma) > 3:
        lemma = lemma[:-1]  # "Forces" -> "force": proper-noun plurals keep their s in spaCy
    return lemma


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass
class Frame:
    """The arguments of a verb that the lexicon conditions on."""

    objects: set[str]
    preps: set[str]
    prep_objects: set[str]  # lemmas of prepositional objects: "take to the streets"
    particles: set[str]
    xcomp: Token | None
    subjects: set[str]  # lemmas of the subject and its compounds

    @property
    def xcomp_lemma(self) -> str | None:
        return lemma_of(self.xcomp) if self.xcomp is not None else None


# Object classes a lexicon rule can name beside lemmas: "captured the town" (a place) is a
# seizure of territory, "captured two commanders" (a party) is a detention.
PLACE_OBJECT = "<place>"
PARTY_OBJECT = "<party>"


def object_kind(tok: Token) -> str | None:
    if tok.ent_type_ in {"GPE", "LOC", "FAC"}:
        return PLACE_OBJECT
    if is_party_head(tok):
        return PARTY_OBJECT
    return None


PARTICLES = frozenset({"down", "out", "off", "up", "back", "over", "away"})


def frame_of(verb: Token) -> Frame:
    objects: set[str] = set()
    preps: set[str] = set()
    prep_objects: set[str] = set()
    particles: set[str] = set()
    xcomp = None
    passive = any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children)
    for child in verb.children:
        dep = child.dep_
        if dep in OBJECT_DEPS or (passive and dep in PASSIVE_SUBJECT_DEPS):
            for tok in (child, *[c for c in child.children if c.dep_ == "conj"]):
                objects.update({lemma_of(tok), singular(tok.lower_)})
                kind = object_kind(tok)
                if kind is not None:
                    objects.add(kind)
                # "declared its allegiance", "take to the streets": compounds count too
                parts = [c for c in tok.children if c.dep_ == "compound"]
                objects.update(lemma_of(c) for c in parts)
                if parts and any(c.text == "-" for c in tok.children):
                    # "a sit-in" is parsed sit (compound) - in (object): the word is the whole
                    objects.add("".join(t.lower_ for t in tok.doc[parts[0].i : tok.i + 1]))
                for grand in tok.children:
                    if grand.dep_ == "prep":
                        preps.add(grand.lower_)
        elif dep == "prep":
            if any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in child.children):
                continue  # "on Monday" is when, not whom: it must not satisfy an "on" rule
            preps.add(child.lower_)
            if child.lower_ in PARTICLES and not any(c.dep_ == "pobj" for c in child.children):
                particles.add(child.lower_)  # "pulled out of Niger": "out" is parsed a preposition
            # "held for questioning": a gerund after the preposition is its object too
            prep_objects.update(lemma_of(c) for c in child.children if c.dep_ in {"pobj", "pcomp"})
            for inner in child.children:
                if inner.dep_ == "prep":  # "walked out of the talks": "of" hangs on "out"
                    preps.add(inner.lower_)
                    prep_objects.update(lemma_of(c) for c in inner.children if c.dep_ == "pobj")
        elif dep == "prt" or (dep == "advmod" and child.lower_ in PARTICLES):
            particles.add(child.lower_)
        elif dep == "agent":
            preps.add("by")
        elif dep == "ccomp" and child.pos_ == "ADJ":
            objects.add(lemma_of(child))  # "found the company liable": a small clause's predicate
        elif dep in {"xcomp", "ccomp"} and child.pos_ in {"VERB", "AUX"} and xcomp is None:
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children) or dep == "xcomp":
                xcomp = child
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        # "abuses committed by the state": the noun a participle modifies is what it acts on
        objects.update({lemma_of(verb.head), singular(verb.head.lower_)})
    subjects = {
        lemma_of(t)
        for child in verb.children
        if child.dep_ == "nsubj"
        for t in (child, *[c for c in child.children if c.dep_ == "compound"])
    }
    return Frame(
        objects=objects,
        preps=preps,
        prep_objects=prep_objects,
        particles=particles,
        xcomp=xcomp,
        subjects=subjects,
    )


def match_trigger(verb: Token, lexicon: Lexicon) -> tuple[TriggerRule | None, Frame]:
    frame = frame_of(verb)
    rule = lexicon.match_verb(
        lemma_of(verb),
        objects=frame.objects,
        preps=frame.preps,
        prep_objects=frame.prep_objects,
        particles=frame.particles,
        xcomp=frame.xcomp_lemma,
        subjects=frame.subjects,
    )
    return rule, frame


def nominal_trigger(verb: Token, lexicon: Lexicon) -> tuple[str, TriggerRule, Token] | None:
    """The type, rule and noun for the act a verb's object names: "announced the suspension of aid"
    read as "suspend aid".

    The noun's "of" phrase and compounds stand for the verb's object ("aid suspension").
    """
    for noun in verb.children:
        if noun.dep_ not in {"dobj", "nsubjpass"}:
            continue
        base = lexicon.nominalizations.get(noun.lemma_.lower())
        if base is None:
            continue
        objects: set[str] = set()
        preps: set[str] = set()
        prep_objects: set[str] = set()
        for child in noun.children:
            if child.dep_ == "compound":
                objects.add(lemma_of(child))
            elif child.dep_ == "prep":
                pobjs = [g for g in child.children if g.dep_ == "pobj"]
                if child.lower_ == "of":
                    objects.update(lemma_of(g) for g in pobjs)
                    objects.update(k for g in pobjs if (k := object_kind(g)) is not None)
                else:
                    preps.add(child.lower_)
                    prep_objects.update(lemma_of(g) for g in pobjs)
        rule = lexicon.match_verb(base, objects=objects, preps=preps, prep_objects=prep_objects)
        if rule is not None and rule.event_type is not None:
            return rule.event_type, rule, noun
    return None


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


def passive_subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in PASSIVE_SUBJECT_DEPS:
            return child
    return None


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def governing_verb(tok: Token) -> Token | None:
    """The verb that governs a complement or conjunct clause."""
    head = tok.head
    while head.i != tok.i and head.pos_ not in {"VERB", "AUX"} and head.dep_ != "ROOT":
        if head.head.i == head.i:
            break
        head = head.head
    return head if head.i != tok.i else None


def find_actor_head(verb: Token) -> tuple[Token | None, str]:
    """The token heading the actor of ``verb``, and how it was found (for ``explain``)."""
    subj = subject_of(verb)
    if subj is not None:
        if subj.tag_ == "WDT" or subj.lower_ in {"who", "which", "that"}:
            if verb.dep_ == "relcl":
                return verb.head, "relative clause"
        return subj, "subject"
    agent = agent_of(verb)
    if agent is not None:
        return agent, "passive agent"
    # "..., as an airbase in east Libya has declared": a subordinator misparsed as a preposition
    for child in verb.lefts:
        if child.dep_ == "prep" and child.lower_ in {"as", "while", "because", "since", "after", "when"}:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and is_party_head(pobj):
                return pobj, "subject misparsed as object of a subordinator"
    if verb.dep_ == "conj":
        head_verb = verb.head
        # A conjunct verb right after its head's object with no "and" between is a misparse:
        # "Al-Qaeda aligned group X declared war" -> X is the subject of "declared".
        has_cc = any(c.dep_ == "cc" for c in head_verb.children if c.i < verb.i and c.i > head_verb.i)
        obj = next((c for c in head_verb.children if c.dep_ in OBJECT_DEPS), None)
        if obj is not None and not has_cc and obj.right_edge.i + 1 >= verb.i - 1:
            return obj, "object before conjunct verb"
        found, how = find_actor_head(head_verb)
        return found, f"shared subject ({how})"
    if verb.dep_ in COMPLEMENT_DEPS or verb.dep_ in {"acl", "relcl"}:
        gov = governing_verb(verb)
        if gov is not None and gov.pos_ in {"VERB", "AUX"}:
            if lemma_of(gov) in OBJECT_CONTROL and verb.dep_ in {"xcomp", "ccomp", "advcl"}:
                obj = next((c for c in gov.children if c.dep_ in OBJECT_DEPS), None)
                if obj is not None:
                    return obj, "object of control verb"
            if verb.dep_ == "ccomp" and lemma_of(gov) in load_lexicon().reporting_verbs:
                # "Officials said 43 people were killed": the speaker reports, it did not kill
                return None, "none"
            found, how = find_actor_head(gov)
            return found, f"inherited ({how})"
    return None, "none"


def expand_conjuncts(tok: Token) -> list[Token]:
    """A head and its coordinated heads: 'Haftar and his followers'."""
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in {"NOUN", "PROPN", "PRON"}:
            out.extend(expand_conjuncts(child))
    return out


def find_recipient_heads(verb: Token, rule: TriggerRule | None, event_type: str) -> list[tuple[Token, str]]:
    """Recipient heads of an event, with how each was found."""
    found: list[tuple[Token, str]] = []
    rule_objects = set(rule.obj) if rule and rule.obj else set()
    preps = RECIPIENT_PREPS.get(event_type, ())
    if rule is not None and rule.prep:
        preps = (*preps, rule.prep)  # "took orders from X": the rule's preposition names the partner
    passive = passive_subject_of(verb)
    if passive is not None and event_type not in PASSIVE_SUBJECT_IS_ACTOR:
        if is_party_head(passive):
            found.append((passive, "passive subject"))
    # A moved or given object ("sent troops", "withdrew its forces") is the actor's own; a joined
    # or attacked one ("joined the army") is the recipient.
    own_objects = rule_objects if event_type in {"AID", "RETREAT"} else set()
    for child in verb.children:
        if event_type == "MOBILIZE" and child.dep_ == "dobj":
            continue  # deployed troops are the actor's own, never the recipient
        if child.dep_ in {"dobj", "dative"} and lemma_of(child) not in own_objects:
            head = party_head(child)
            if head is not None:
                found.append((head, "object"))
    attachment_points = [verb] + [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    for point in attachment_points:
        for child in point.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for pobj in child.children:
                    head = party_head(pobj) if pobj.dep_ == "pobj" else None
                    if head is not None:
                        found.append((head, f"'{child.lower_}' phrase"))
            # "joined the battle launched by Y": the launcher is the partner
            if point.i != verb.i and child.dep_ == "acl":
                agent = agent_of(child)
                if agent is not None and is_party_head(agent):
                    found.append((agent, "agent of the object's clause"))
            # "joined the battle of dignity launched by Y": the clause hangs off the of-object
            if point.i != verb.i and child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    for acl in pobj.children:
                        if acl.dep_ == "acl":
                            agent = agent_of(acl)
                            if agent is not None and is_party_head(agent):
                                found.append((agent, "agent of the object's clause"))
    return found


def is_passive(verb: Token) -> bool:
    return passive_subject_of(verb) is not None or any(c.dep_ == "auxpass" for c in verb.children)


GOVERNED_DEPS = frozenset({"xcomp", "ccomp", "parataxis", "dobj"})


def clause_depth(tok: Token, *, transparent: frozenset[str], count_conjuncts: bool = True) -> int:
    """How deep a trigger sits below the sentence root.

    A transparent verb (reporting, "decide to", "move to") does not count when the trigger is in what
    it governs ("said the army attacked", "moved to ban"); it does when the trigger is in an adverbial
    clause hung on it ("moved troops after a soldier was stabbed"). With ``count_conjuncts=False``
    coordinated clauses ("met X and signed Y") are one level.
    """
    depth = 0
    node = tok
    while node.head.i != node.i:
        link = node.dep_
        node = node.head
        see_through = node.lemma_.lower() in transparent and link in GOVERNED_DEPS
        coordinate = link == "conj" and not count_conjuncts
        if node.pos_ in {"VERB", "AUX"} and not see_through and not coordinate:
            depth += 1
    return depth


def quote_speaker(sent: Span, reporting_verbs: frozenset[str]) -> Token | None:
    """The subject of a reporting verb heading the sentence ("..., said X")."""
    root = sent.root
    if root.lemma_.lower() in reporting_verbs:
        return subject_of(root)
    return None


def main_verb(span: Span, reporting_verbs: frozenset[str]) -> Token | None:
    """The root verb, descending through reporting verbs into the clause they govern."""
    tok = span.root
    for _ in range(4):
        if tok.lemma_.lower() not in reporting_verbs:
            break
        comp = next(
            (c for c in tok.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"}), None
        )
        if comp is None:
            break
        tok = comp
    return tok if tok.pos_ in {"VERB", "AUX", "NOUN"} else None
