"""Clean: split the article into paragraphs and drop boilerplate.

Offsets are kept: each paragraph records where it starts in the article text, so
evidence offsets always index the stored text exactly.
"""

from __future__ import annotations

import re

from sitrep.pipeline.registry import stage
from sitrep.pipeline.resources import Resources
from sitrep.pipeline.state import DocState, Paragraph

# A blank line ends a paragraph; so does a single line break after a sentence end
# (one-paragraph-per-line files). A line break mid-sentence is hard wrapping.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|(?<=[.!?\"”’:])[ \t]*\n")
# Page furniture that is not reporting: comment widgets, share prompts, bylines, credits.
_BOILERPLATE = re.compile(
    r"(?ix)^\W*("
    r".*\b(commenting|comments?\s+(section|policy|are\s+closed|below)|(leave|post|add)\s+a\s+comment)\b.*"
    r"|.*\b(newsletter|subscribe|sign\s+up\s+for|log\s*in\s+to|cookies?\s+policy|accept\s+cookies)\b.*"
    r"|\d+\s+comments?"
    r"|(share|follow|like)\s+(this|us|on)\b.*"
    r"|click\s+here\b.*|read\s+more\b.*|related\s*:.*|advertisement\W*|sponsored\b.*"
    r"|by\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}\s*(,.*)?"
    r"|(photo|image|picture|video)\s*(credit)?\s*:.*"
    r"|\(?(reporting|writing|editing)\s+by\b.*"
    r"|(copyright|©|all\s+rights\s+reserved)\b.*"
    r")\W*$"
)
_MAX_BOILERPLATE_WORDS = 25


def is_boilerplate(text: str) -> bool:
    """True for short page-furniture lines; long paragraphs are kept whatever they contain."""
    words = text.split()
    return len(words) <= _MAX_BOILERPLATE_WORDS and bool(_BOILERPLATE.match(text.strip()))


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) pairs; a paragraph ends at a blank line or a line break before a capital."""
    pieces: list[tuple[int, str]] = []
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        pieces.append((pos, text[pos : match.start()]))
        pos = match.end()
    pieces.append((pos, text[pos:]))
    out = []
    for start, chunk in pieces:
        stripped = chunk.strip()
        if stripped:
            out.append((start + chunk.index(stripped), stripped))
    return out


@stage("clean", requires=["article"], assigns=["paragraphs"])
def clean(state: DocState, res: Resources) -> None:
    title = state.article.title.strip()
    for offset, text in split_paragraphs(state.article.text):
        if is_boilerplate(text):
            continue
        # A headline repeated in the body is skipped; a first sentence that merely became the title
        # (a record without one) ends like a sentence and stays.
        is_title = bool(title) and text == title and not text.rstrip("”\"' ").endswith((".", "!", "?"))
        state.paragraphs.append(
            Paragraph(text=text, start=offset, index=len(state.paragraphs), is_title=is_title)
        )
