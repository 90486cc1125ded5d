from __future__ import annotations

import pytest

from sitrep.ingest import normalize_published


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2014-05-20", "2014-05-20"),
        (" 2014-05-20T21:30:00Z ", "2014-05-20T21:30:00Z"),
        ("2014-05-20T21:30:00+02:00", "2014-05-20T21:30:00+02:00"),
        ("20 May 2014", "2014-05-20"),
        ("May 20, 2014", "2014-05-20"),
        ("Tue, 20 May 2014 21:30:00 GMT", "2014-05-20"),
        ("2014-13-01", None),
        ("May 2014", None),
        ("yesterday", None),
        ("3 days ago", None),
        ("today", None),
        ("20140520", None),
        ("", None),
        ("no date here", None),
    ],
)
def test_normalize_published(given: str, expected: str | None) -> None:
    assert normalize_published(given) == expected
