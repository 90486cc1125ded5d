"""Export formats: each written file is read back and checked field by field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sitrep.errors import SitrepError
from sitrep.export import CSV_COLUMNS, export_events, flatten, plover_record
from sitrep.models import Event, Evidence, FusedEvent, Location, Party, SourceReport, Span


def make_event(n: int, *, located: bool = True, dead: int | None = 2) -> Event:
    sentence = f"Rebels shelled the port district, report {n}."
    return Event(
        article_id=f"art-{n}",
        event_type="ASSAULT",
        mode="artillery",
        contexts=["military"],
        evidence=Evidence(
            sentence=sentence, start=10, end=10 + len(sentence), trigger=Span("shelled", 17, 24)
        ),
        actors=[
            Party(text="the rebels", name="Rebel Brigade", country="LBY", sector="REB"),
            Party(text="their allies", name=None, country=None, sector="REB"),
        ],
        recipients=[Party(text="the port", name="Port Authority", country="LBY", sector="GOV")],
        date="2014-05-18",
        location=Location(text="Misrata", name="Misrata", country="LBY", lat=32.37, lon=15.09)
        if located
        else None,
        dead=dead,
        injured=None,
        quad_class=4,
        intensity=-9.0,
        acled_event_type="Explosions/Remote violence",
        acled_sub_event_type="Shelling/artillery/missile attack",
        confidence=0.75,
        explain="hand-made",
    )


def make_fused() -> FusedEvent:
    a, b = make_event(1), make_event(2, dead=3)
    return FusedEvent(
        event=a,
        sources=[
            SourceReport(article_id=a.article_id, event_id=a.id, evidence=a.evidence, source="One", dead=2),
            SourceReport(article_id=b.article_id, event_id=b.id, evidence=b.evidence, source="Two", dead=3),
        ],
    )


EVENTS = [make_event(1), make_event(2, located=False, dead=None), make_event(3)]


def test_flatten_columns() -> None:
    row = flatten(EVENTS[0])
    assert tuple(row) == CSV_COLUMNS
    assert row["actors"] == "Rebel Brigade; their allies"  # name, else text
    assert (row["country"], row["location"], row["lat"], row["lon"]) == ("LBY", "Misrata", 32.37, 15.09)
    assert row["source_count"] is None
    assert flatten(make_fused())["source_count"] == 2


def test_csv(tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    assert export_events([*EVENTS, make_fused()], fmt="csv", path=str(out)) == 4
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["dead"] for r in rows] == ["2", "", "2", "2"]
    assert rows[1]["lat"] == "" and rows[0]["recipients"] == "Port Authority"
    assert rows[0]["sentence"] == EVENTS[0].evidence.sentence
    assert rows[3]["source_count"] == "2"


def test_jsonl_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    export_events(EVENTS, fmt="jsonl", path=str(out))
    back = [Event.from_dict(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()]
    assert back == EVENTS
    fused_out = tmp_path / "f.jsonl"
    export_events([make_fused()], fmt="jsonl", path=str(fused_out))
    assert FusedEvent.from_dict(json.loads(fused_out.read_text(encoding="utf-8"))) == make_fused()


def test_parquet_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    assert export_events(EVENTS, fmt="parquet", path=str(out)) == 3
    table = pq.read_table(out)
    assert table.num_rows == 3
    assert str(table.schema.field("dead").type) == "int64"
    assert str(table.schema.field("lat").type) == "double"
    rows = table.to_pylist()
    assert [r["dead"] for r in rows] == [2, None, 2]
    assert json.loads(rows[0]["actors"])[0]["name"] == "Rebel Brigade"
    assert json.loads(rows[0]["evidence"])["trigger"]["text"] == "shelled"
    assert rows[1]["location"] is None and rows[1]["lat"] is None
    assert "source_count" not in table.column_names


def test_parquet_fused_and_empty(tmp_path: Path) -> None:
    fused = tmp_path / "f.parquet"
    export_events([make_fused()], fmt="parquet", path=str(fused))
    (row,) = pq.read_table(fused).to_pylist()
    assert row["source_count"] == 2 and len(json.loads(row["sources"])) == 2
    empty = tmp_path / "empty.parquet"
    assert export_events([], fmt="parquet", path=str(empty)) == 0
    assert pq.read_table(empty).num_rows == 0


def test_parquet_refuses_stdout() -> None:
    with pytest.raises(SitrepError, match="stdout"):
        export_events(EVENTS, fmt="parquet", path="-")


def test_geojson(tmp_path: Path) -> None:
    out = tmp_path / "e.geojson"
    assert export_events(EVENTS, fmt="geojson", path=str(out)) == 2  # one event has no coordinates
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    first = data["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [15.09, 32.37]}  # lon, lat
    assert first["properties"]["event_type"] == "ASSAULT" and first["id"] == EVENTS[0].id
    empty = tmp_path / "empty.geojson"
    export_events([], fmt="geojson", path=str(empty))
    assert json.loads(empty.read_text()) == {"type": "FeatureCollection", "features": []}


def test_plover(tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    export_events(EVENTS[:2], fmt="plover", path=str(out))
    first, second = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert set(first) == {
        "id", "date", "event_type", "mode", "context", "source_actor", "target_actor",
        "location", "dead", "injured", "text",
    }  # fmt: skip
    assert first["source_actor"] == {
        "text": "the rebels; their allies",
        "name": "Rebel Brigade; their allies",
        "country": "LBY",
        "sector": "REB",
    }
    assert first["target_actor"]["sector"] == "GOV"
    assert first["context"] == ["military"] and first["text"] == EVENTS[0].evidence.sentence
    assert second["location"] is None and second["dead"] is None
    assert plover_record({**EVENTS[0].to_dict(), "recipients": []})["target_actor"] is None


def test_unknown_format_and_unwritable_path(tmp_path: Path) -> None:
    with pytest.raises(SitrepError, match="unknown export format"):
        export_events(EVENTS, fmt="xml", path=str(tmp_path / "x"))
    with pytest.raises(SitrepError, match="cannot write"):
        export_events(EVENTS, fmt="csv", path=str(tmp_path / "missing" / "x.csv"))
