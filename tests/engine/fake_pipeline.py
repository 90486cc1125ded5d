"""A tiny, deterministic stand-in for ``sitrep.pipeline.Pipeline``: no model, rules on a few words.

A sentence "<Actor> attacked <Recipient> in <City>, killing N" gives an ASSAULT; "<Actor> protested ..."
gives a PROTEST. A sentence containing "EXPLODE" makes extraction raise (to test failure isolation).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from sitrep.models import Article, ArticleResult, Event, Evidence, Location, Party, Span

CITIES = {
    "Tripoli": Location(text="Tripoli", name="Tripoli", country="LBY", lat=32.8925, lon=13.18),
    "Benghazi": Location(text="Benghazi", name="Benghazi", country="LBY", lat=32.1167, lon=20.0667),
    "Cairo": Location(text="Cairo", name="Cairo", country="EGY", lat=30.0444, lon=31.2357),
}
TRIGGERS = {"attacked": "ASSAULT", "protested": "PROTEST"}
_SENTENCE = re.compile(r"[^.]+\.?")


class FakePipeline:
    calls = 0

    def extract(self, article: Article) -> ArticleResult:
        FakePipeline.calls += 1
        events = []
        for match in _SENTENCE.finditer(article.text):
            sentence = match.group().strip()
            if not sentence:
                continue
            if "EXPLODE" in sentence:
                raise RuntimeError("the fake pipeline exploded")
            start = article.text.index(sentence, match.start())
            for word, event_type in TRIGGERS.items():
                pos = sentence.find(f" {word}")
                if pos < 0:
                    continue
                actor = sentence[:pos].strip()
                rest = sentence[pos + len(word) + 1 :]
                recipient = rest.split(" in ")[0].split(",")[0].strip()
                city = next((c for c in CITIES if c in sentence), None)
                dead = re.search(r"killing (\d+)", sentence)
                events.append(
                    Event(
                        article_id=article.id,
                        event_type=event_type,
                        evidence=Evidence(
                            sentence=sentence,
                            start=start,
                            end=start + len(sentence),
                            trigger=Span(word, start + pos + 1, start + pos + 1 + len(word)),
                        ),
                        actors=[Party(text=actor, name=actor, country="LBY")],
                        recipients=[Party(text=recipient, name=recipient)] if recipient else [],
                        date=article.published_date,
                        date_source="published" if article.published_date else None,
                        location=CITIES[city] if city else None,
                        dead=int(dead.group(1)) if dead else None,
                        confidence=0.5,
                        explain="fake",
                    )
                )
        return ArticleResult(article=article, events=events)

    def extract_many(self, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[ArticleResult]:
        for article in articles:
            yield self.extract(article)


def load_fake() -> FakePipeline:
    return FakePipeline()


class PidPipeline:
    """Stamps each article with the id of the process that extracted it (to see workers being replaced)."""

    def extract(self, article: Article) -> ArticleResult:
        import dataclasses
        import os

        return ArticleResult(article=dataclasses.replace(article, source=str(os.getpid())))

    def extract_many(self, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[ArticleResult]:
        return (self.extract(a) for a in articles)


def load_pid() -> PidPipeline:
    return PidPipeline()
