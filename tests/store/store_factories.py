"""Hand-built articles and events for the store tests."""

from __future__ import annotations

from typing import Any

from sitrep.models import (
    Article,
    ArticleResult,
    Event,
    Evidence,
    FusedEvent,
    Location,
    Party,
    SourceReport,
    Span,
)


def article(text: str, **meta: Any) -> Article:
    return Article(text=text, title=meta.pop("title", text.split(".")[0]), **meta)


def event(
    art: Article,
    sentence: str,
    *,
    event_type: str = "ASSAULT",
    actor: str = "Rebel fighters",
    recipient: str | None = None,
    country: str | None = "LBY",
    date: str | None = "2014-05-18",
    **fields: Any,
) -> Event:
    start = art.text.find(sentence)
    assert start >= 0, "the sentence must be in the article"
    location = (
        Location(text="Tripoli", name="Tripoli", country=country, lat=32.89, lon=13.18) if country else None
    )
    return Event(
        article_id=art.id,
        event_type=event_type,
        evidence=Evidence(
            sentence=sentence, start=start, end=start + len(sentence), trigger=Span("x", start, start + 1)
        ),
        actors=[Party(text=actor, name=actor.title(), country=country, sector="REB")],
        recipients=[Party(text=recipient, name=recipient)] if recipient else [],
        date=date,
        location=location,
        confidence=0.8,
        **fields,
    )


def result(text: str, *sentences: str, **meta: Any) -> ArticleResult:
    """An article with one ASSAULT event per given sentence."""
    art = article(text, **meta)
    return ArticleResult(article=art, events=[event(art, s) for s in sentences])


def fused(headline: Event, *members: Event, source: str = "outlet") -> FusedEvent:
    reports = [
        SourceReport(article_id=m.article_id, event_id=m.id, evidence=m.evidence, source=source, dead=m.dead)
        for m in (headline, *members)
    ]
    return FusedEvent(event=headline, sources=reports)
