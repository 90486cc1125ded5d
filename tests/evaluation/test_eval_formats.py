from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.errors import EvalError
from sitrep.evaluation.formats import sniff_format


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("gold.json", json.dumps({"article": "a.txt", "events": [], "match_rules": "..."}), "sitrep"),
        ("p.jsonl", "\n" + json.dumps({"text": "x", "event_plover2021": "AID"}) + "\n", "plover"),
        ("l.jsonl", json.dumps({"text": "x", "event_verb": [], "event_locations": []}) + "\n", "location"),
    ],
)
def test_formats_are_told_apart(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert sniff_format(path) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gold.json", json.dumps({"events": []})),  # no match_rules
        ("x.jsonl", json.dumps({"text": "x"}) + "\n"),
        ("x.jsonl", "not json\n"),
        ("x.jsonl", ""),
    ],
)
def test_unknown_content_asks_for_format(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalError, match="--format"):
        sniff_format(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="not found"):
        sniff_format(tmp_path / "nope.jsonl")
