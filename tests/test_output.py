"""``--format`` output: JSON list, JSON lines, CSV, table."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sitrep.output import emit

RECORDS = [{"id": "a", "n": 1, "nested": {"x": [1, 2]}}, {"id": "b", "n": None, "nested": {}}]


def render(fmt: str, records: list[dict[str, object]], **kwargs: object) -> str:
    out = io.StringIO()
    emit(iter(records), fmt=fmt, stream=out, **kwargs)  # type: ignore[arg-type]
    return out.getvalue()


@pytest.mark.parametrize("records", [[], RECORDS[:1], RECORDS])
def test_json_is_a_valid_list(records: list[dict[str, object]]) -> None:
    assert json.loads(render("json", records)) == records


def test_jsonl() -> None:
    assert [json.loads(line) for line in render("jsonl", RECORDS).splitlines()] == RECORDS
    assert render("jsonl", []) == ""


def test_csv_flattens_and_keeps_header_when_empty() -> None:
    flat = render("csv", RECORDS, flatten=lambda r: {"id": r["id"], "n": r["n"]})
    assert list(csv.DictReader(io.StringIO(flat))) == [{"id": "a", "n": "1"}, {"id": "b", "n": ""}]
    assert render("csv", [], csv_columns=["id", "n"]).strip() == "id,n"


def test_table_shows_every_row() -> None:
    text = render("table", RECORDS, table_columns=["id", "n"])
    assert "id" in text and "│ a " in text and "│ b " in text


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        render("xml", RECORDS)
