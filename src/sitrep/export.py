"""Event exports in standard formats: CSV, JSONL, Parquet, GeoJSON and PLOVER JSONL.

Each writer takes event records (``Event``, ``FusedEvent`` or their ``to_dict()`` form), streams them to a
path (``-`` is stdout for the text formats) and returns how many it wrote.
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from sitrep.errors import SitrepError
from sitrep.models import Event, Evidence, FusedEvent

Record = Event | FusedEvent | dict[str, Any]

FORMATS = ("csv", "jsonl", "parquet", "geojson", "plover")

CSV_COLUMNS = (
    "id",
    "article_id",
    "event_type",
    "mode",
    "date",
    "country",
    "location",
    "lat",
    "lon",
    "actors",
    "recipients",
    "dead",
    "injured",
    "arrested",
    "acled_event_type",
    "acled_sub_event_type",
    "confidence",
    "sentence",
    "source_count",
)

INT_COLUMNS = ("dead", "injured", "arrested", "size", "quad_class", "source_count")
FLOAT_COLUMNS = ("lat", "lon", "intensity", "confidence")


def as_record(item: Record) -> dict[str, Any]:
    return item if isinstance(item, dict) else item.to_dict()


def party_names(parties: Iterable[dict[str, Any]] | None) -> str:
    """Names (else texts) of actors or recipients, joined by "; "."""
    return "; ".join(p.get("name") or p.get("text") or "" for p in parties or [])


def flatten(item: Record) -> dict[str, Any]:
    """One flat row per event: the CSV columns. ``source_count`` is None for a raw event."""
    rec = as_record(item)
    loc = rec.get("location") or {}
    evidence = rec.get("evidence") or {}
    return {
        "id": rec.get("id"),
        "article_id": rec.get("article_id"),
        "event_type": rec.get("event_type"),
        "mode": rec.get("mode"),
        "date": rec.get("date"),
        "country": loc.get("country"),
        "location": loc.get("name") or loc.get("text"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "actors": party_names(rec.get("actors")),
        "recipients": party_names(rec.get("recipients")),
        "dead": rec.get("dead"),
        "injured": rec.get("injured"),
        "arrested": rec.get("arrested"),
        "acled_event_type": rec.get("acled_event_type"),
        "acled_sub_event_type": rec.get("acled_sub_event_type"),
        "confidence": rec.get("confidence"),
        "sentence": evidence.get("sentence"),
        "source_count": rec.get("source_count"),
    }


def _first(parties: list[dict[str, Any]], key: str) -> Any:
    return next((p[key] for p in parties if p.get(key)), None)


def _plover_actor(parties: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    if not parties:
        return None
    return {
        "text": "; ".join(p.get("text") or p.get("name") or "" for p in parties),
        "name": party_names(parties),
        "country": _first(parties, "country"),
        "sector": _first(parties, "sector"),
    }


def plover_record(item: Record) -> dict[str, Any]:
    """A PLOVER-style record. Several actors are joined by "; "; country and sector are the first known."""
    rec = as_record(item)
    loc = rec.get("location")
    evidence = rec.get("evidence") or {}
    return {
        "id": rec.get("id"),
        "date": rec.get("date"),
        "event_type": rec.get("event_type"),
        "mode": rec.get("mode"),
        "context": list(rec.get("contexts") or []),
        "source_actor": _plover_actor(rec.get("actors")),
        "target_actor": _plover_actor(rec.get("recipients")),
        "location": (
            {k: loc.get(k) for k in ("name", "country", "admin1", "lat", "lon", "geonames_id", "precision")}
            if loc
            else None
        ),
        "dead": rec.get("dead"),
        "injured": rec.get("injured"),
        "text": evidence.get("sentence"),
    }


def geojson_feature(item: Record) -> dict[str, Any] | None:
    """A Point feature (lon, lat order) with the flat row as properties, or None without coordinates."""
    row = flatten(item)
    if row["lat"] is None or row["lon"] is None:
        return None
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        "properties": row,
    }


# -- writers -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _open_text(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        return
    try:
        stream = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 -- closed below; open errors -> one line
    except OSError as exc:
        raise SitrepError(f"cannot write {path}: {exc.strerror or exc}") from exc
    with stream:
        yield stream


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def write_csv(items: Iterable[Record], path: str) -> int:
    n = 0
    with _open_text(path) as out:
        writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for item in items:
            writer.writerow(flatten(item))
            n += 1
    return n


def write_jsonl(items: Iterable[Record], path: str) -> int:
    n = 0
    with _open_text(path) as out:
        for item in items:
            out.write(_dumps(as_record(item)) + "\n")
            n += 1
    return n


def write_plover(items: Iterable[Record], path: str) -> int:
    n = 0
    with _open_text(path) as out:
        for item in items:
            out.write(_dumps(plover_record(item)) + "\n")
            n += 1
    return n


def write_geojson(items: Iterable[Record], path: str) -> int:
    """A FeatureCollection, one feature per line. Events without coordinates are left out (not counted)."""
    n = 0
    with _open_text(path) as out:
        out.write('{"type": "FeatureCollection", "features": [')
        for item in items:
            feature = geojson_feature(item)
            if feature is None:
                continue
            out.write(("\n" if n == 0 else ",\n") + _dumps(feature))
            n += 1
        out.write("\n]}\n")
    return n


PARQUET_BATCH = 5000
# Every key of the event record, in its order, then flat location columns for convenience.
PARQUET_COLUMNS = (
    *Event(article_id="", event_type="", evidence=Evidence(sentence="", start=0, end=0)).to_dict(),
    "country",
    "lat",
    "lon",
)


def parquet_row(item: Record) -> dict[str, Any]:
    """The event record with nested values (lists, objects) as JSON strings, plus flat location columns."""
    rec = as_record(item)
    loc = rec.get("location") or {}
    row = {k: (_dumps(v) if isinstance(v, dict | list) else v) for k, v in rec.items()}
    row.update(country=loc.get("country"), lat=loc.get("lat"), lon=loc.get("lon"))
    return row


def _parquet_schema(columns: list[str]) -> Any:
    import pyarrow as pa

    def kind(name: str) -> Any:
        if name in INT_COLUMNS:
            return pa.int64()
        if name in FLOAT_COLUMNS:
            return pa.float64()
        return pa.string()

    return pa.schema([(c, kind(c)) for c in columns])


def write_parquet(items: Iterable[Record], path: str) -> int:
    """Parquet with a fixed column per record key; written in row groups so memory stays bounded."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if path == "-":
        raise SitrepError("parquet cannot be written to stdout; give a file with -o")
    columns = [*PARQUET_COLUMNS]
    n = 0
    writer: Any = None
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal writer
        if writer is None:
            if any("source_count" in r for r in batch):
                columns.extend(["source_count", "sources"])
            writer = pq.ParquetWriter(path, _parquet_schema(columns))
        table = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in batch], schema=writer.schema)
        writer.write_table(table)
        batch.clear()

    try:
        for item in items:
            batch.append(parquet_row(item))
            n += 1
            if len(batch) >= PARQUET_BATCH:
                flush()
        if batch or writer is None:
            flush()
    except OSError as exc:
        raise SitrepError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        if writer is not None:
            writer.close()
    return n


WRITERS: dict[str, Callable[[Iterable[Record], str], int]] = {
    "csv": write_csv,
    "jsonl": write_jsonl,
    "parquet": write_parquet,
    "geojson": write_geojson,
    "plover": write_plover,
}


def export_events(items: Iterable[Record], *, fmt: str, path: str) -> int:
    """Write ``items`` to ``path`` in ``fmt`` (one of FORMATS); returns the number of records written."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise SitrepError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return writer(items, path)
