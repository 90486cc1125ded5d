"""Records <-> table rows. Pure functions, no SQL."""

from __future__ import annotations

import json
import re
from typing import Any

from sitrep.errors import StoreError
from sitrep.models import Article, Event, FusedEvent

ARTICLE_META = ("id", "title", "published", "source", "url", "language", "origin")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _clean(value: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; these columns are search copies, the record keeps the original.
    return value.replace("\x00", "") if value else value


def actor_text(event: Event) -> str:
    """Lowercase texts and names of every actor and recipient, for substring search."""
    names = (s.lower() for p in event.actors + event.recipients for s in (p.text, p.name) if s)
    return _clean(" | ".join(dict.fromkeys(names))) or ""


def article_row(article: Article, *, ingested_at: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "content_hash": article.content_hash,
        "title": article.title or "",
        "text": article.text,
        "published": article.published,
        "source": article.source,
        "url": article.url,
        "language": article.language,
        "origin": article.origin,
        "ingested_at": ingested_at,
    }


def row_article(row: Any) -> Article:
    m = row._mapping
    return Article(
        text=m["text"],
        id=m["id"],
        title=m["title"],
        published=m["published"],
        source=m["source"],
        url=m["url"],
        language=m["language"],
        origin=m["origin"],
    )


def _filter_columns(event: Event) -> dict[str, Any]:
    loc = event.location
    return {
        "id": event.id,
        "event_type": (event.event_type or "").upper(),
        "date": event.date[:10] if event.date else None,
        "country": loc.country.upper() if loc and loc.country else None,
        "admin1": loc.admin1 if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "actor_text": actor_text(event),
        "sentence": _clean(event.evidence.sentence),
        "confidence": event.confidence,
        "dead": event.dead,
        "injured": event.injured,
    }


def event_row(event: Event) -> dict[str, Any]:
    return {**_filter_columns(event), "article_id": event.article_id, "record": dumps(event.to_dict())}


def fused_row(fused: FusedEvent) -> dict[str, Any]:
    return {
        **_filter_columns(fused.event),
        "source_count": fused.source_count,
        "record": dumps(fused.to_dict()),
    }


def load_event(record: str) -> Event:
    return Event.from_dict(json.loads(record))


def load_fused(record: str) -> FusedEvent:
    return FusedEvent.from_dict(json.loads(record))


def date_bound(value: str, *, upper: bool) -> str:
    """A full ``YYYY-MM-DD`` for an inclusive bound; ``2014`` or ``2014-05`` cover the whole period."""
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise StoreError(f"bad date {value!r}: expected YYYY-MM-DD")
    year, month, day = match.groups()
    if day:
        return f"{year}-{month}-{day}"
    if month:
        return f"{year}-{month}-{'31' if upper else '01'}"  # '-31' is only compared as text
    return f"{year}-12-31" if upper else f"{year}-01-01"
