"""Query parameters shared by several routers, declared once so their docs and checks agree."""

from __future__ import annotations

import calendar
from typing import Annotated

from fastapi import Query

# Empty values are allowed (a cleared form field) and mean "no filter".
DATE_PATTERN = r"^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$"
FULL_DATE_PATTERN = r"^(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))?$"
COUNTRY_PATTERN = r"^([A-Za-z]{3})?$"
PATTERN_HINTS = {
    DATE_PATTERN: "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    FULL_DATE_PATTERN: "a date (YYYY-MM-DD)",
    COUNTRY_PATTERN: "a three-letter code such as LBY",
}
MAX_LIMIT = 1000

Since = Annotated[
    str | None,
    Query(
        pattern=DATE_PATTERN, description="On or after this date: YYYY, YYYY-MM or YYYY-MM-DD (inclusive)."
    ),
]
Until = Annotated[
    str | None,
    Query(
        pattern=DATE_PATTERN, description="On or before this date: YYYY, YYYY-MM or YYYY-MM-DD (inclusive)."
    ),
]
Country = Annotated[
    str | None,
    Query(
        pattern=COUNTRY_PATTERN, description="ISO 3166-1 alpha-3 (or a PLOVER code such as IGO), any case."
    ),
]


def clean(value: str | None) -> str | None:
    """Empty strings (a cleared form field) mean "no filter"."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def full_date(value: str | None, *, upper: bool) -> str | None:
    """``2014`` / ``2014-05`` as the first or last day of the period: analysis compares full dates."""
    value = clean(value)
    if value is None:
        return None
    parts = value.split("-")
    year = int(parts[0])
    if len(parts) == 3:
        return value
    if len(parts) == 2:
        month = int(parts[1])
        day = calendar.monthrange(year, month)[1] if upper else 1
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-12-31" if upper else f"{year:04d}-01-01"


def window(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    return full_date(since, upper=False), full_date(until, upper=True)
