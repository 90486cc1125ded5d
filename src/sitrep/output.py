"""Print records as JSON (a list), JSON lines, CSV or a rich table: the ``--format`` of query commands.

Nested records go out whole as JSON and JSONL; CSV and tables need flat rows, so callers pass ``flatten``.
Everything streams, so a large result never has to fit in memory except for a table.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

OUTPUT_FORMATS = ("json", "jsonl", "csv", "table")
PIPE_WIDTH = 160

Row = dict[str, Any]


def _dumps(data: Any, *, indent: int | None = None) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent)


def write_json(records: Iterable[Row], stream: TextIO) -> int:
    """A JSON list, one indented record after another (streamed, so it is valid JSON at the end)."""
    n = 0
    for rec in records:
        body = _dumps(rec, indent=2).replace("\n", "\n  ")
        stream.write(("[\n  " if n == 0 else ",\n  ") + body)
        n += 1
    stream.write("[]\n" if n == 0 else "\n]\n")
    return n


def write_jsonl(records: Iterable[Row], stream: TextIO) -> int:
    n = 0
    for rec in records:
        stream.write(_dumps(rec) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[Row], stream: TextIO, *, columns: Sequence[str] | None = None) -> int:
    """CSV with a header. Columns come from ``columns``, else from the first row."""
    writer: csv.DictWriter[str] | None = None
    n = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(
                stream, fieldnames=list(columns or row), lineterminator="\n", extrasaction="ignore"
            )
            writer.writeheader()
        writer.writerow(row)
        n += 1
    if writer is None and columns:
        csv.writer(stream, lineterminator="\n").writerow(columns)
    return n


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict | list):
        return _dumps(value)
    return str(value)


def write_table(
    rows: Iterable[Row], stream: TextIO, *, columns: Sequence[str] | None = None, title: str | None = None
) -> int:
    """A rich table. Long cells wrap; short ones (numbers, dates, codes) never do.

    The width is the terminal's, or ``PIPE_WIDTH`` columns when the output is not a terminal.
    """
    materialized = list(rows)
    cols = list(columns or (materialized[0] if materialized else []))
    cells = [[_cell(row.get(c)) for c in cols] for row in materialized]
    table = Table(title=title, header_style="bold")
    for i, col in enumerate(cols):
        longest = max([len(col), *(len(r[i]) for r in cells)])
        table.add_column(col, no_wrap=longest <= 12, overflow="fold")
    for row_cells in cells:
        table.add_row(*row_cells)
    isatty = getattr(stream, "isatty", None)
    width = None if isatty is not None and isatty() else PIPE_WIDTH
    Console(file=stream, width=width).print(table)
    return len(materialized)


def emit(
    records: Iterable[Row],
    *,
    fmt: str,
    stream: TextIO,
    flatten: Callable[[Row], Row] | None = None,
    csv_columns: Sequence[str] | None = None,
    table_columns: Sequence[str] | None = None,
) -> int:
    """Write ``records`` in ``fmt`` (one of OUTPUT_FORMATS); returns how many were written."""
    if fmt == "json":
        return write_json(records, stream)
    if fmt == "jsonl":
        return write_jsonl(records, stream)
    rows = (flatten(r) for r in records) if flatten else records
    if fmt == "csv":
        return write_csv(rows, stream, columns=csv_columns)
    if fmt == "table":
        return write_table(rows, stream, columns=table_columns or csv_columns)
    raise ValueError(f"unknown output format {fmt!r}")
