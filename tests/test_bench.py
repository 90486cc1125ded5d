"""The benchmark helpers: corpus generation, process-tree memory, the query benchmark, the CLI's usage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from sitrep import bench
from sitrep.bench_corpus import articles, sentence_pool
from sitrep.cli import cli

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
