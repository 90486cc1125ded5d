"""Batch ingest on this machine: read -> dedupe -> skip stored -> extract -> save.

Extraction runs in this process (``workers=1``) or in a pool of ``workers`` processes, each loading the
pipeline once. Whatever the number of workers, only the calling process writes to the store, in batches:
one writer is what SQLite wants, and it keeps the run's counts exact.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sitrep.errors import ModelNotInstalledError, PipelineError
from sitrep.ingest import BadInput, Deduper, read_articles
from sitrep.models import Article, ArticleResult
from sitrep.store.base import Store


class Extractor(Protocol):
    """What the engine needs from ``sitrep.pipeline.Pipeline``."""

    def extract(self, article: Article) -> ArticleResult: ...

    def extract_many(
        self, articles: Iterable[Article], *, batch_size: int = ...
    ) -> Iterator[ArticleResult]: ...


Loader = Callable[[], Extractor]

# Errors about the installation, not the article: they would fail every article, so they stop the run.
FATAL: tuple[type[BaseException], ...] = (ImportError, MemoryError, PipelineError, ModelNotInstalledError)


@dataclass
class IngestProgress:
    """Counts so far, passed to ``on_progress`` after each saved batch and each bad input."""

    read: int = 0  # articles read, in-run duplicates included
    stored: int = 0  # new articles written
    unchanged: int = 0  # articles already in the store
    skipped: int = 0  # bad inputs (unreadable files, malformed lines, failed extractions)
    duplicates: int = 0  # repeats of an article read earlier in this run
    events: int = 0  # events written
    bad: str | None = None  # the bad input this call reports ("path:line: reason"), if any


@dataclass
class IngestSummary:
    """The outcome of one run.

    ``read`` counts articles, not bad inputs: ``read == stored + unchanged + duplicates + failed`` where
    ``failed`` are articles whose extraction raised (they are also in ``skipped`` and ``bad``).
    """

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    skipped: int = 0
    duplicates: int = 0
    events: int = 0
    bad: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        return (
            f"{self.read} articles read: {self.stored} stored, {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {self.duplicates} duplicates; {self.events} events "
            f"({self.elapsed:.1f}s)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "events": self.events,
            "bad": list(self.bad),
            "elapsed": self.elapsed,
        }


def default_loader() -> Extractor:
    """``sitrep.pipeline.load_pipeline()``, looked up at call time (a module-level, picklable loader)."""
    from sitrep import pipeline

    return pipeline.load_pipeline()  # type: ignore[attr-defined,no-any-return]


def extract_chunk(pipeline: Extractor, chunk: Sequence[Article]) -> list[ArticleResult | BadInput]:
    """Extract a chunk. If the batch call fails, retry one by one: a bad article costs only itself."""
    try:
        return list(pipeline.extract_many(chunk))
    except FATAL:
        raise
    except Exception:  # isolated below: the failing article is reported, the others are kept
        pass
    out: list[ArticleResult | BadInput] = []
    for article in chunk:
        try:
            out.append(pipeline.extract(article))
        except FATAL:
            raise
        except Exception as exc:
            out.append(
                BadInput(article.origin or article.id, f"extraction failed: {type(exc).__name__}: {exc}")
            )
    return out


# -- worker processes ---------------------------------------------------------------------------------

_worker_pipeline: Extractor | None = None
_worker_error: BaseException | None = None


def _init_worker(loader: Loader, threads: int) -> None:
    """Load the pipeline once per worker. A failure is kept and raised by the first task, because a
    failing pool initializer would only be restarted forever."""
    global _worker_pipeline, _worker_error
    try:
        _worker_pipeline = loader()
    except BaseException as exc:
        _worker_error = exc
        return
    torch = sys.modules.get("torch")
    if torch is not None:  # n workers x all cores each would oversubscribe the CPU
        torch.set_num_threads(threads)


def _work(chunk: list[Article]) -> list[ArticleResult | BadInput]:
    if _worker_error is not None:
        raise _worker_error
    assert _worker_pipeline is not None
    return extract_chunk(_worker_pipeline, chunk)


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_process(
    articles: Iterable[Article], *, loader: Loader, batch_size: int
) -> Iterator[list[ArticleResult | BadInput]]:
    pipeline = loader()
    for chunk in chunks(articles, batch_size):
        yield extract_chunk(pipeline, chunk)


# A worker is replaced after this many chunks (2,000 articles at 8 a chunk). spaCy interns every new
# string it meets and never forgets it, so a worker that lives for a whole stream grows slowly without
# bound (about 5 MB per 1,000 articles measured); a fresh worker costs a few seconds of model loading.
WORKER_RECYCLE_CHUNKS = 250


def _in_pool(
    articles: Iterable[Article], *, loader: Loader, workers: int, batch_size: int
) -> Iterator[list[ArticleResult | BadInput]]:
    """Results chunk by chunk, in input order, with at most ``2 * workers`` chunks in flight.

    Chunks are submitted from this thread (not ``Pool.imap``'s feeder thread), so reading the input and
    checking the store stay on the writer's thread and memory stays bounded.
    """
    import multiprocessing

    # spawn, not fork: the parent may hold database connections and threads (progress bar).
    ctx = multiprocessing.get_context("spawn")
    threads = max(1, (os.cpu_count() or 1) // workers)
    size = max(1, min(batch_size, 8))  # small chunks spread the work evenly
    with ctx.Pool(
        workers, initializer=_init_worker, initargs=(loader, threads), maxtasksperchild=WORKER_RECYCLE_CHUNKS
    ) as pool:
        pending: collections.deque[Any] = collections.deque()
        for chunk in chunks(articles, size):
            pending.append(pool.apply_async(_work, (chunk,)))
            while len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


# -- the run ------------------------------------------------------------------------------------------


Batches = Iterator[list[ArticleResult | BadInput]]
Extraction = Callable[[Iterator[Article]], Batches]


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
) -> IngestSummary:
    """Read, extract and store the articles under ``paths``; return the run's counts.

    Articles already stored (same content hash) are not extracted again. Bad inputs are counted, listed in
    ``IngestSummary.bad`` and passed to ``on_progress``; the run goes on. ``loader`` builds the pipeline
    (default: ``sitrep.pipeline.load_pipeline``); with ``workers > 1`` it must be a module-level function
    so worker processes can import it. Raises ``InputError`` for a bad ``published`` before reading.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    chosen = loader or default_loader

    def extraction(articles: Iterator[Article]) -> Batches:
        if workers == 1:
            return _in_process(articles, loader=chosen, batch_size=batch_size)
        return _in_pool(articles, loader=chosen, workers=workers, batch_size=batch_size)

    return run_ingest(
        paths,
        extraction,
        store=store,
        published=published,
        source=source,
        url=url,
        batch_size=batch_size,
        on_progress=on_progress,
        stdin=stdin,
    )


def run_ingest(
    paths: Sequence[str],
    extraction: Extraction,
    *,
    store: Store,
    published: str | None = None,
    source: str | None = None,
    url: str | None = None,
    batch_size: int = 32,
    on_progress: Callable[[IngestProgress], None] | None = None,
    stdin: Any = None,
) -> IngestSummary:
    """The part every engine shares: read -> dedupe -> skip stored -> ``extraction`` -> save -> fuse.

    ``extraction`` turns the stream of articles to extract into batches of outcomes, in any grouping but
    consumed lazily, so reading, the stored-article check and every write stay on the calling thread.
    """
    started = time.monotonic()
    run = _Run(on_progress)
    items = run.deduper(read_articles(paths, published=published, source=source, url=url, stdin=stdin))

    def to_extract() -> Iterator[Article]:
        for item in items:
            if isinstance(item, BadInput):
                run.skip(str(item))
                continue
            run.seen += 1
            if store.has_article(item.content_hash):
                run.counts.unchanged += 1
            else:
                yield item

    buffer: list[ArticleResult] = []
    for batch in extraction(to_extract()):
        for outcome in batch:
            if isinstance(outcome, BadInput):
                run.skip(str(outcome))
            else:
                buffer.append(outcome)
        if len(buffer) >= batch_size:
            run.save(store, buffer)
            buffer = []
    run.save(store, buffer)
    run.report()

    if run.counts.stored or _needs_fusion(store):
        _refresh_fusion(store)
    c = run.counts
    return IngestSummary(
        read=c.read,
        stored=c.stored,
        unchanged=c.unchanged,
        skipped=c.skipped,
        duplicates=c.duplicates,
        events=c.events,
        bad=run.bad,
        elapsed=time.monotonic() - started,
    )


class _Run:
    """The running counts of one ingest, and their reporting."""

    def __init__(self, on_progress: Callable[[IngestProgress], None] | None) -> None:
        self.on_progress = on_progress
        self.deduper = Deduper(keep_origins=False)  # only the count is reported: keep one int per article
        self.counts = IngestProgress()
        self.seen = 0  # distinct articles read
        self.bad: list[str] = []

    def report(self, message: str | None = None) -> None:
        self.counts.duplicates = self.deduper.duplicates
        self.counts.read = self.seen + self.counts.duplicates
        if self.on_progress is not None:
            self.on_progress(dataclasses.replace(self.counts, bad=message))

    def skip(self, message: str) -> None:
        self.bad.append(message)
        self.counts.skipped += 1
        self.report(message)

    def save(self, store: Store, results: list[ArticleResult]) -> None:
        if not results:
            return
        stats = store.save(results)
        self.counts.stored += stats.stored
        self.counts.unchanged += stats.unchanged
        self.counts.events += stats.events
        self.report()


def rss_bytes() -> int:
    """This process's resident set size (VmRSS), or 0 where ``/proc`` is missing."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class RssRecorder:
    """An ``on_progress`` hook that samples the writer's RSS every ``every`` articles read.

    ``samples`` holds ``(articles read, seconds since the first call, RSS bytes)``: flat means the writer
    runs in constant memory. Each progress is then passed on to ``then`` (e.g. the CLI's reporter).
    """

    def __init__(self, *, every: int = 2000, then: Callable[[IngestProgress], None] | None = None) -> None:
        if every < 1:
            raise ValueError("every must be at least 1")
        self.every = every
        self.then = then
        self.samples: list[tuple[int, float, int]] = []
        self._next = every
        self._started: float | None = None

    def __call__(self, state: IngestProgress) -> None:
        now = time.monotonic()
        if self._started is None:
            self._started = now
        if state.read >= self._next:
            self.samples.append((state.read, round(now - self._started, 1), rss_bytes()))
            self._next = (state.read // self.every + 1) * self.every
        if self.then is not None:
            self.then(state)


def _needs_fusion(store: Store) -> bool:
    """Raw events but no fused ones: a run stopped before fusion, or fusion arrived after the data."""
    counts = store.counts()
    return bool(counts.get("events")) and not counts.get("fused_events")


def _refresh_fusion(store: Store) -> None:
    try:
        from sitrep.analysis.fusion import refresh_fusion
    except ImportError:  # fusion is optional in a partial build
        return
    refresh_fusion(store)
