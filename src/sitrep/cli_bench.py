"""``sitrep bench``: throughput against a bare spaCy floor, start-up, memory, and store queries.

Registered by the main CLI with ``cli.add_command(bench_command)``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click


def _print_suite(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 130)
    m, c = result["machine"], result["corpus"]
    console.print(
        f"{result['date']}: {m['cores']} cores, {m['memory_gb']} GB, load {m['load_1min_at_start']}; "
        f"{c['articles']} articles, {c['words']} words; {result['workers']} workers"
    )
    table = Table(header_style="bold")
    for column in ("run", "processes", "wall s", "words/s", "articles/s", "peak RSS MB/process", "events"):
        table.add_column(column, justify="left" if column == "run" else "right", no_wrap=column == "run")
    for run in result["runs"]:
        table.add_row(
            run["name"],
            str(run["processes"]),
            f"{run['wall_s']:.1f}",
            f"{run['words_per_s']:.0f}",
            f"{run['articles_per_s']:.2f}",
            f"{run['peak_rss_mb']:.0f}",
            "" if run["events"] is None else str(run["events"]),
        )
    console.print(table)
    for run in result["runs"]:
        if run["note"]:
            console.print(f"{run['name']}: {run['note']}")
    for name, value in result["ratios"].items():
        console.print(f"{name}: {value:.2f}")
    s = result["startup"]
    console.print(f"start-up to first event: {s['first_event_s']:.2f}s (process {s['process_s']:.2f}s)")


def _print_rss(result: dict[str, Any]) -> None:
    """Articles read against the writer's and the largest worker's RSS, then the growth per 1,000."""
    from rich.console import Console
    from rich.table import Table

    def mb(value: float | None) -> str:
        return "" if value is None else f"{value:,.0f}"

    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 130)
    m, c, s = result["machine"], result["corpus"], result["summary"]
    console.print(
        f"{result['date']}: {m['cores']} cores, {m['memory_gb']} GB, load {m['load_1min_at_start']}; "
        f"{c['articles']} articles, {c['words']} words; {result['workers']} workers; "
        f"{result['wall_s']:.0f}s ({result['articles_per_s']:.2f} articles/s)"
    )
    console.print(s["line"])
    table = Table(header_style="bold")
    for column in ("articles read", "seconds", "writer RSS MB", "max worker RSS MB", "all processes MB"):
        table.add_column(column, justify="right")
    for row in result["rows"]:
        table.add_row(
            f"{row['articles']:,}",
            f"{row['seconds']:.0f}",
            mb(row["writer_mb"]),
            mb(row["workers_max_mb"]),
            mb(row["all_mb"]),
        )
    console.print(table)
    g = result["growth_mb_per_1000_articles"]
    growth = ", ".join(
        f"{name} {g[key]:+.2f} MB" if g[key] is not None else f"{name} n/a"
        for key, name in (("writer", "writer"), ("workers_max", "max worker"), ("all", "all processes"))
    )
    span = f"articles {g['from_articles']:,} to {g['to_articles']:,}"
    console.print(f"growth per 1,000 articles ({span}; about 0 = constant memory): {growth}", soft_wrap=True)
    w = result["writer"]
    console.print(
        f"writer: {w['before_fusion_mb']:,.0f} MB before the fusion refresh, {w['after_fusion_mb']:,.0f} MB "
        f"after ({w['fusion_s']:.0f}s), peak {w['peak_mb']:,.0f} MB"
    )
    peaks = ", ".join(f"{p['role']} (pid {p['pid']}) {p['peak_mb']:,.0f}" for p in result["processes"])
    console.print(f"peak RSS MB per process: {peaks}", soft_wrap=True)


@click.command("bench")
@click.argument("corpus", nargs=-1, metavar="[CORPUS...]")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for ingest and the spaCy floor. [default: the number of CPUs]",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Use only the first N articles.")
@click.option(
    "--ray",
    "with_ray",
    is_flag=True,
    help="Also measure sitrep ingest --engine ray: with its own runtime, and joining a running cluster.",
)
@click.option(
    "--ingest-rss",
    is_flag=True,
    help="Instead of the suite: a streaming ingest of CORPUS; the RSS of the writer and of each worker by "
    "articles read, and its growth per 1,000 articles from the 25% mark to the end.",
)
@click.option(
    "--query",
    "query_events",
    type=click.IntRange(min=1),
    default=None,
    metavar="N_EVENTS",
    help="Store query benchmark on N_EVENTS synthetic events (alone when no CORPUS is given).",
)
@click.option(
    "--queries", type=click.IntRange(min=1), default=200, show_default=True, help="Queries to time."
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def bench_command(
    corpus: tuple[str, ...],
    workers: int | None,
    limit: int | None,
    with_ray: bool,
    ingest_rss: bool,
    query_events: int | None,
    queries: int,
    as_json: bool,
) -> None:
    """Measure extraction throughput against bare spaCy, start-up, memory and query latency.

    On CORPUS (files or directories of articles) it runs, one after the other on the same texts: a bare
    spaCy parse with the same model (1 process and --workers processes), sitrep extract, sitrep ingest into
    a fresh SQLite file, and optionally --engine ray; each as a whole subprocess, start-up included. It
    reports words/s, articles/s, wall time, peak RSS per process, the ratios to spaCy, and the time from
    process start to the first event of a one-article extract.

    Example:

    \b
        python -m sitrep.bench_corpus --out /tmp/bench.jsonl --articles 500
        sitrep bench /tmp/bench.jsonl --workers 2 --ray
        sitrep bench --query 1000000 --json
        python -m sitrep.bench_corpus --out /tmp/bench-20k.jsonl --articles 20000
        sitrep bench /tmp/bench-20k.jsonl --workers 2 --ingest-rss --json > rss.json
    """
    from sitrep import bench

    if not corpus and query_events is None:
        raise click.UsageError("give a CORPUS, or --query N_EVENTS")
    if ingest_rss and not corpus:
        raise click.UsageError("--ingest-rss needs a CORPUS")
    n = workers or os.cpu_count() or 1
    results: dict[str, Any] = {}
    if corpus and ingest_rss:
        results["ingest_rss"] = bench.ingest_rss(list(corpus), workers=n, limit=limit)
    elif corpus:
        results["suite"] = bench.run_suite(list(corpus), workers=n, limit=limit, ray=with_ray)
    if query_events is not None:
        results["query"] = bench.query_bench(query_events, queries=queries)

    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    if "suite" in results:
        _print_suite(results["suite"])
    if "ingest_rss" in results:
        _print_rss(results["ingest_rss"])
    if "query" in results:
        q = results["query"]
        click.echo(
            f"query: {q['events']} events ({q['backend']}, filled in {q['fill_s']}s); {q['queries']} queries "
            f"country+type+date range, first 100 rows + total: p50 {q['p50_ms']} ms, p95 {q['p95_ms']} ms, "
            f"max {q['max_ms']} ms"
        )
