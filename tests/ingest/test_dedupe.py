from __future__ import annotations

import json
from pathlib import Path

from sitrep.ingest import BadInput, Deduper, dedupe, read_articles
from sitrep.models import Article

TEXT = "Border guards exchanged fire with smugglers.\nNo one was hurt.\n"


def test_same_text_from_two_files_is_kept_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"text": TEXT, "id": "other"}) + "\n" + json.dumps({"text": "Different."}) + "\n{bad\n"
    )
    (tmp_path / "c.txt").write_bytes(TEXT.replace("\n", "\r\n").encode())
    deduper = Deduper()
    items = list(deduper(read_articles([str(tmp_path)])))
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.text for a in articles] == [TEXT, "Different."]
    assert articles[0].origin == str(tmp_path / "a.txt")
    assert deduper.duplicates == 2
    assert deduper.dropped == [
        (f"{tmp_path / 'b.jsonl'}:1", str(tmp_path / "a.txt")),
        (str(tmp_path / "c.txt"), str(tmp_path / "a.txt")),
    ]
    assert [i.origin for i in items if isinstance(i, BadInput)] == [f"{tmp_path / 'b.jsonl'}:3"]


def test_dedupe_function_and_bad_inputs_pass() -> None:
    bad = BadInput("x", "empty article")
    items: list[Article | BadInput] = [
        Article(text="one"),
        bad,
        Article(text="one"),
        bad,
        Article(text="two"),
    ]
    assert list(dedupe(items)) == [items[0], bad, bad, items[4]]


def test_count_only_deduper_drops_the_same_articles() -> None:
    bad = BadInput("x", "empty article")
    items: list[Article | BadInput] = [
        Article(text="one", origin="a:1"),
        bad,
        Article(text="one", id="copy", origin="a:2"),
        Article(text="two", origin="a:3"),
        Article(text="two", origin="a:4"),
        Article(text="one", origin="a:5"),
    ]
    counting = Deduper(keep_origins=False)
    assert list(counting(items)) == list(Deduper()(items)) == [items[0], bad, items[3]]
    assert counting.duplicates == 3
    assert counting.dropped == []  # nothing kept per repeat
