"""The benchmark helpers: corpus generation, process-tree memory, the query benchmark, the CLI's usage."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitrep import bench
from sitrep.bench_corpus import articles, sentence_pool
from sitrep.cli import cli
from sitrep.models import Article, ArticleResult

POOL = [f"Sentence number {i} says something about a town." for i in range(30)]


def test_corpus_is_deterministic_distinct_and_sized() -> None:
    first = list(articles(POOL, n=12, seed=3))
    assert first == list(articles(POOL, n=12, seed=3))
    assert first != list(articles(POOL, n=12, seed=4))
    texts = [a["text"] for a in first]
    assert len(set(texts)) == len(texts)  # reshuffled passes: no repeated article, though the pool is small
    for text in texts:
        n = sum(len(p.split(". ")) for p in text.split("\n\n"))
        assert 8 <= n <= 20


def test_pool_falls_back_to_the_demo_articles(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    demo.mkdir()
    line = '{"text": "Troops entered the old town at dawn. Residents stayed indoors all day."}\n'
    (demo / "a.jsonl").write_text(line, encoding="utf-8")
    pool, origin = sentence_pool(shared=tmp_path / "missing.jsonl", demo=demo)
    assert pool == ["Troops entered the old town at dawn.", "Residents stayed indoors all day."]
    assert origin == str(demo)


def test_tree_sampler_sees_a_child_process_memory() -> None:
    code = "import time; block = b'x' * (120 * 2**20); time.sleep(1.5)"  # every page written
    with (
        subprocess.Popen([sys.executable, "-c", code]) as proc,
        bench.TreeSampler(proc.pid, interval=0.1) as sampler,
    ):
        proc.wait()
    assert sampler.peak_per_process >= 120 * 2**20
    assert sampler.series and all(total >= root for _, total, root in sampler.series)
    assert max(tick.get(proc.pid, 0) for _, tick in sampler.ticks) >= 120 * 2**20
    assert sampler.roles()[proc.pid] == "writer"


def test_query_bench_reports_percentiles() -> None:
    result = bench.query_bench(2_000, queries=20, warmup=2)
    assert result["events"] == 2_000 and result["queries"] == 20
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
    assert result["max_total"] >= result["median_total"] >= 0


def test_bench_needs_a_corpus_or_query() -> None:
    result = CliRunner().invoke(cli, ["bench"])
    assert result.exit_code == 2
    assert "give a CORPUS, or --query N_EVENTS" in result.output


def test_bench_query_json() -> None:
    result = CliRunner().invoke(cli, ["bench", "--query", "1000", "--queries", "5", "--json"])
    assert result.exit_code == 0, result.output
    assert '"p95_ms"' in result.output


# -- memory over a streaming ingest ---------------------------------------------------------------------

ARTICLES = [
    {
        "id": f"rss-{i}",
        "title": f"Report {i}",
        "text": f"Gunmen attacked a checkpoint in Misrata on day {i}, killing {i + 1} guards. Roads shut.",
        "published": f"2014-06-0{i + 1}",
        "source": "Test Wire",
    }
    for i in range(5)
]


class _NoEvents:
    """A stand-in pipeline: every article yields a result without events (no model to load)."""

    def extract(self, article: Article) -> ArticleResult:
        return ArticleResult(article=article)

    def extract_many(self, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[ArticleResult]:
        return (self.extract(a) for a in articles)


def _write_corpus(path: Path, *, copies: int = 1) -> Path:
    """The five articles; with ``copies`` > 1, reworded copies (distinct texts, so none is a duplicate)."""
    lines = [
        json.dumps({**a, "id": f"{a['id']}-{k}", "text": f"{a['text']} Copy {k}."})
        for k in range(copies)
        for a in ARTICLES
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_thin_keeps_first_and_last_evenly() -> None:
    assert bench.thin([1, 2, 3], limit=5) == [1, 2, 3]
    items = list(range(101))
    thinned = bench.thin(items, limit=50)
    assert len(thinned) == 50 and thinned[0] == 0 and thinned[-1] == 100
    assert all(b - a in (2, 3) for a, b in itertools.pairwise(thinned))
    with pytest.raises(ValueError):
        bench.thin(items, limit=1)


def test_growth_ignores_the_ramp_before_the_25_percent_mark() -> None:
    ramp = [(0, 100.0), (500, 600.0), (1_000, 900.0)]  # models loading
    flat = [(a, 900.0 + (1.0 if a % 2000 else -1.0)) for a in range(2_000, 8_001, 1_000)]
    assert bench.growth_per_1000([*ramp, *flat]) == (0.0, 2_000, 8_000)
    growing = [(a, 100.0 + 0.03 * a) for a in range(0, 20_001, 500)]
    assert bench.growth_per_1000(growing) == (30.0, 5_000, 20_000)
    assert bench.growth_per_1000([(a, None) for a in range(5)]) == (None, 0, 0)
    assert bench.growth_per_1000([(10, 5.0), (10_000, None)]) == (None, 10, 10)


def test_process_roles() -> None:
    spawn = "python -c from multiprocessing.spawn import spawn_main;"
    spawn += " spawn_main(tracker_fd=5) --multiprocessing-fork"
    assert bench.process_role(7, root=7, cmdline=spawn) == "writer"
    assert bench.process_role(8, root=7, cmdline=spawn) == "worker"
    tracker = "python -c from multiprocessing.resource_tracker import main;main(4)"
    assert bench.process_role(9, root=7, cmdline=tracker) == "helper"


MB = 2**20


def test_rss_report_joins_writer_samples_with_the_nearest_tick() -> None:
    child = {
        "writer_samples": [[100, 0.0, 50 * MB], [200, 10.0, 52 * MB], [300, 20.0, 54 * MB]],
        "before_fusion": {"read": 350, "seconds": 24.0, "rss_bytes": 55 * MB},
        "after_fusion": {"seconds": 30.0, "rss_bytes": 300 * MB},
        "writer_peak_bytes": 400 * MB,
        "fusion_s": 6.0,
    }
    # Writer pid 1, workers 2 and 3, the resource tracker 4; the child's time 0 is tick time 5.
    ticks = [
        (4.0, {1: 40 * MB, 2: 700 * MB, 3: 650 * MB, 4: 10 * MB}),
        (15.6, {1: 52 * MB, 2: 710 * MB, 3: 720 * MB, 4: 10 * MB}),
        (25.0, {1: 54 * MB, 2: 715 * MB, 3: 705 * MB, 4: 10 * MB}),
        (29.5, {1: 55 * MB, 4: 10 * MB}),  # the pool has closed
    ]
    roles = {1: "writer", 2: "worker", 3: "worker", 4: "helper"}
    # The writer reached its peak (400 MB, from the child) after the last tick (380 MB).
    peaks = {4: 11 * MB, 3: 760 * MB, 2: 730 * MB, 1: 380 * MB}
    report = bench.rss_report(child, ticks=ticks, roles=roles, peaks=peaks, offset=5.0)
    rows = report["rows"]
    assert [r["articles"] for r in rows] == [100, 200, 300, 350]
    assert [r["seconds"] for r in rows] == [5.0, 15.0, 25.0, 29.0]
    assert [r["writer_mb"] for r in rows] == [50.0, 52.0, 54.0, 55.0]
    # The end point (29 s) is after the pool closed: it takes the last tick with workers (25 s).
    assert [r["workers_max_mb"] for r in rows] == [700.0, 720.0, 715.0, 715.0]
    assert rows[0]["all_mb"] == 1400.0 and rows[-1]["all_mb"] == 1484.0
    growth = report["growth_mb_per_1000_articles"]
    assert (growth["from_articles"], growth["to_articles"]) == (100, 350)
    assert growth["writer"] == 20.0  # the least-squares slope of 50, 52, 54, 55 MB at 100, 200, 300, 350
    assert report["writer"] == {
        "before_fusion_mb": 55.0,
        "after_fusion_mb": 300.0,
        "peak_mb": 400.0,
        "fusion_s": 6.0,
    }
    assert [(p["pid"], p["role"], p["peak_mb"]) for p in report["processes"]] == [
        (1, "writer", 400.0),
        (2, "worker", 730.0),
        (3, "worker", 760.0),
        (4, "helper", 11.0),
    ]
    assert report["processes"][1]["series_mb"] == [(4.0, 700.0), (15.6, 710.0), (25.0, 715.0)]


def test_rss_report_does_not_repeat_the_last_sample() -> None:
    child = {
        "writer_samples": [[5, 0.0, MB], [10, 1.0, 2 * MB]],
        "before_fusion": {"read": 10, "seconds": 1.0, "rss_bytes": 2 * MB},
        "after_fusion": {"seconds": 2.0, "rss_bytes": 3 * MB},
        "writer_peak_bytes": 3 * MB,
        "fusion_s": 1.0,
    }
    report = bench.rss_report(child, ticks=[], roles={}, peaks={}, offset=0.0)
    assert [r["articles"] for r in report["rows"]] == [5, 10]
    assert report["rows"][0]["workers_max_mb"] is None and report["rows"][0]["all_mb"] is None
    assert report["processes"] == []


def test_ingest_rss_child_samples_the_writer(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "forty.jsonl", copies=8)
    before = time.monotonic()
    result = bench.ingest_rss_child(
        str(corpus), str(tmp_path / "s.db"), workers=1, every=10, loader=_NoEvents
    )
    assert result["summary"]["stored"] == 40 and result["summary"]["line"].startswith("40 articles read")
    # Progress comes after each saved batch (32 articles by default), the last one at the end.
    assert [read for read, _, _ in result["writer_samples"]] == [32, 40]
    assert result["before_fusion"]["read"] == 40
    assert before <= result["t0_monotonic"] <= time.monotonic()
    if Path("/proc/self/status").exists():
        assert result["before_fusion"]["rss_bytes"] > 0 and result["after_fusion"]["rss_bytes"] > 0
        assert result["writer_peak_bytes"] >= result["after_fusion"]["rss_bytes"]
    json.dumps(result)  # what the child prints


def _rss_result() -> dict[str, Any]:
    return {
        "machine": {"cores": 2, "memory_gb": 8.0, "load_1min_at_start": 0.1},
        "date": "2026-01-01",
        "corpus": {"articles": 3000, "words": 1000000},
        "workers": 2,
        "wall_s": 441.0,
        "articles_per_s": 6.8,
        "summary": {"line": "3000 articles read: 3000 stored"},
        "rows": [
            {
                "articles": 1500,
                "seconds": 200.0,
                "writer_mb": 140.0,
                "workers_max_mb": 900.0,
                "all_mb": 1900.0,
            },
            {
                "articles": 3000,
                "seconds": 420.0,
                "writer_mb": 184.0,
                "workers_max_mb": None,
                "all_mb": 1975.0,
            },
        ],
        "growth_mb_per_1000_articles": {
            "writer": 29.33,
            "workers_max": None,
            "all": 50.0,
            "from_articles": 1500,
            "to_articles": 3000,
        },
        "writer": {"before_fusion_mb": 184.0, "after_fusion_mb": 576.0, "peak_mb": 600.0, "fusion_s": 17.0},
        "processes": [{"pid": 11, "role": "writer", "peak_mb": 600.0, "series_mb": []}],
    }


def test_bench_ingest_rss_table_and_json(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[list[str], int, int | None]] = []

    def fake(paths: list[str], *, workers: int, limit: int | None = None) -> dict[str, Any]:
        calls.append((paths, workers, limit))
        return _rss_result()

    monkeypatch.setattr(bench, "ingest_rss", fake)
    table = CliRunner().invoke(cli, ["bench", "c.jsonl", "--ingest-rss", "--workers", "2", "--limit", "9"])
    assert table.exit_code == 0, table.output
    assert calls == [(["c.jsonl"], 2, 9)]
    assert "max worker RSS MB" in table.output and "1,500" in table.output
    assert "writer +29.33 MB, max worker n/a, all processes +50.00 MB" in table.output
    assert "576 MB after" in table.output
    as_json = CliRunner().invoke(cli, ["bench", "c.jsonl", "--ingest-rss", "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)["ingest_rss"]["growth_mb_per_1000_articles"]["writer"] == 29.33


def test_bench_ingest_rss_needs_a_corpus() -> None:
    result = CliRunner().invoke(cli, ["bench", "--ingest-rss", "--query", "10"])
    assert result.exit_code == 2 and "--ingest-rss needs a CORPUS" in result.output


@pytest.mark.model
def test_ingest_rss_with_the_real_pipeline(tmp_path: Path) -> None:
    pipeline = pytest.importorskip("sitrep.pipeline")
    if not hasattr(pipeline, "load_pipeline"):
        pytest.skip("the pipeline is not in this build yet")
    corpus = _write_corpus(tmp_path / "five.jsonl")
    result = bench.ingest_rss([str(corpus)], workers=1, every=2)
    assert result["summary"]["stored"] == 5 and result["summary"]["events"] >= 1
    assert [r["articles"] for r in result["rows"]] == [5]  # one saved batch: one progress
    assert all(r["writer_mb"] > 0 and r["workers_max_mb"] is None for r in result["rows"])
    assert result["processes"][0]["role"] == "writer"
    assert result["writer"]["peak_mb"] >= result["writer"]["after_fusion_mb"] > 0
