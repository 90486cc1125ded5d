"""Dates: resolve each event's date from its sentence, its paragraph, or the publication date.

Relative expressions ("on Sunday", "late Monday night") resolve against the
publication date with dateparser, preferring the past. Durations and vague spans
("three years of", "over the years") are not dates. Without a publication date a
relative expression stays unresolved, and sitrep never falls back to today.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser
from spacy.tokens import Span

from sitrep.pipeline.registry import stage
from sitrep.pipeline.resources import Resources
from sitrep.pipeline.spans import entities_in
from sitrep.pipeline.state import DocState

_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_POINT_WORDS = re.compile(
    rf"\b({'|'.join((_WEEKDAYS + ' ' + _MONTHS).split())}|yesterday|today|tonight|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.I,
)
_RELATIVE = re.compile(rf"\b({'|'.join(_WEEKDAYS.split())}|yesterday|today|tonight|last\s+week)\b", re.I)
_NOISE = re.compile(
    r"\b(late|early|on|this|last|past|as\s+of|since|by|until|night|morning|afternoon|evening|overnight|the|of)\b",
    re.I,
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _clean(text: str) -> str:
    text = _NOISE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" ,.")


@lru_cache(maxsize=4096)
def resolve_date(text: str, *, published: dt.date | None) -> dt.date | None:
    """A calendar date for a point-in-time expression, or None for durations and vague spans."""
    if not _POINT_WORDS.search(text):
        return None
    relative = bool(_RELATIVE.search(text)) or (not _YEAR.search(text) and not re.search(r"\d", text))
    if published is None and relative:
        return None
    cleaned = _clean(text)
    if not cleaned:
        return None
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past"}
    if not _RELATIVE.search(text):
        settings["REQUIRE_PARTS"] = ["day"]  # "May 2014" is a month, not a day
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time(12))
    elif not _YEAR.search(text):
        return None  # "May 18" with no publication year would be guessed against today
    try:
        parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)  # type: ignore[arg-type]
    except (ValueError, OverflowError):
        return None
    if parsed is None:
        return None
    day = parsed.date()
    if published is not None and relative and day == published - dt.timedelta(days=7):
        day = published  # "on Tuesday" in a Tuesday paper is that same day
    return day


def year_mentioned(span: Span) -> int | None:
    """An explicit year in the sentence ("in 2011"), used for the historical tag."""
    for ent in entities_in(span):
        if ent.label_ == "DATE":
            match = _YEAR.search(ent.text)
            if match:
                return int(match.group(1))
    return None


def sentence_date(span: Span, *, published: dt.date | None) -> tuple[dt.date | None, str | None]:
    """The first resolvable date expression in a sentence, with its text."""
    for ent in entities_in(span):
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        day = resolve_date(ent.text, published=published)
        if day is not None:
            return day, _with_preposition(ent)
        if _POINT_WORDS.search(ent.text):
            return None, _with_preposition(ent)  # a date we cannot resolve: keep its text
    return None, None


def _with_preposition(ent: Span) -> str:
    """Include a leading 'On'/'As of late' so date_text reads as written."""
    doc = ent.doc
    start = ent.start
    while start > ent.sent.start and doc[start - 1].lower_ in {
        "on",
        "late",
        "early",
        "of",
        "as",
        "since",
        "by",
    }:
        start -= 1
    return doc[start : ent.end].text


@stage("dates", requires=["candidates", "published"], assigns=["candidates.date"])
def assign_dates(state: DocState, res: Resources) -> None:
    paragraph_dates: dict[int, tuple[dt.date | None, str | None]] = {}
    for sent in state.sentences:
        if sent.first_in_paragraph:
            day, text = sentence_date(sent.span, published=state.published)
            if text is not None and sent.span[: max(1, len(sent.span) // 3)].text.find(text.split()[-1]) >= 0:
                paragraph_dates[sent.paragraph] = (day, text)  # the date heads the paragraph
    for cand in state.candidates:
        day, text = sentence_date(cand.sentence.span, published=state.published)
        if text is not None:
            cand.date, cand.date_text, cand.date_source = (day.isoformat() if day else None), text, "sentence"
            continue
        if cand.sentence.paragraph in paragraph_dates:
            day, text = paragraph_dates[cand.sentence.paragraph]
            cand.date, cand.date_text, cand.date_source = (
                (day.isoformat() if day else None),
                text,
                "paragraph",
            )
            continue
        if state.published is not None:
            cand.date, cand.date_text, cand.date_source = state.published.isoformat(), None, "published"
