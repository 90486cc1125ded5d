"""Tell a gold file's format from its content: sitrep (gold.json), PLOVER or event-location JSONL."""

from __future__ import annotations

import json
from pathlib import Path

from sitrep.errors import EvalError

FORMATS = ("plover", "location", "sitrep")


def sniff_format(path: str | Path) -> str:
    """``sitrep`` for a JSON object with events and match_rules; for JSONL, by the first record's keys."""
    file = Path(path)
    if not file.is_file():
        raise EvalError(f"gold file not found: {file}")
    if file.suffix.lower() == ".json":
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise EvalError(f"{file}: not JSON: {exc.msg}") from None
        if isinstance(data, dict) and "events" in data and "match_rules" in data:
            return "sitrep"
        raise EvalError(f"{file}: cannot tell the gold format (no events and match_rules); pass --format")
    with file.open(encoding="utf-8") as fh:
        first = next((line for line in fh if line.strip()), "")
    try:
        record = json.loads(first) if first else None
    except json.JSONDecodeError:
        record = None
    if isinstance(record, dict):
        if "event_plover2021" in record:
            return "plover"
        if "event_verb" in record:
            return "location"
    raise EvalError(f"{file}: cannot tell the gold format; pass --format")
