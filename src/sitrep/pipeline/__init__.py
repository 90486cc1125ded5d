"""The extraction pipeline: Article in, ArticleResult out, with no I/O.

Stages run in order and each declares what it reads and sets (see registry.py);
the chain is checked when the pipeline is built. Models load once per process in
``load_pipeline()``, so the same code runs in one process, a pool, or Ray actors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import islice

from sitrep.models import Article, ArticleResult, Location, Party
from sitrep.pipeline import (  # noqa: F401 (importing registers the stages)
    casualties,
    clean,
    conventions,
    dates,
    events,
    finalize,
    locations,
    parse,
    tags,
)
from sitrep.pipeline.registry import Stage, check_chain, get_stage
from sitrep.pipeline.resources import Resources, load_resources
from sitrep.pipeline.state import DocState

# Stages that also have a whole-batch form, used by extract_many.
BATCH_STAGES = {"parse": parse.parse_batch, "classify": events.classify_batch}

DEFAULT_STAGES = (
    "clean",
    "parse",
    "focus",
    "events",
    "classify",
    "dates",
    "casualties",
    "locations",
    "tags",
    "conventions",
    "finalize",
)


def _published(article: Article) -> dt.date | None:
    if not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


class Pipeline:
    def __init__(self, resources: Resources, *, stages: Sequence[str] = DEFAULT_STAGES) -> None:
        self.resources = resources
        self.stages: list[Stage] = [get_stage(name) for name in stages]
        check_chain(self.stages)

    def extract(self, article: Article) -> ArticleResult:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[ArticleResult]:
        """Results in input order. Batch stages (the spaCy parse, the classifier) see a whole batch
        of articles at once, because both are far faster on full batches."""
        it = iter(articles)
        while batch := list(islice(it, batch_size)):
            states = [DocState(article=a, published=_published(a)) for a in batch]
            for st in self.stages:
                run_batch = BATCH_STAGES.get(st.name)
                if run_batch is not None:
                    run_batch(states, self.resources)
                else:
                    for state in states:
                        st.func(state, self.resources)
            yield from (_result(state) for state in states)


def _result(state: DocState) -> ArticleResult:
    actors: dict[str, Party] = {}
    places: dict[str, Location] = {}
    for event in state.events:
        for party in event.actors + event.recipients:
            actors.setdefault(party.name or party.text, party)
        if event.location is not None:
            places.setdefault(event.location.name, event.location)
    return ArticleResult(
        article=state.article,
        events=state.events,
        actors=list(actors.values()),
        locations=list(places.values()),
    )


@cache
def load_pipeline(*, use_classifier: bool = True) -> Pipeline:
    """The process-wide pipeline; models load on first call."""
    return Pipeline(load_resources(use_classifier=use_classifier))
