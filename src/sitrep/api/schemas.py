"""What the API accepts and returns, kept apart from the stored records in ``sitrep.models``.

The shapes follow CONTRACT.md (event record, fused additions, network record); the ``from_*`` helpers are
the one place a domain record becomes an API record.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sitrep.models import Event, FusedEvent


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Ok(_Out):
    ok: Literal[True] = True


class ErrorOut(_Out):
    ok: Literal[False] = False
    error: str = Field(description="One line saying what went wrong.")
    status: int = Field(description="The HTTP status, repeated.")


class PartyOut(_Out):
    text: str
    name: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-3 or a PLOVER international code")
    sector: str | None = Field(None, description="PLOVER sector code")
    attributes: list[str] = []


class LocationOut(_Out):
    text: str
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str = Field("city", description="country | admin1 | city | place")


class SpanOut(_Out):
    text: str
    start: int
    end: int


class EvidenceOut(_Out):
    sentence: str
    start: int = Field(description="Offset of the sentence in the article text (code points)")
    end: int
    trigger: SpanOut | None = None


class EventPublic(_Out):
    """One event as extracted from one article (the CONTRACT event record)."""

    id: str
    article_id: str
    event_type: str = Field(description="One of the PLOVER event types")
    mode: str | None = None
    contexts: list[str] = []
    tags: list[str] = Field([], description="negated, hypothetical, future, historical")
    actors: list[PartyOut] = []
    recipients: list[PartyOut] = []
    date: str | None = None
    date_text: str | None = None
    date_source: str | None = Field(None, description="sentence | paragraph | published")
    location: LocationOut | None = None
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    size: int | None = None
    quad_class: int | None = None
    intensity: float | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    confidence: float = 0.0
    evidence: EvidenceOut
    explain: str = ""

    @classmethod
    def from_event(cls, event: Event) -> EventPublic:
        return cls.model_validate(event.to_dict())


class SourceOut(_Out):
    article_id: str
    event_id: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    evidence: EvidenceOut
    dead: int | None = None
    injured: int | None = None


class FusedEventPublic(EventPublic):
    """A stored event that stands for every report of it: the event record plus its sources."""

    source_count: int = Field(description="Distinct articles reporting this event")
    sources: list[SourceOut]

    @classmethod
    def from_fused(cls, fused: FusedEvent) -> FusedEventPublic:
        return cls.model_validate(fused.to_dict())


AnyEvent = FusedEventPublic | EventPublic


def event_public(item: Event | FusedEvent) -> AnyEvent:
    return FusedEventPublic.from_fused(item) if isinstance(item, FusedEvent) else EventPublic.from_event(item)


class EventsPage(Ok):
    total: int = Field(description="Events matching the filters, before limit/offset")
    limit: int
    offset: int
    fused: bool = Field(description="True when these are fused events, false for raw article mentions")
    events: list[AnyEvent]


class ArticleMeta(_Out):
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None


class EventDetail(Ok):
    fused: bool
    event: AnyEvent
    article: ArticleMeta | None = Field(description="The article the (headline) event was read from")


class ActorOut(_Out):
    id: str
    name: str
    aliases: list[str] = []
    country: str | None = None
    sector: str | None = None
    affiliations: list[str] = []
    first_seen: str | None = None
    last_seen: str | None = None
    events: int = 0
    as_actor: int = 0
    as_recipient: int = 0


class ActorsOut(Ok):
    total: int
    actors: list[ActorOut]


class NodeOut(_Out):
    id: str
    name: str
    country: str | None = None
    sector: str | None = None
    bloc: int | None = None
    events: int = 0


class EdgeOut(_Out):
    source: str
    target: str
    relation: Literal["ally", "hostile"]
    weight: float
    first: str | None = None
    last: str | None = None
    event_ids: list[str] = []


class NetworkOut(Ok):
    since: str | None = None
    until: str | None = None
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    blocs: list[list[str]]


class DrivingEventOut(_Out):
    id: str
    event_type: str
    summary: str
    dead: int | None = None
    intensity: float | None = None
    sentence: str = ""


class AlertOut(_Out):
    key: str = Field(description="ISO3, or ISO3/admin1 when grouped by admin1")
    date: str
    metric: Literal["events", "fatalities", "intensity"]
    observed: float
    baseline_mean: float
    baseline_days: int
    ratio: float | None = None
    excess: float
    p_value: float
    severity: Literal["high", "medium", "low"]
    low_history: bool = False
    left_out: int = 0
    driving: list[DrivingEventOut] = []
    event_ids: list[str] = []
    message: str = ""


class AlertsOut(Ok):
    alerts: list[AlertOut]


class TypeInfo(_Out):
    name: str
    description: str = ""
    quad_class: int | None = None
    color: str


class MetaOut(Ok):
    title: str
    counts: dict[str, int]
    fused: bool
    event_types: list[TypeInfo]
    write_token_required: bool


class ArticleIn(BaseModel):
    """An article record, as in a JSONL input line (CONTRACT "Input articles"). Give ``text`` or ``html``."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "id": "example-1",
                    "title": "Clashes in the capital",
                    "text": "Clashes in the capital\n\nGunmen attacked a checkpoint on Sunday.",
                    "published": "2014-05-20",
                    "source": "Example Wire",
                    "url": "https://news.example/clashes",
                }
            ]
        },
    )

    id: str | int | None = None
    title: str | None = None
    text: str | None = None
    html: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None

    def record(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class ArticleStatus(_Out):
    id: str
    status: Literal["stored", "unchanged"]
    events: int


class IngestOut(Ok):
    stored: int
    unchanged: int
    articles: list[ArticleStatus]
    events: list[EventPublic] = Field(description="The events of the newly stored articles (raw mentions)")
