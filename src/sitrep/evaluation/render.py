"""Rich tables for ``sitrep eval``: every figure SCORING.md defines, for a person to read."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from sitrep.evaluation.location import LocationReport
from sitrep.evaluation.plover import NONE, PloverReport
from sitrep.evaluation.seed import EventLine, SeedReport


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _figures(title: str, rows: list[tuple[str, str, str]]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("counts / goal")
    for row in rows:
        table.add_row(*row)
    return table


def render_plover(report: PloverReport, console: Console) -> None:
    src, tgt = report.source, report.target
    rows: list[tuple[str, str, str]] = []
    if report.records:
        rows += [
            ("accuracy", _pct(report.accuracy), f"{report.correct}/{report.records}; abstentions wrong"),
            ("macro F1", _pct(report.macro_f1), f"over the {len(report.per_type)} gold types"),
            ("abstentions", str(report.abstentions), "records with no event"),
            ("source found", _pct(src.rate), f"{src.found}/{src.total} parties in {src.records} records"),
            ("target found", _pct(tgt.rate), f"{tgt.found}/{tgt.total} parties in {tgt.records} records"),
        ]
    if report.no_event_records:
        counts = f"{report.false_events}/{report.no_event_records} no-event records got an event"
        rows.append(("false events", _pct(report.false_event_rate), counts))
    total = report.records + report.no_event_records
    console.print(_figures(f"PLOVER-format gold, {total} records", rows))
    if not report.records:
        return
    per_type = Table(title="Per type", title_justify="left")
    for name in ("type", "gold", "predicted", "correct", "precision", "recall", "F1"):
        per_type.add_column(name, justify="left" if name == "type" else "right")
    for s in report.per_type:
        per_type.add_row(
            s.event_type,
            str(s.gold),
            str(s.predicted),
            str(s.correct),
            f"{s.precision:.2f}",
            f"{s.recall:.2f}",
            f"{s.f1:.2f}",
        )
    console.print(per_type)
    console.print(confusion_table(report))


def confusion_table(report: PloverReport) -> Table:
    """Gold types down, predicted types across (4-letter heads, unique for the 16 types), then (none)."""
    gold = [s.event_type for s in report.per_type]
    seen = {p for row in report.confusion.values() for p in row}
    predicted = gold + sorted(seen - set(gold) - {NONE}) + [NONE]
    table = Table(title="Confusion (rows gold, columns predicted; · = 0)", title_justify="left")
    table.add_column("gold")
    for p in predicted:
        table.add_column(p if p == NONE else p[:4], justify="right")
    for g in gold:
        row = report.confusion.get(g, {})
        table.add_row(g, *(str(row[p]) if row.get(p) else "·" for p in predicted))
    return table


def render_location(report: LocationReport, console: Console) -> None:
    console.print(
        _figures(
            f"Event-location gold, {report.records} records",
            [
                (
                    "location found",
                    _pct(report.found_rate),
                    f"{report.found}/{report.with_location}; goal >= {report.found_goal:.2f}",
                ),
                (
                    "false location",
                    _pct(report.false_rate),
                    f"{report.false_locations}/{report.without_location}; goal <= {report.false_goal:.2f}",
                ),
                ("no event", str(report.no_event), "records where nothing was extracted"),
                ("chosen by trigger", str(report.by_trigger), "records whose event overlaps the gold verb"),
            ],
        )
    )


def _event_table(title: str, lines: list[EventLine]) -> Table:
    table = Table(title=title, title_justify="left")
    for name in ("type", "actors", "recipients", "date", "tags", "evidence"):
        table.add_column(name, overflow="fold")
    for e in lines:
        evidence = e.evidence if len(e.evidence) <= 90 else e.evidence[:87] + "..."
        table.add_row(
            e.event_type,
            "; ".join(e.actors),
            "; ".join(e.recipients),
            e.date or "-",
            ",".join(e.tags),
            evidence,
        )
    return table


def render_seed(report: SeedReport, console: Console) -> None:
    missing = ", ".join(report.missing_required) or "none missing"
    console.print(
        _figures(
            f"sitrep gold, {report.events} events extracted",
            [
                (
                    "required recall",
                    _pct(report.recall),
                    f"{report.required_found}/{report.required}; {missing}",
                ),
                ("optional matched", str(report.optional_found), f"of {report.optional}"),
                (
                    "location accuracy",
                    _pct(report.location_accuracy),
                    f"{report.location_correct}/{report.location_scored} matched gold events",
                ),
                ("extra events", str(len(report.extra)), f"goal <= {report.extra_goal}"),
                ("tagged events", str(len(report.tagged)), "historical / hypothetical / future / negated"),
                ("must-not violations", str(len(report.violations)), "goal 0"),
            ],
        )
    )
    gold = Table(title="Gold events", title_justify="left")
    for name in ("id", "required", "matched by", "location"):
        gold.add_column(name)
    for o in report.gold:
        loc = "-" if o.location_ok is None else ("ok" if o.location_ok else "wrong")
        gold.add_row(o.id, "yes" if o.required else "no", str(len(o.matched_by)), loc)
    console.print(gold)
    if report.extra:
        console.print(_event_table("Extra events", report.extra))
    if report.tagged:
        console.print(_event_table("Tagged events", report.tagged))
    if report.violations:
        table = _event_table("Must-not violations", [v.event for v in report.violations])
        console.print(table)
        for v in report.violations:
            console.print(f"  violates: {v.rule}")
    if report.alliance is not None:
        a = report.alliance
        blocs = ", ".join(f"{m}={'-' if b is None else b}" for m, b in a.blocs.items())
        console.print(
            f"alliances: bloc_a allied {'yes' if a.allied else 'no'}; bloc_b hostile "
            f"{'yes' if a.hostile else 'no'}; blocs: {blocs}"
        )


def render(report: PloverReport | LocationReport | SeedReport, console: Console) -> None:
    console.print(f"gold file: {report.gold_file}", soft_wrap=True)
    if isinstance(report, PloverReport):
        render_plover(report, console)
    elif isinstance(report, LocationReport):
        render_location(report, console)
    else:
        render_seed(report, console)
