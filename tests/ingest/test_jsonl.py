from __future__ import annotations

import json
from pathlib import Path

from sitrep.ingest import BadInput, read_articles
from sitrep.models import Article, content_hash

GOOD_A = {
    "id": "a-1",
    "title": "Talks resume",
    "text": "Negotiators met again in a neutral capital.",
    "published": "2016-02-03",
}
GOOD_B = {"text": "Police detained twelve people after the rally.\nMore arrests are expected."}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_malformed_line_among_good_ones(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "feed.jsonl",
        [
            json.dumps(GOOD_A),
            "",
            "{not json",
            "   ",
            "[1, 2]",
            json.dumps({"title": "no body"}),
            json.dumps(GOOD_B),
        ],
    )
    items = list(read_articles([str(path)]))
    assert [type(i).__name__ for i in items] == ["Article", "BadInput", "BadInput", "BadInput", "Article"]
    bad = [i for i in items if isinstance(i, BadInput)]
    assert [b.origin for b in bad] == [f"{path}:3", f"{path}:5", f"{path}:6"]
    assert bad[0].reason.startswith("malformed JSON (")
    assert str(bad[0]).startswith(f"{path}:3: malformed JSON (")
    assert bad[1].reason == "malformed JSON (expected an object, got list)"
    assert bad[2].reason == "malformed JSON (record has neither 'text' nor 'html')"
    first, last = items[0], items[-1]
    assert isinstance(first, Article) and isinstance(last, Article)
    assert (first.id, first.title, first.published, first.origin) == (
        "a-1",
        "Talks resume",
        "2016-02-03",
        f"{path}:1",
    )
    assert last.id == content_hash(GOOD_B["text"])
    assert last.title == "Police detained twelve people after the rally."
    assert last.origin == f"{path}:7"


def test_text_field_stored_verbatim(tmp_path: Path) -> None:
    text = "  Line one.\r\nLine two.  "
    path = write_lines(tmp_path / "v.jsonl", [json.dumps({"text": text})])
    [article] = read_articles([str(path)])
    assert isinstance(article, Article)
    assert article.text == text


def test_record_fields_beat_flags_and_flags_fill_gaps(tmp_path: Path) -> None:
    record = {
        "text": "Troops withdrew from the border post.",
        "source": "Record outlet",
        "published": "2020-07-01T06:00:00Z",
    }
    path = write_lines(tmp_path / "m.jsonl", [json.dumps(record), json.dumps({"text": "A second report."})])
    first, second = read_articles(
        [str(path)], published="2021-01-01", source="Flag outlet", url="https://flag.test/"
    )
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.published, first.source, first.url) == (
        "2020-07-01T06:00:00Z",
        "Record outlet",
        "https://flag.test/",
    )
    assert (second.published, second.source, second.url) == (
        "2021-01-01",
        "Flag outlet",
        "https://flag.test/",
    )


def test_html_record_and_language(tmp_path: Path) -> None:
    html = (
        "<html><body><nav>Home | World</nav><article><p>Government forces retook a hill town after a week "
        "of fighting, a military spokesman said in a broadcast on state radio.</p></article></body></html>"
    )
    path = write_lines(
        tmp_path / "h.jsonl", [json.dumps({"html": html, "title": "Town retaken", "language": "fr", "id": 7})]
    )
    [article] = read_articles([str(path)])
    assert isinstance(article, Article)
    assert article.text.startswith("Government forces retook a hill town")
    assert "Home | World" not in article.text
    assert (article.title, article.language, article.id) == ("Town retaken", "fr", "7")


def test_bad_field_values(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "f.jsonl",
        [
            json.dumps({"text": "Some text.", "published": "sometime soon"}),
            json.dumps({"text": 42}),
            json.dumps({"text": "   "}),
            json.dumps({"text": "Fine.", "id": True}),
        ],
    )
    items = list(read_articles([str(path)]))
    assert items == [
        BadInput(f"{path}:1", "unparseable published date 'sometime soon'"),
        BadInput(f"{path}:2", "malformed JSON (field 'text' must be a string)"),
        BadInput(f"{path}:3", "empty article"),
        BadInput(f"{path}:4", "malformed JSON (field 'id' must be a string or an integer)"),
    ]


def test_bom_and_undecodable_line(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD_B).encode() + b'\n{"text": "caf\xe9"}\n')
    first, second = read_articles([str(path)])
    assert isinstance(first, Article)
    assert second == BadInput(f"{path}:2", "not valid UTF-8 (byte 0xe9 at column 14)")


def test_oversize_line_is_skipped_and_numbering_continues(tmp_path: Path) -> None:
    big = json.dumps({"text": "x" * 300})
    path = write_lines(tmp_path / "o.jsonl", [json.dumps(GOOD_B), big, json.dumps(GOOD_A)])
    items = list(read_articles([str(path)], max_bytes=200))
    assert items[1] == BadInput(f"{path}:2", "line too large (> 200 bytes limit)")
    assert isinstance(items[0], Article) and isinstance(items[2], Article)
    assert items[2].origin == f"{path}:3"
    assert len(items) == 3


def test_last_line_without_newline(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps(GOOD_B) + "\n" + json.dumps(GOOD_A), encoding="utf-8")
    assert [a.id for a in read_articles([str(path)]) if isinstance(a, Article)] == [
        content_hash(GOOD_B["text"]),
        "a-1",
    ]
