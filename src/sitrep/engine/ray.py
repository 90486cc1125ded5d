"""Batch ingest on Ray: the pipeline runs in Ray actors, this process stays the single writer.

One actor per worker (``num_cpus=1``) loads the pipeline once in its constructor; chunks of articles go to
the least busy actor (``_Dispatcher``) and their results are written in input order. Reading, dedupe,
the stored-article check, saving and the summary are the local engine's (``local.run_ingest``), so both
engines store the same rows for the same input.

Why actors and tasks and not Ray Data: the work is "call a loaded model on a list of objects", which an
actor does directly; Ray Data would add its own streaming executor, Arrow block conversion of our
dataclasses and another ordering layer for no gain at this scale. Chunks are submitted by hand with a
bounded number in flight, so memory stays bounded and the input is read only as fast as it is extracted.
"""

from __future__ import annotations

import itertools
import logging
import socket
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import ray

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
from sitrep.errors import EngineError
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


def _check_reachable(address: str, *, timeout: float = 5.0) -> None:
    """Fail fast on a cluster address nothing listens at: ``ray.init`` would retry for minutes.

    ``auto`` and other addresses without a port are left to Ray.
    """
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        raise EngineError(f"no Ray cluster answers at {address}: {exc.strerror or exc}") from exc


class _Session:
    """Connects to Ray on first use (a run with nothing new to extract never starts a runtime)."""

    def __init__(self, *, address: str | None, workers: int) -> None:
        self.address = address
        self.workers = workers
        self.connected_here = False
        self.closing: threading.Thread | None = None

    def connect(self) -> None:
        if ray.is_initialized():  # the caller's connection: use it, leave it open
            return
        # Ray's own start-up notices are not the user's concern; errors still reach stderr.
        quiet: dict[str, Any] = {
            "log_to_driver": False,
            "logging_level": logging.ERROR,
            "ignore_reinit_error": True,
        }
        where: dict[str, Any] = {"num_cpus": self.workers, "include_dashboard": False}
        if self.address:
            _check_reachable(self.address)
            where = {"address": self.address}
        try:
            ray.init(**where, **quiet)
        except ConnectionError as exc:
            raise EngineError(f"cannot reach a Ray cluster at {self.address}: {exc}") from exc
        self.connected_here = True
        if self.address:
            # An actor asking for a CPU the cluster does not have waits forever, and so would its chunks.
            cpus = int(ray.cluster_resources().get("CPU", 0))
            self.workers = max(1, min(self.workers, cpus))

    def release(self) -> None:
        """Start shutting down a local runtime we started (a cluster is only disconnected from).

        Called once the last chunk is back: the shutdown (over a second) then overlaps this process's
        own work after extraction, the fusion refresh and the summary.
        """
        if self.connected_here and self.closing is None:
            self.closing = threading.Thread(target=ray.shutdown, name="ray-shutdown")
            self.closing.start()

    def close(self) -> None:
        """Finish what ``release`` started (starting it if nobody did)."""
        self.release()
        if self.closing is not None:
            self.closing.join()
            self.closing = None
            self.connected_here = False


def _on_actors(articles: Iterator[Article], *, session: _Session, loader: Loader, batch_size: int) -> Batches:
    size = max(1, min(batch_size, CHUNK))
    stream = chunks(articles, size)
    first = next(stream, None)
    if first is None:
        return
    session.connect()
    remote: Any = ray.remote(num_cpus=1)(_Worker)
    actors = [remote.remote(loader) for _ in range(session.workers)]
    try:
        yield from _in_order(_Dispatcher(actors), itertools.chain([first], stream))
    finally:
        for actor in actors:
            ray.kill(actor)
        session.release()


class _Dispatcher:
    """Sends each chunk to the least busy actor, at most ``PER_ACTOR`` queued on any one of them.

    A second chunk waiting in an actor's queue keeps it busy while this process is writing results;
    taking results as they finish (not in submission order) never leaves a finished actor idle behind a
    slow chunk on another, which ``ActorPool.get_next`` would.
    """

    PER_ACTOR = 2

    def __init__(self, actors: Sequence[Any]) -> None:
        self.load = dict.fromkeys(actors, 0)
        self.running: dict[Any, tuple[int, Any]] = {}  # result ref -> (chunk index, actor)

    def can_take(self) -> bool:
        return min(self.load.values()) < self.PER_ACTOR

    def submit(self, index: int, chunk: list[Article]) -> None:
        actor = min(self.load, key=self.load.__getitem__)
        self.load[actor] += 1
        self.running[actor.extract.remote(chunk)] = (index, actor)

    def next_finished(self) -> tuple[int, list[ArticleResult | BadInput]]:
        (ref,), _ = ray.wait(list(self.running), num_returns=1)
        index, actor = self.running.pop(ref)
        self.load[actor] -= 1
        return index, ray.get(ref)


def _in_order(dispatcher: _Dispatcher, stream: Iterator[list[Article]]) -> Batches:
    """Every chunk's results, in input order; chunks waiting for an earlier one count against the limit."""
    limit = 2 * dispatcher.PER_ACTOR * len(dispatcher.load)
    finished: dict[int, list[ArticleResult | BadInput]] = {}
    submitted = emitted = 0
    exhausted = False
    while True:
        while not exhausted and dispatcher.can_take() and len(dispatcher.running) + len(finished) < limit:
            chunk = next(stream, None)
            if chunk is None:
                exhausted = True
            else:
                dispatcher.submit(submitted, chunk)
                submitted += 1
        if not dispatcher.running:
            break
        index, results = dispatcher.next_finished()
        finished[index] = results
        while emitted in finished:
            yield finished.pop(emitted)
            emitted += 1


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
