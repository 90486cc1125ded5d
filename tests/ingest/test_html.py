from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import BadInput, extract_html, read_articles
from sitrep.models import Article

PARAGRAPHS = [
    "Fighters from two rival militias traded fire on Tuesday near the harbour of a made-up coastal town, "
    "officials told reporters in a written statement.",
    "The provincial governor urged calm and declared a curfew from dusk that will remain in force until "
    "further notice, the statement added.",
    "Residents said the shooting went on for hours before police arrived and closed the roads leading to "
    "the waterfront market.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Militias clash near harbour | The Example Ledger</title>
<meta property="og:site_name" content="The Example Ledger">
<meta property="article:published_time" content="2019-03-04T08:15:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport and leisure</a></li></ul></nav>
<article><h1>Militias clash near harbour</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Reader42: I predicted this a year ago and nobody listened to me.</p></div>
<div class="comment"><p>Anon: What a disgrace, the whole cabinet should resign over this today.</p></div>
</section>
<footer><p>Copyright 2019 The Example Ledger. All rights reserved.</p><a href="/privacy">Privacy policy</a>
</footer></body></html>
"""

NO_META_PAGE = (
    "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"
)


def test_main_text_kept_boilerplate_and_comments_dropped() -> None:
    page = extract_html(PAGE)
    for paragraph in PARAGRAPHS:
        assert paragraph in page.text
    for noise in ("Reader42", "disgrace", "Copyright", "Privacy policy", "Sport and leisure", "Comments"):
        assert noise not in page.text
    assert page.title == "Militias clash near harbour"
    assert page.published == "2019-03-04"
    assert page.source == "The Example Ledger"


def test_nothing_extracted_is_an_error() -> None:
    with pytest.raises(InputError, match="no main text found"):
        extract_html("<html><head><title>Only a title</title></head><body></body></html>")


def test_html_file_metadata_beats_flags(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article] = read_articles(
        [str(path)], published="2001-01-01", source="Flag source", url="https://x.test/"
    )
    assert isinstance(article, Article)
    assert article.published == "2019-03-04"
    assert article.source == "The Example Ledger"
    assert article.url == "https://x.test/"  # the page has no URL, so the flag fills it
    assert article.title == "Militias clash near harbour"
    assert article.origin == str(path)
    start = article.text.index(PARAGRAPHS[1])
    assert article.text[start : start + len(PARAGRAPHS[1])] == PARAGRAPHS[1]


def test_htm_without_metadata_takes_flags_and_first_line_title(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(NO_META_PAGE, encoding="utf-8")
    [article] = read_articles([str(path)], published="2014-05-20")
    assert isinstance(article, Article)
    assert article.published == "2014-05-20"
    assert article.title == PARAGRAPHS[0]


def test_html_without_main_text_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><div></div><script>var x = 1;</script></body></html>", encoding="utf-8")
    assert list(read_articles([str(path)])) == [BadInput(str(path), "no main text found")]


def test_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    text = PARAGRAPHS[0].replace("made-up", "caf\u00e9-side")
    page = (
        f'<html><head><meta charset="iso-8859-1"></head><body><article><p>{text}</p></article></body></html>'
    )
    path.write_bytes(page.encode("latin-1"))
    [article] = read_articles([str(path)])
    assert isinstance(article, Article)
    assert "caf\u00e9-side" in article.text


def test_undeclared_non_utf8_html_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "raw.html"
    path.write_bytes(b"<html><body><p>Caf\xe9 attacked</p></body></html>")
    [item] = read_articles([str(path)])
    assert isinstance(item, BadInput)
    assert item.reason.startswith("not valid UTF-8 (byte 0xe9")
