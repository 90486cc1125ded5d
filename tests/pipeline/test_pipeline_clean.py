"""clean: paragraph offsets index the article text exactly; page furniture is dropped."""

from __future__ import annotations

from typing import cast

import pytest

from sitrep.models import Article
from sitrep.pipeline.clean import clean, is_boilerplate, split_paragraphs
from sitrep.pipeline.resources import Resources
from sitrep.pipeline.state import DocState

TEXT = (
    "  Ceasefire collapses in the north\n\n"
    "Artillery fire resumed near the border on Friday.\n"
    "Residents said the shelling\nlasted for hours.\n\n\n"
    "12 comments\n \n"
    "The ministry declined to comment.\n"
    "Leave a comment\n   "
)


def test_paragraph_offsets_index_the_text() -> None:
    paragraphs = split_paragraphs(TEXT)
    assert len(paragraphs) == 6
    for start, paragraph in paragraphs:
        assert TEXT[start : start + len(paragraph)] == paragraph
        assert paragraph == paragraph.strip()


def test_a_line_break_inside_a_sentence_is_wrapping_not_a_paragraph() -> None:
    texts = [p for _, p in split_paragraphs(TEXT)]
    assert "Residents said the shelling\nlasted for hours." in texts


@pytest.mark.parametrize(
    "line",
    [
        "Leave a comment",
        "12 comments",
        "Comments are closed.",
        "Share this article",
        "Subscribe to our newsletter",
        "Click here to read more",
        "Photo: AFP",
        "By Jane Okafor",
    ],
)
def test_page_furniture_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The ministry declined to comment.",
        "The rebels said they would comment on the truce proposal after consulting their commanders.",
        "Artillery fire resumed near the border on Friday.",
    ],
)
def test_reporting_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_clean_stage_drops_boilerplate_keeps_offsets_and_marks_the_title() -> None:
    article = Article(text=TEXT, title="Ceasefire collapses in the north")
    state = DocState(article=article, published=None)
    clean(state, cast(Resources, None))  # the stage uses no resources
    texts = [p.text for p in state.paragraphs]
    assert "12 comments" not in texts and "Leave a comment" not in texts
    assert "The ministry declined to comment." in texts
    assert [p.index for p in state.paragraphs] == list(range(len(state.paragraphs)))
    assert [p.is_title for p in state.paragraphs] == [True] + [False] * (len(state.paragraphs) - 1)
    for p in state.paragraphs:
        assert TEXT[p.start : p.start + len(p.text)] == p.text
