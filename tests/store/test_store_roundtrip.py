"""Hypothesis: any Event saved to SQLite comes back exactly as ``to_dict()`` described it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.models import (
    DATE_SOURCES,
    PRECISIONS,
    TAGS,
    Article,
    ArticleResult,
    Event,
    Evidence,
    Location,
    Party,
    Span,
)
from sitrep.store import Store, open_store

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
short = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
maybe_int = st.none() | st.integers(min_value=0, max_value=10**12)
finite = st.floats(allow_nan=False, allow_infinity=False)
iso_date = st.dates().map(lambda d: d.isoformat())

maybe_short = st.none() | short
party = st.builds(
    Party,
    text=short,
    name=maybe_short,
    country=maybe_short,
    sector=maybe_short,
    attributes=st.lists(short, max_size=2),
)
location = st.builds(
    Location,
    text=short,
    name=short,
    country=maybe_short,
    admin1=st.none() | text,
    lat=st.none() | finite,
    lon=st.none() | finite,
    geonames_id=maybe_int,
    precision=st.sampled_from(PRECISIONS),
)
span = st.builds(Span, text=short, start=st.integers(0, 10**6), end=st.integers(0, 10**6))
evidence = st.builds(
    Evidence, sentence=text, start=st.integers(0, 10**6), end=st.integers(0, 10**6), trigger=st.none() | span
)


@st.composite
def events(draw: st.DrawFn, article_id: str) -> Event:
    return Event(
        article_id=article_id,
        event_type=draw(st.sampled_from(["ASSAULT", "PROTEST", "AID", "CONSULT"])),
        evidence=draw(evidence),
        mode=draw(st.none() | short),
        contexts=draw(st.lists(short, max_size=3)),
        tags=draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True)),
        actors=draw(st.lists(party, max_size=3)),
        recipients=draw(st.lists(party, max_size=2)),
        date=draw(st.none() | iso_date),
        date_text=draw(st.none() | text),
        date_source=draw(st.none() | st.sampled_from(DATE_SOURCES)),
        location=draw(st.none() | location),
        dead=draw(maybe_int),
        injured=draw(maybe_int),
        arrested=draw(maybe_int),
        size=draw(maybe_int),
        quad_class=draw(st.none() | st.integers(1, 4)),
        intensity=draw(st.none() | finite),
        acled_event_type=draw(st.none() | short),
        acled_sub_event_type=draw(st.none() | short),
        confidence=draw(st.floats(0, 1)),
        explain=draw(text),
    )


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("roundtrip") / "rt.db"
    store = open_store(str(path))
    yield store
    store.close()


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_event_round_trip(sqlite_store: Store, data: st.DataObject) -> None:
    art = Article(text=f"article {uuid.uuid4()}", title=data.draw(text))
    ev = data.draw(events(art.id))
    stats = sqlite_store.save([ArticleResult(article=art, events=[ev])])
    assert stats.events == 1
    back = sqlite_store.get_event(ev.id)
    assert back is not None
    assert back.to_dict() == ev.to_dict()
    assert sqlite_store.get_article(art.id) == art
