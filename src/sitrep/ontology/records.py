"""Frozen records the ontology is made of. They are built once by ``load_ontology``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True)
class Mode:
    """A PLOVER mode: how an event of one type was carried out (or, for THREATEN, what was threatened)."""

    name: str
    description: str
    source: str = "plover"  # "sitrep" marks an extension that the PLOVER manual lacks


@dataclass(frozen=True)
class EventType:
    """One of the 16 PLOVER event types."""

    code: str
    description: str
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    intensity: float  # PLOVER conflict/cooperation score, -10..+10
    requires_recipient: bool
    modes: Mapping[str, Mode]
    triggers: tuple[str, ...]  # documentation only, not the extractor's lexicon

    @property
    def quad_name(self) -> str:
        return QUAD_CLASSES[self.quad_class]


@dataclass(frozen=True)
class Context:
    """A PLOVER context. Special contexts (historical, future, ...) carry the event tag they become."""

    name: str
    description: str
    tag: str | None = None


@dataclass(frozen=True)
class Sector:
    """A PLOVER primary sector code such as GOV or MIL."""

    code: str
    name: str
    description: str
    armed: bool  # ACLED would treat it as an armed party, not as civilians
    head_nouns: tuple[str, ...]


@dataclass(frozen=True)
class ActorCode:
    """A non-state actor code used where an ISO 3166 country code cannot be."""

    code: str
    name: str
    description: str
    source: str


@dataclass(frozen=True)
class CameoRoot:
    """A CAMEO root (cue) category and the PLOVER type it maps to, if any."""

    root: str
    name: str
    plover: str | None
    alternatives: tuple[str, ...]
    ambiguous: bool
    note: str


@dataclass(frozen=True)
class AcledType:
    """An ACLED event type and its sub-event types (name -> description)."""

    name: str
    description: str
    sub_event_types: Mapping[str, str]
