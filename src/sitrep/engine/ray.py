"""Batch ingest on Ray: the pipeline runs in Ray actors, this process stays the single writer.

One actor per worker (``num_cpus=1``) loads the pipeline once in its constructor; chunks of articles go to
whichever actor is idle through ``ray.util.ActorPool`` and come back in input order. Reading, dedupe, the
stored-article check, saving and the summary are the local engine's (``local.run_ingest``), so both
engines store the same rows for the same input.

Why an actor pool and not Ray Data: the work is "call a loaded model on a list of objects", which an
actor does directly; Ray Data would add its own streaming executor, Arrow block conversion of our
dataclasses and another ordering layer for no gain at this scale. ``ActorPool.map`` submits every input
up front, so chunks are submitted by hand with at most ``2 * workers`` in flight: memory stays bounded
and the input is read only as fast as it is extracted.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import ray
from ray.util import ActorPool

from sitrep.engine.local import (
    Batches,
    Extractor,
    IngestProgress,
    IngestSummary,
    Loader,
    chunks,
    default_loader,
    extract_chunk,
    run_ingest,
)
from sitrep.ingest import BadInput
from sitrep.models import Article, ArticleResult
from sitrep.store.base import Store

CHUNK = 8  # articles per actor call: small enough to balance, large enough for nlp.pipe batching


class _Worker:
    """Holds one pipeline. A load failure is kept and raised by the first call, like the local pool."""

    def __init__(self, loader: Loader) -> None:
        self.pipeline: Extractor | None = None
        self.error: BaseException | None = None
        try:
            self.pipeline = loader()
        except BaseException as exc:
            self.error = exc
            return
        torch = sys.modules.get("torch")
        if torch is not None:  # one CPU per actor: do not let torch spread over every core
            torch.set_num_threads(1)

    def extract(self, chunk: list[Article]) -> list[ArticleResult | BadInput]:
        if self.error is not None:
            raise self.error
        assert self.pipeline is not None
        return extract_chunk(self.pipeline, chunk)


class _Session:
    """Connects to Ray on first use (a run with nothing new to extract never starts a runtime)."""

    def __init__(self, *, address: str | None, workers: int) -> None:
        self.address = address
        self.workers = workers
        self.connected_here = False

    def connect(self) -> None:
        if ray.is_initialized():  # the caller's connection: use it, leave it open
            return
        if self.address:
            ray.init(address=self.address, log_to_driver=False, ignore_reinit_error=True)
        else:
            ray.init(
                num_cpus=self.workers, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True
            )
        self.connected_here = True

    def close(self) -> None:
        """Shut down a local runtime we started; for a cluster this only disconnects."""
        if self.connected_here:
            ray.shutdown()
            self.connected_here = False


def _on_actors(articles: Iterator[Article], *, session: _Session, loader: Loader, batch_size: int) -> Batches:
    size = max(1, min(batch_size, CHUNK))
    stream = chunks(articles, size)
    first = next(stream, None)
    if first is None:
        return
    session.connect()
    workers = session.workers
    remote: Any = ray.remote(num_cpus=1)(_Worker)
    actors: list[Any] = [remote.remote(loader) for _ in range(workers)]
    pool = ActorPool(actors)
    in_flight = 0
    try:
        for chunk in itertools.chain([first], stream):
            pool.submit(lambda actor, c: actor.extract.remote(c), chunk)
            in_flight += 1
            while in_flight >= 2 * workers:
                yield pool.get_next()
                in_flight -= 1
        while in_flight:
            yield pool.get_next()
            in_flight -= 1
    finally:
        for actor in actors:
            ray.kill(actor)


def ingest(
    paths: Sequence[str],
    *,
    store: Store,
    published: str | None = None,
    source: str | None = None,
    url: str | None = None,
    workers: int = 1,
    batch_size: int = 32,
    on_progress: Callable[[IngestProgress], None] | None = None,
    loader: Loader | None = None,
    stdin: Any = None,
    ray_address: str | None = None,
) -> IngestSummary:
    """Like ``sitrep.engine.local.ingest``, with extraction in ``workers`` Ray actors.

    Without ``ray_address`` a local Ray runtime with ``workers`` CPUs is started (and shut down at the
    end); with it, the run joins that cluster (``"auto"``, ``"ray://host:10001"``, ...) and only
    disconnects. If this process is already connected to Ray, that connection is used and left open.
    Ray is started only if some article needs extracting. ``loader`` must be importable by the actors.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    session = _Session(address=ray_address, workers=workers)
    chosen = loader or default_loader
    try:
        return run_ingest(
            paths,
            lambda articles: _on_actors(articles, session=session, loader=chosen, batch_size=batch_size),
            store=store,
            published=published,
            source=source,
            url=url,
            batch_size=batch_size,
            on_progress=on_progress,
            stdin=stdin,
        )
    finally:
        session.close()


__all__ = ["IngestProgress", "IngestSummary", "ingest"]
