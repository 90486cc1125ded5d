"""``sitrep actors|network|alerts|report``: thin commands over ``sitrep.analysis.service``.

Registered by the main CLI (``cli.add_command`` at the bottom of ``sitrep.cli``), whose group turns library
errors into one line and exit status 1. Import this module through ``sitrep.cli``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from sitrep.cli import OUTPUT_FORMATS, _open, db_option, output_options

NETWORK_FORMATS = (*OUTPUT_FORMATS, "graphml", "dot")
ACTOR_COLUMNS = (
    "id",
    "name",
    "country",
    "sector",
    "events",
    "as_actor",
    "as_recipient",
    "first_seen",
    "last_seen",
    "aliases",
    "affiliations",
)
ACTOR_TABLE = ("name", "country", "sector", "events", "first_seen", "last_seen", "affiliations")
EDGE_COLUMNS = (
    "source_name",
    "target_name",
    "relation",
    "weight",
    "first",
    "last",
    "events",
    "source",
    "target",
    "event_ids",
)
EDGE_TABLE = ("source_name", "relation", "target_name", "weight", "first", "last", "events")
REALIGNMENT_COLUMNS = (
    "actor",
    "from_bloc_members",
    "to_bloc_members",
    "first_window",
    "second_window",
    "turned_hostile",
    "actor_id",
    "evidence",
)
ALERT_COLUMNS = (
    "date",
    "key",
    "metric",
    "observed",
    "baseline_mean",
    "baseline_days",
    "ratio",
    "p_value",
    "severity",
    "low_history",
    "event_ids",
    "message",
)
ALERT_TABLE = (
    "date",
    "key",
    "metric",
    "observed",
    "baseline_mean",
    "ratio",
    "p_value",
    "severity",
    "driving",
)


def _since_until(func: Any) -> Any:
    for decorator in reversed(
        (
            click.option("--since", metavar="DATE", help="On or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
            click.option("--until", metavar="DATE", help="On or before DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
        )
    ):
        func = decorator(func)
    return func


def _output_option(func: Any) -> Any:
    return click.option(
        "-o", "--output", metavar="FILE", default=None, help="Write to FILE instead of stdout."
    )(func)


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """One CSV/table cell per field: lists as "a; b", (since, until) windows as "since..until"."""
    row = {}
    for key, value in record.items():
        if key.endswith("_window") and isinstance(value, list | tuple):
            row[key] = "..".join(str(v or "") for v in value)
        elif isinstance(value, list | tuple):
            row[key] = "; ".join(str(v) for v in value)
        else:
            row[key] = value
    return row


def _render(
    records: Iterable[dict[str, Any]],
    fmt: str,
    *,
    columns: Sequence[str],
    table: Sequence[str],
    flatten: Any = _flat,
    title: str | None = None,
) -> str:
    from sitrep.output import emit, write_table

    buffer = io.StringIO()
    if fmt == "table" and title:
        write_table((flatten(r) for r in records), buffer, columns=table, title=title)
    else:
        emit(records, fmt=fmt, stream=buffer, flatten=flatten, csv_columns=columns, table_columns=table)
    return buffer.getvalue()


def _write(text: str, output: str | None, *, what: str) -> None:
    if output in (None, "-"):
        click.echo(text, nl=False)
        return
    path = Path(output)  # type: ignore[arg-type]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"wrote {what} to {path}", err=True)


# -- actors -------------------------------------------------------------------------------------------


@click.command()
@db_option
@click.option("--country", metavar="ISO3", help="Actors of this country (ISO 3166-1 alpha-3).")
@click.option("--sector", metavar="CODE", help="Actors of this PLOVER sector, e.g. MIL, GOV, REB.")
@click.option("--name", metavar="TEXT", help="The name or an alias contains TEXT (case-insensitive).")
@click.option(
    "--min-events",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Only actors in at least N events.",
)
@_since_until
@output_options
def actors(
    db: str | None,
    country: str | None,
    sector: str | None,
    name: str | None,
    min_events: int,
    since: str | None,
    until: str | None,
    fmt: str,
) -> None:
    """List canonical actors: every way of naming one actor folded into one record, most active first.

    Each record has the actor's aliases, country, sector, the actors its wording ties it to
    ("forces loyal to X"), first and last dates and event counts. Counts use fused events.

    Example:

    \b
        sitrep actors --country LBY --sector MIL --format table
        sitrep actors --name haftar --since 2014-05
    """
    from sitrep.analysis.actors import actors_from_store

    store = _open(db)
    try:
        records = actors_from_store(
            store, since=since, until=until, country=country, sector=sector, name=name, min_events=min_events
        )
    finally:
        store.close()
    text = _render((r.to_dict() for r in records), fmt, columns=ACTOR_COLUMNS, table=ACTOR_TABLE)
    click.echo(text, nl=False)


# -- network ------------------------------------------------------------------------------------------


def _edge_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    names = {n["id"]: n["name"] for n in data["nodes"]}
    return [
        {
            "source_name": names.get(e["source"], e["source"]),
            "target_name": names.get(e["target"], e["target"]),
            "events": len(e["event_ids"]),
            **e,
        }
        for e in data["edges"]
    ]


def _network_text(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        lines = [{"kind": "node", **n} for n in data["nodes"]]
        lines += [{"kind": "edge", **e} for e in data["edges"]]
        return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
    edges = _edge_rows(data)
    if fmt == "csv":
        return _render(edges, "csv", columns=EDGE_COLUMNS, table=EDGE_TABLE)
    blocs = [{"bloc": i, "size": len(members), "members": members} for i, members in enumerate(data["blocs"])]
    return _render(blocs, "table", columns=(), table=("bloc", "size", "members"), title="Blocs") + _render(
        edges, "table", columns=EDGE_COLUMNS, table=EDGE_TABLE, title="Edges"
    )


@click.command()
@db_option
@_since_until
@click.option(
    "--half-life",
    "half_life",
    metavar="DAYS",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Older events weigh half as much every DAYS days before the window end; 0 turns decay off.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(NETWORK_FORMATS),
    default="json",
    show_default=True,
    help="JSON {nodes, edges, blocs}, JSON lines, CSV or table of edges, GraphML or Graphviz DOT.",
)
@click.option(
    "--realignments",
    is_flag=True,
    help="Print actors that changed side between two windows instead of the network.",
)
@click.option(
    "--split",
    metavar="DATE",
    help="With --realignments: compare before DATE with from DATE on. [default: the middle of the range]",
)
@_output_option
def network(
    db: str | None,
    since: str | None,
    until: str | None,
    half_life: float,
    fmt: str,
    realignments: bool,
    split: str | None,
    output: str | None,
) -> None:
    """Print the faction network: who is allied with or hostile to whom, grouped into blocs.

    Edges come from events between two actors (SUPPORT, COOPERATE, AGREE, AID: ally; ASSAULT, THREATEN,
    COERCE, ...: hostile) and from wording such as "forces loyal to X". Blocs are the grouping that
    best separates allies from enemies. --since/--until pick the window, so a change of allegiance
    shows up over time; --realignments lists such changes directly.

    Example:

    \b
        sitrep network --since 2014-05-16 --until 2014-05-21
        sitrep network --format graphml -o factions.graphml
        sitrep network --realignments --split 2014-05-19 --format table
    """
    from sitrep.analysis import service

    if split and not realignments:
        raise click.UsageError("--split needs --realignments")
    if realignments and fmt in ("graphml", "dot"):
        raise click.UsageError(f"--realignments prints records: use --format {'|'.join(OUTPUT_FORMATS)}")
    decay = half_life or None
    store = _open(db)
    try:
        if realignments:
            changes = service.realignments(store, since=since, until=until, split=split, half_life_days=decay)
        else:
            net = service.network(store, since=since, until=until, half_life_days=decay)
    finally:
        store.close()
    if realignments:
        records = (r.to_dict() for r in changes)
        text = _render(records, fmt, columns=REALIGNMENT_COLUMNS, table=REALIGNMENT_COLUMNS[:6])
        _write(text, output, what=f"{len(changes)} realignments")
        return
    if fmt == "graphml":
        text = net.to_graphml_string()
    elif fmt == "dot":
        text = net.to_dot()
    else:
        text = _network_text(net.to_dict(), fmt)
    _write(text, output, what=f"{len(net.nodes)} actors and {len(net.edges)} edges ({fmt})")


# -- alerts -------------------------------------------------------------------------------------------


def _alert_row(record: dict[str, Any]) -> dict[str, Any]:
    row = _flat(record)
    row["driving"] = "; ".join(d["summary"] for d in record.get("driving") or [])
    return row


@click.command()
@db_option
@click.option("--country", metavar="ISO3", help="Alerts for this country (ISO 3166-1 alpha-3).")
@_since_until
@click.option(
    "--threshold",
    metavar="P",
    type=click.FloatRange(min=0, max=1, min_open=True),
    default=1e-4,
    show_default=True,
    help="Alert when a day is less likely than P under its baseline.",
)
@click.option(
    "--min-count",
    metavar="N",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Ignore days below N events (or event-equivalents of deaths and intensity).",
)
@click.option(
    "--baseline-days",
    metavar="N",
    type=click.IntRange(min=1),
    default=28,
    show_default=True,
    help="Days of trailing history each day is compared with.",
)
@click.option(
    "--by",
    type=click.Choice(("country", "admin1")),
    default="country",
    show_default=True,
    help="Watch whole countries, or each first-level region (province, governorate).",
)
@output_options
def alerts(
    db: str | None,
    country: str | None,
    since: str | None,
    until: str | None,
    threshold: float,
    min_count: int,
    baseline_days: int,
    by: str,
    fmt: str,
) -> None:
    """Flag escalation: days whose events, deaths or conflict intensity are improbably high.

    Each day is compared with the place's own trailing baseline (a negative binomial model); an alert
    gives the numbers, a p-value, a severity and the events that drove it. Only the past is used:
    with --until, nothing later is read.

    Example:

    \b
        sitrep alerts --country LBY --format table
        sitrep alerts --since 2014-05-01 --threshold 0.001 --by admin1
    """
    from sitrep.analysis import service

    store = _open(db)
    try:
        found = service.alerts(
            store,
            country=country,
            since=since,
            until=until,
            threshold=threshold,
            min_count=min_count,
            baseline_days=baseline_days,
            by=by,
        )
    finally:
        store.close()
    text = _render(
        (a.to_dict() for a in found), fmt, columns=ALERT_COLUMNS, table=ALERT_TABLE, flatten=_alert_row
    )
    click.echo(text, nl=False)


# -- report -------------------------------------------------------------------------------------------


@click.command()
@db_option
@click.option("--country", metavar="ISO3", help="Events in or involving this country (ISO 3166-1 alpha-3).")
@_since_until
@click.option("--title", metavar="TEXT", help="Report title. [default: Situation report[: country]]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("md", "html")),
    default="md",
    show_default=True,
    help="Markdown, or one self-contained HTML page (inline map and chart, no scripts).",
)
@_output_option
def report(
    db: str | None,
    country: str | None,
    since: str | None,
    until: str | None,
    title: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Write a situation report: toll, places, timeline with sources, factions, realignments, alerts.

    Counts fused events, so an attack reported by five outlets counts once; the timeline lists each
    event's outlets. Prints to stdout unless -o is given (missing folders are created).

    Example:

    \b
        sitrep report --country LBY --since 2014-05-16 --until 2014-05-21
        sitrep report --format html -o reports/situation-report.html
    """
    from sitrep.analysis import service

    store = _open(db)
    try:
        text = service.situation_report(
            store, country=country, since=since, until=until, title=title, fmt=fmt
        )
    finally:
        store.close()
    _write(text, output, what=f"the report ({fmt})")


COMMANDS = (actors, network, alerts, report)
