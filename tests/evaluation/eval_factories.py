"""Hand-built events and a stand-in extractor for the evaluation tests (no models)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sitrep.models import Article, ArticleResult, Event, Evidence, Location, Party, Span


def event(
    event_type: str,
    *,
    confidence: float = 0.5,
    actors: Sequence[str | Party] = (),
    recipients: Sequence[str | Party] = (),
    sentence: str = "Something happened.",
    trigger: tuple[int, int] | None = None,
    location: Location | None = None,
    date: str | None = None,
    dead: int | None = None,
    injured: int | None = None,
    tags: Sequence[str] = (),
) -> Event:
    def party(p: str | Party) -> Party:
        return p if isinstance(p, Party) else Party(text=p)

    span = Span(sentence[trigger[0] : trigger[1]], *trigger) if trigger else None
    return Event(
        article_id="a",
        event_type=event_type,
        evidence=Evidence(sentence=sentence, start=0, end=len(sentence), trigger=span),
        actors=[party(p) for p in actors],
        recipients=[party(p) for p in recipients],
        confidence=confidence,
        location=location,
        date=date,
        dead=dead,
        injured=injured,
        tags=list(tags),
    )


def place(
    text: str, *, precision: str = "city", country: str | None = None, name: str | None = None
) -> Location:
    return Location(text=text, name=name or text, country=country, precision=precision)


class FakeExtractor:
    """Returns the events listed for each article text; records what it was asked."""

    def __init__(self, by_text: dict[str, list[Event]]) -> None:
        self.by_text = by_text
        self.seen: list[Article] = []

    def __call__(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for article in articles:
            self.seen.append(article)
            events = self.by_text.get(article.text, [])
            yield ArticleResult(article=article, events=list(events))
