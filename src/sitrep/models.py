"""Typed records that flow through sitrep.

Every record is a plain dataclass with ``to_dict``/``from_dict`` so it round-trips
through JSON unchanged. The shapes follow the event record in docs/event-record.md
(the user-facing contract); renaming a field is a breaking change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")

TAGS = ("negated", "hypothetical", "future", "historical")
PRECISIONS = ("country", "admin1", "city", "place")
DATE_SOURCES = ("sentence", "paragraph", "published")


def content_hash(*parts: str, length: int = 16) -> str:
    """A short, stable hex digest of the given strings (NUL-separated)."""
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


_LEAVES = (str, int, float, type(None))


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` without its deep copy of every leaf: the leaves here are immutable
    (str, int, float, None), and the copy made storing and fusing events several times slower."""
    if isinstance(value, _LEAVES):
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    return value


def _build(cls: type[T], data: dict[str, Any]) -> T:
    """Construct ``cls`` from a dict, ignoring keys it does not know."""
    names = _field_names(cls)  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Article:
    """One news article as sitrep stores it. ``text`` is what offsets count in."""

    text: str
    id: str = ""
    title: str = ""
    published: str | None = None  # ISO date or timestamp
    source: str | None = None
    url: str | None = None
    language: str = "en"
    origin: str | None = None  # file path (and line) it was read from

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.text)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def published_date(self) -> str | None:
        """The publication date as YYYY-MM-DD, or None."""
        return self.published[:10] if self.published else None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return _build(cls, data)


@dataclass
class Sentence:
    """A sentence as a character span of its article's text."""

    text: str
    start: int
    end: int
    paragraph: int = 0


@dataclass
class Party:
    """An actor or recipient of an event."""

    text: str
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3 or a PLOVER international code
    sector: str | None = None  # PLOVER sector code
    attributes: list[str] = field(default_factory=list)  # "Islamist", "rogue", ...

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Party:
        return _build(cls, data)


@dataclass
class Location:
    text: str
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str = "city"  # one of PRECISIONS

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Location:
        return _build(cls, data)


@dataclass
class Span:
    text: str
    start: int
    end: int


@dataclass
class Evidence:
    sentence: str
    start: int
    end: int
    trigger: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        trigger = data.get("trigger")
        return cls(
            sentence=data["sentence"],
            start=data["start"],
            end=data["end"],
            trigger=Span(**trigger) if trigger else None,
        )


@dataclass
class Event:
    """One coded event, linked to the sentence it came from."""

    article_id: str
    event_type: str
    evidence: Evidence
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    actors: list[Party] = field(default_factory=list)
    recipients: list[Party] = field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    date_source: str | None = None
    location: Location | None = None
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    size: int | None = None
    quad_class: int | None = None
    intensity: float | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    confidence: float = 0.0
    explain: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = self.stable_id()

    def stable_id(self) -> str:
        """Hash of article, sentence, type and actors: stable across runs."""
        names = sorted((p.name or p.text) for p in self.actors + self.recipients)
        return content_hash(
            self.article_id,
            str(self.evidence.start),
            self.evidence.sentence,
            self.event_type,
            *names,
        )

    @property
    def is_tagged(self) -> bool:
        return bool(self.tags)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "article_id": self.article_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "contexts": list(self.contexts),
            "tags": list(self.tags),
            "actors": [p.to_dict() for p in self.actors],
            "recipients": [p.to_dict() for p in self.recipients],
            "date": self.date,
            "date_text": self.date_text,
            "date_source": self.date_source,
            "location": self.location.to_dict() if self.location else None,
            "dead": self.dead,
            "injured": self.injured,
            "arrested": self.arrested,
            "size": self.size,
            "quad_class": self.quad_class,
            "intensity": self.intensity,
            "acled_event_type": self.acled_event_type,
            "acled_sub_event_type": self.acled_sub_event_type,
            "confidence": self.confidence,
            "evidence": self.evidence.to_dict(),
            "explain": self.explain,
        }
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        simple = {k: v for k, v in data.items() if k not in ("actors", "recipients", "location", "evidence")}
        event = _build(cls, {**simple, "evidence": Evidence.from_dict(data["evidence"])})
        event.actors = [Party.from_dict(p) for p in data.get("actors") or []]
        event.recipients = [Party.from_dict(p) for p in data.get("recipients") or []]
        event.location = Location.from_dict(data["location"]) if data.get("location") else None
        return event


@dataclass
class ArticleResult:
    """What the pipeline returns for one article: no I/O, no shared state."""

    article: Article
    events: list[Event] = field(default_factory=list)
    actors: list[Party] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "events": [e.to_dict() for e in self.events],
            "actors": [p.to_dict() for p in self.actors],
            "locations": [loc.to_dict() for loc in self.locations],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleResult:
        return cls(
            article=Article.from_dict(data["article"]),
            events=[Event.from_dict(e) for e in data.get("events") or []],
            actors=[Party.from_dict(p) for p in data.get("actors") or []],
            locations=[Location.from_dict(loc) for loc in data.get("locations") or []],
        )


@dataclass
class SourceReport:
    """One outlet's report of a fused event, with its own figures."""

    article_id: str
    event_id: str
    evidence: Evidence
    source: str | None = None
    url: str | None = None
    published: str | None = None
    dead: int | None = None
    injured: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceReport:
        return _build(cls, {**data, "evidence": Evidence.from_dict(data["evidence"])})


@dataclass
class FusedEvent:
    """Every report of one real-world event: a headline record plus its sources."""

    event: Event  # the headline record; its id is the fused id
    sources: list[SourceReport] = field(default_factory=list)

    @property
    def source_count(self) -> int:
        return len({s.article_id for s in self.sources})

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.event.to_dict(),
            "source_count": self.source_count,
            "sources": [s.to_dict() for s in self.sources],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FusedEvent:
        return cls(
            event=Event.from_dict(data),
            sources=[SourceReport.from_dict(s) for s in data.get("sources") or []],
        )
