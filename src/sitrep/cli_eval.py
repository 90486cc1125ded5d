"""``sitrep eval``: score the extractor against a gold file (rules in the shared SCORING.md).

Registered by the main CLI with ``cli.add_command(eval_command)``. Library errors become one line and
exit status 1 here too, so the command behaves the same when invoked on its own (tests, CliRunner).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from sitrep.errors import SitrepError

if TYPE_CHECKING:
    from sitrep.evaluation.common import Extractor

_RATE = click.FloatRange(0.0, 1.0)


@click.command("eval")
@click.argument("gold_file", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["plover", "location", "sitrep"]),
    default=None,
    help="Gold format; guessed from the file when omitted.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Score only the first N records (JSONL)."
)
@click.option(
    "--min-accuracy", type=_RATE, default=None, help="Fail when PLOVER type accuracy is below this."
)
@click.option("--min-source", type=_RATE, default=None, help="Fail when the source found rate is below this.")
@click.option("--min-target", type=_RATE, default=None, help="Fail when the target found rate is below this.")
@click.option(
    "--min-location", type=_RATE, default=None, help="Fail when the location found rate is below this."
)
@click.option(
    "--max-false-location", type=_RATE, default=None, help="Fail when the false location rate is above this."
)
@click.option(
    "--max-extra",
    type=click.IntRange(min=0),
    default=None,
    help="Fail when there are more extra events than this.",
)
def eval_command(gold_file: str, fmt: str | None, as_json: bool, limit: int | None, **limits: Any) -> None:
    """Score the extractor against GOLD_FILE and print every figure the scoring rules define.

    GOLD_FILE is a PLOVER-format JSONL (event types and parties), an event-location JSONL (event
    locations) or a sitrep gold.json (one article, its events and must-not rules). A limit that is
    missed prints one line and the exit status is 1.

    Example:

    \b
        sitrep eval ../shared/data/plover_gsr/plover_gsr_events.jsonl --min-accuracy 0.6
        sitrep eval ../shared/gold/seed/gold.json --max-extra 3
        sitrep eval tests/data/heldout/heldout.jsonl --limit 50 --json
    """
    try:
        failures, payload = _run(gold_file, fmt=fmt, as_json=as_json, limit=limit, limits=limits)
    except SitrepError as exc:
        raise click.ClickException(
            str(exc).strip().splitlines()[0] if str(exc).strip() else "eval failed"
        ) from None
    if as_json:
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    for line in failures:
        click.echo(line, err=True)
    if failures:
        raise click.exceptions.Exit(1)


def _load_extractor() -> Extractor:
    """The real pipeline; tests replace this function to score hand-built events."""
    from sitrep.pipeline import load_pipeline

    return load_pipeline().extract_many


def _run(
    gold_file: str, *, fmt: str | None, as_json: bool, limit: int | None, limits: dict[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    from rich.console import Console

    from sitrep.evaluation import evaluate, sniff_format
    from sitrep.evaluation.render import render
    from sitrep.evaluation.thresholds import check_applicable, failed_limits

    fmt = fmt or sniff_format(gold_file)
    check_applicable(fmt, limits)  # before loading models: a wrong limit should fail fast
    _, report = evaluate(gold_file, _load_extractor(), fmt=fmt, limit=limit)
    failures = failed_limits(fmt, report, limits)
    payload = {**report.to_dict(), "failed": failures}
    if not as_json:
        render(report, Console(file=sys.stdout))
    return failures, payload
