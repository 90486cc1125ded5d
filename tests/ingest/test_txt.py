from __future__ import annotations

from pathlib import Path

from sitrep.ingest import BadInput, read_articles
from sitrep.models import Article, content_hash

BODY = "Rebels seized a checkpoint outside the town on Friday.\nTwo guards were wounded.\n"


def read_one(path: Path, **options: object) -> Article | BadInput:
    items = list(read_articles([str(path)], **options))  # type: ignore[arg-type]
    assert len(items) == 1
    return items[0]


def test_title_is_first_non_empty_line_and_stays_in_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("\n   \n  Checkpoint seized  \n" + BODY, encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.title == "Checkpoint seized"
    assert article.text == "\n   \n  Checkpoint seized  \n" + BODY
    start = article.text.index("Rebels")
    assert article.text[start : start + 6] == "Rebels"
    assert article.origin == str(path)
    assert article.language == "en"
    assert article.published is None


def test_crlf_and_lone_cr_become_lf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Title line\r\nFirst sentence.\r\rSecond sentence.\r\n")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.text == "Title line\nFirst sentence.\n\nSecond sentence.\n"
    assert article.title == "Title line"


def test_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHeadline\nBody text here.".encode())
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.text == "Headline\nBody text here."
    assert article.title == "Headline"


def test_id_is_content_hash_and_stable(tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(BODY, encoding="utf-8")
    two.write_bytes(BODY.replace("\n", "\r\n").encode())
    first, second = read_one(one), read_one(two)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == content_hash(BODY) == second.id
    assert len(first.id) == 16


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.txt"
    empty.write_bytes(b"")
    blank.write_bytes(b" \n\t\r\n  ")
    assert read_one(empty) == BadInput(str(empty), "empty article")
    assert read_one(blank) == BadInput(str(blank), "empty article")


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"GIF89a\x00\x01\x02 some bytes")
    item = read_one(path)
    assert isinstance(item, BadInput)
    assert "binary" in item.reason
    assert str(item) == f"{path}: {item.reason}"


def test_many_control_characters_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "ctrl.txt"
    path.write_bytes(b"ab\x01\x02\x03\x04cd\x05\x06\x07\x08ef\x0e\x0f\x10\x11")
    item = read_one(path)
    assert isinstance(item, BadInput)
    assert item.reason.startswith("binary content")


def test_a_few_tabs_and_form_feeds_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "tabs.txt"
    path.write_bytes(b"Title\n\tIndented paragraph.\x0c\n\tAnother.\n")
    assert isinstance(read_one(path), Article)


def test_undecodable_reports_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 bombing\n".encode("latin-1"))
    item = read_one(path)
    assert item == BadInput(str(path), "not valid UTF-8 (byte 0xe9 at offset 3)")


def test_oversize_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 101, encoding="utf-8")
    item = read_one(path, max_bytes=100)
    assert item == BadInput(str(path), "file too large (101 bytes > 100 limit)")
    assert isinstance(read_one(path, max_bytes=101), Article)


def test_explicit_file_with_other_extension_is_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("Short note\nProtesters gathered downtown.", encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.title == "Short note"


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    assert read_one(path) == BadInput(str(path), "no such file or directory")


def test_flags_fill_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    article = read_one(path, published="20 May 2014", source="Wire", url="https://example.org/a")
    assert isinstance(article, Article)
    assert (article.published, article.source, article.url) == ("2014-05-20", "Wire", "https://example.org/a")
