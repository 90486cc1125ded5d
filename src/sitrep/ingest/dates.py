"""Normalize publication dates. Only absolute dates are accepted: sitrep never guesses today."""

from __future__ import annotations

import re
from datetime import datetime

import dateparser

# A calendar date, optionally with a time and a zone. Compact forms ("20140520") and week dates
# are rejected on purpose: ``fromisoformat`` would accept them, but they are rarely meant as dates.
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?")

# "absolute-time" only: relative phrases ("yesterday", "3 days ago") would resolve against the clock.
_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
}


def normalize_published(value: str) -> str | None:
    """Return ``value`` unchanged if it is an ISO date or timestamp, else its ISO date, else None.

    "2014-05-20" and "2014-05-20T21:30:00Z" are kept as given (stripped); "20 May 2014" and
    "Tue, 20 May 2014 21:30:00 GMT" become "2014-05-20". Partial ("May 2014") and relative
    ("yesterday") dates give None.
    """
    text = value.strip()
    if not text:
        return None
    if _ISO.fullmatch(text):
        try:
            datetime.fromisoformat(text)
        except ValueError:  # e.g. month 13
            return None
        return text
    parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date().isoformat() if parsed else None
