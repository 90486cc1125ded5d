"""dates.resolve_date: point-in-time expressions against the publication date; no model needed."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.pipeline.dates import resolve_date

# A Tuesday.
PUBLISHED = dt.date(2014, 5, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday", dt.date(2014, 5, 19)),
        ("on Sunday", dt.date(2014, 5, 18)),
        ("Wednesday", dt.date(2014, 5, 14)),  # the past is preferred: last week's Wednesday
        ("late Monday night", dt.date(2014, 5, 19)),
        ("early Sunday morning", dt.date(2014, 5, 18)),
        ("yesterday", dt.date(2014, 5, 19)),
    ],
)
def test_weekday_and_relative_words_resolve_against_the_publication_date(
    text: str, expected: dt.date
) -> None:
    assert resolve_date(text, published=PUBLISHED) == expected


@pytest.mark.parametrize("text", ["Tuesday", "on Tuesday"])
def test_the_publication_weekday_is_the_publication_day_not_a_week_earlier(text: str) -> None:
    assert resolve_date(text, published=PUBLISHED) == PUBLISHED


@pytest.mark.parametrize("text", ["three years", "20 years", "over the years", "since 2011", "May 2014"])
def test_durations_and_vague_spans_are_not_dates(text: str) -> None:
    assert resolve_date(text, published=PUBLISHED) is None


@pytest.mark.parametrize("text", ["Monday", "late Monday night", "yesterday", "May 18"])
def test_relative_expressions_stay_unresolved_without_a_publication_date(text: str) -> None:
    # Never guessed against today's date.
    assert resolve_date(text, published=None) is None


@pytest.mark.parametrize("text", ["May 18, 2014", "18 May 2014", "2014-05-18"])
@pytest.mark.parametrize("published", [PUBLISHED, None])
def test_absolute_dates_resolve_with_or_without_a_publication_date(
    text: str, published: dt.date | None
) -> None:
    assert resolve_date(text, published=published) == dt.date(2014, 5, 18)


def test_a_day_and_month_takes_the_year_of_publication() -> None:
    assert resolve_date("May 18", published=PUBLISHED) == dt.date(2014, 5, 18)
