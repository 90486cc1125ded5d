from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import BadInput, discover, read_articles
from sitrep.models import Article


def make_tree(root: Path) -> None:
    (root / "b").mkdir()
    (root / "a").mkdir()
    (root / "a" / "inner").mkdir()
    (root / ".hidden").mkdir()
    (root / "z.txt").write_text("Top level\nA convoy was ambushed.", encoding="utf-8")
    (root / "a" / "y.TXT").write_text("Upper-case extension\nA bridge was shelled.", encoding="utf-8")
    (root / "a" / "inner" / "x.jsonl").write_text(json.dumps({"text": "Deep record about a strike."}) + "\n")
    (root / "a-b.txt").write_text("Dash name\nLeaders signed an accord.", encoding="utf-8")
    (root / "b" / "page.htm").write_text(
        "<html><body><article><p>" + "A ceasefire held overnight. " * 5 + "</p></article></body></html>"
    )
    (root / "b" / "notes.md").write_text("ignored because of its extension")
    (root / "b" / "data.csv").write_text("a,b\n1,2\n")
    (root / ".hidden" / "h.txt").write_text("hidden dir\nnot read")
    (root / ".dot.txt").write_text("hidden file\nnot read")


def test_directory_recursion_is_sorted_and_filtered(tmp_path: Path) -> None:
    make_tree(tmp_path)
    found = [str(Path(p).relative_to(tmp_path)) for p in discover([str(tmp_path)])]  # type: ignore[arg-type]
    assert found == ["a/inner/x.jsonl", "a/y.TXT", "a-b.txt", "b/page.htm", "z.txt"]
    items = list(read_articles([str(tmp_path)]))
    assert all(isinstance(i, Article) for i in items)
    assert [Path(str(i.origin)).name for i in items] == ["x.jsonl:1", "y.TXT", "a-b.txt", "page.htm", "z.txt"]


def test_paths_keep_command_line_order(tmp_path: Path) -> None:
    (tmp_path / "2.txt").write_text("Second\nbody two")
    (tmp_path / "1.txt").write_text("First\nbody one")
    missing = str(tmp_path / "gone")
    items = list(read_articles([str(tmp_path / "2.txt"), missing, str(tmp_path / "1.txt")]))
    assert [getattr(i, "title", None) for i in items] == ["Second", None, "First"]
    assert items[1] == BadInput(missing, "no such file or directory")


def test_stdin_text() -> None:
    stdin = io.StringIO("\n\nRiot in the capital\nShops were looted overnight.\r\n")
    [article] = read_articles(["-"], stdin=stdin, source="paste")
    assert isinstance(article, Article)
    assert article.text == "\n\nRiot in the capital\nShops were looted overnight.\n"
    assert (article.title, article.origin, article.source) == ("Riot in the capital", "<stdin>", "paste")


def test_stdin_jsonl_from_binary_buffer() -> None:
    raw = (
        b"\n"
        + json.dumps({"text": "First piped record."}).encode()
        + b"\nnot json\n"
        + json.dumps({"text": "Third."}).encode()
    )
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    items = list(read_articles(["-"], stdin=stdin))
    assert [i.origin for i in items] == ["<stdin>:2", "<stdin>:3", "<stdin>:4"]
    assert isinstance(items[0], Article) and isinstance(items[2], Article)
    assert isinstance(items[1], BadInput) and items[1].reason.startswith("malformed JSON")


def test_stdin_undecodable_bytes_are_bad_input() -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Title\nCaf\xe9 hit by a rocket"), encoding="utf-8")
    assert list(read_articles(["-"], stdin=stdin)) == [
        BadInput("<stdin>", "not valid UTF-8 (byte 0xe9 at offset 9)")
    ]


def test_stdin_empty_and_oversize() -> None:
    assert list(read_articles(["-"], stdin=io.StringIO(""))) == [BadInput("<stdin>", "empty article")]
    assert list(read_articles(["-"], stdin=io.StringIO("  \n \n"))) == [BadInput("<stdin>", "empty article")]
    [item] = read_articles(["-"], stdin=io.StringIO("T\n" + "y" * 50), max_bytes=20)
    assert item == BadInput("<stdin>", "input too large (> 20 bytes limit)")


def test_bad_published_flag_raises_before_reading() -> None:
    with pytest.raises(InputError, match="unparseable published date 'last week'"):
        read_articles(["does-not-matter"], published="last week")
