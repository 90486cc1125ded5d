"""The event trigger lexicon (data/triggers.json) with a typed matcher."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, cached_property

from sitrep.resources._data import load_json


@dataclass(frozen=True)
class TriggerRule:
    lemma: str
    event_type: str | None  # None: this reading is not an event ("fire an official")
    mode: str | None = None
    weight: float = 0.7
    obj: frozenset[str] | None = None
    prep: str | None = None
    prt: str | None = None
    xcomp: frozenset[str] | bool | None = None
    subj: frozenset[str] | None = None  # "the truce held", "a strike shut schools": the subject decides

    def matches(
        self,
        *,
        objects: Collection[str],
        preps: Collection[str],
        prep_objects: Collection[str] = (),
        particles: Collection[str],
        xcomp: str | None,
        subjects: Collection[str] = (),
    ) -> bool:
        # A rule that names a preposition may find its object there ("take to the streets");
        # others need a direct object, so "seized cocaine at the port" is not a seized port.
        candidates = set(objects) | set(prep_objects) if self.prep is not None else set(objects)
        if self.obj is not None and not (self.obj & candidates):
            return False
        if self.subj is not None and not (self.subj & set(subjects)):
            return False
        if self.prep is not None and self.prep not in preps:
            return False
        if self.prt is not None and self.prt not in particles:
            return False
        if self.xcomp is True:
            return xcomp is not None
        if isinstance(self.xcomp, frozenset):
            return xcomp in self.xcomp
        return True

    @property
    def describe(self) -> str:
        parts = [self.lemma]
        if self.subj:
            parts.insert(0, "subj+")
        if self.prt:
            parts.append(self.prt)
        if self.obj:
            parts.append("+obj")
        if self.prep:
            parts.append(f"+{self.prep}")
        if self.xcomp:
            parts.append("+to-clause")
        return " ".join(parts)


@dataclass(frozen=True)
class NounTrigger:
    noun: str
    event_type: str
    mode: str | None
    weight: float


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[TriggerRule, ...]]
    nouns: dict[str, NounTrigger]
    control_verbs: dict[str, str]
    reporting_verbs: frozenset[str]
    pass_through_verbs: frozenset[str]
    nominalizations: dict[str, str]  # "suspension" -> "suspend": the verb whose rules type the noun

    @cached_property
    def transparent_verbs(self) -> frozenset[str]:
        """Reporting and pass-through verbs: the event sits in the clause they govern."""
        return self.reporting_verbs | self.pass_through_verbs

    def match_verb(
        self,
        lemma: str,
        *,
        objects: Collection[str] = (),
        preps: Collection[str] = (),
        prep_objects: Collection[str] = (),
        particles: Collection[str] = (),
        xcomp: str | None = None,
        subjects: Collection[str] = (),
    ) -> TriggerRule | None:
        """The first rule of ``lemma`` whose conditions hold, or None."""
        for rule in self.verbs.get(lemma, ()):
            if rule.matches(
                objects=objects,
                preps=preps,
                prep_objects=prep_objects,
                particles=particles,
                xcomp=xcomp,
                subjects=subjects,
            ):
                return rule
        return None

    def all_codes(self) -> set[tuple[str, str | None]]:
        """Every (type, mode) the lexicon can emit; tests check them against the ontology."""
        codes = {(r.event_type, r.mode) for rules in self.verbs.values() for r in rules if r.event_type}
        codes |= {(n.event_type, n.mode) for n in self.nouns.values()}
        codes |= {(t, None) for t in self.control_verbs.values()}
        return codes


def _rule(lemma: str, raw: dict) -> TriggerRule:
    xcomp = raw.get("xcomp")
    return TriggerRule(
        lemma=lemma,
        event_type=raw.get("type"),
        mode=raw.get("mode"),
        weight=float(raw.get("weight", 0.7)),
        obj=frozenset(raw["obj"]) if raw.get("obj") else None,
        prep=raw.get("prep"),
        prt=raw.get("prt"),
        xcomp=frozenset(xcomp) if isinstance(xcomp, list) else xcomp,
        subj=frozenset(raw["subj"]) if raw.get("subj") else None,
    )


@cache
def load_lexicon() -> Lexicon:
    data = load_json("triggers.json")
    verbs = {lemma: tuple(_rule(lemma, r) for r in rules) for lemma, rules in data["verbs"].items()}
    nouns = {
        noun: NounTrigger(noun, spec["type"], spec.get("mode"), float(spec.get("weight", 0.6)))
        for noun, spec in data["nouns"].items()
        if not noun.startswith("_")
    }
    controls = {k: v for k, v in data["control_verbs"].items() if not k.startswith("_")}
    nominal = {k: v for k, v in data["nominalizations"].items() if not k.startswith("_")}
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        control_verbs=controls,
        reporting_verbs=frozenset(data["reporting_verbs"]),
        pass_through_verbs=frozenset(data["pass_through_verbs"]),
        nominalizations=nominal,
    )
