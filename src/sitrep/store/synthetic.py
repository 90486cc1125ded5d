"""Synthetic articles and events for load tests and the query benchmark.

Rows are written straight into the tables (``bulk_insert_*``), skipping the pipeline, so a million
events load in about a minute. Countries and event types are skewed (a few dominate, as in real
conflict data) so the benchmark also meets large result sets, not only tiny ones.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from sitrep.models import content_hash
from sitrep.store.base import EventQuery, Store
from sitrep.store.rows import dumps

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
COUNTRIES = (
    "SYR", "IRQ", "AFG", "YEM", "UKR", "NGA", "SOM", "LBY", "MLI", "SDN", "SSD", "COD", "PAK", "IND",
    "MMR", "ETH", "CAF", "BFA", "NER", "TCD", "CMR", "MOZ", "COL", "MEX", "VEN", "PHL", "ISR", "PSE",
    "LBN", "EGY", "TUR", "IRN", "SAU", "RUS", "USA", "GBR", "FRA", "DEU", "CHN", "BGD", "KEN", "UGA",
    "BDI", "RWA", "ZWE", "HTI", "BRA", "PER", "ECU", "BOL", "THA", "IDN", "LKA", "NPL", "DZA", "TUN",
    "MAR", "AZE", "ARM", "GEO",
)  # fmt: skip
START = date(2010, 1, 1)
DAYS = 15 * 365
EVENTS_PER_ARTICLE = 5
UNDATED_SHARE = 0.02
_ACTORS = tuple(
    f"{kind} {n}" for kind in ("Brigade", "Militia", "Ministry", "Front", "Party") for n in range(40)
)


def _cum(n: int, skew: float) -> list[float]:
    return list(accumulate(1.0 / (rank + 1) ** skew for rank in range(n)))


_COUNTRY_W = _cum(len(COUNTRIES), 0.9)
_TYPE_W = _cum(len(PLOVER_TYPES), 0.6)


def fill_synthetic(store: Store, *, n_events: int, seed: int = 0, batch: int = 20_000) -> dict[str, int]:
    """Insert ``n_events`` synthetic events (and their articles); the same seed gives the same rows.

    Ids are derived from the seed, so running it twice with one seed adds nothing the second time.
    Returns the number of articles and events generated.
    """
    rng = random.Random(seed)
    dates = [(START + timedelta(days=d)).isoformat() for d in range(DAYS)]
    n_articles = -(-n_events // EVENTS_PER_ARTICLE)
    article_rows = []
    for a in range(n_articles):
        aid = f"syn{seed}-a{a}"
        text = f"Synthetic article {a} of seed {seed}."
        article_rows.append(
            {
                "id": aid,
                "content_hash": content_hash(text),
                "title": f"Synthetic {a}",
                "text": text,
                "published": None,
                "source": f"outlet{a % 17}",
                "url": None,
                "language": "en",
                "origin": "synthetic",
                "ingested_at": "2026-01-01T00:00:00+00:00",
            }
        )
        if len(article_rows) >= batch:
            store.bulk_insert_articles(article_rows)
            article_rows = []
    store.bulk_insert_articles(article_rows)

    rows: list[dict[str, Any]] = []
    for i in range(n_events):
        rows.append(_event_row(rng, i, seed=seed, dates=dates))
        if len(rows) >= batch:
            store.bulk_insert_events(rows)
            rows = []
    store.bulk_insert_events(rows)
    return {"articles": n_articles, "events": n_events}


def _event_row(rng: random.Random, i: int, *, seed: int, dates: list[str]) -> dict[str, Any]:
    country = rng.choices(COUNTRIES, cum_weights=_COUNTRY_W)[0]
    event_type = rng.choices(PLOVER_TYPES, cum_weights=_TYPE_W)[0]
    day = None if rng.random() < UNDATED_SHARE else dates[rng.randrange(DAYS)]
    actor, recipient = rng.choice(_ACTORS), rng.choice(_ACTORS)
    dead = rng.randrange(20) if event_type == "ASSAULT" else None
    lat, lon = round(rng.uniform(-40, 60), 4), round(rng.uniform(-100, 140), 4)
    article_id = f"syn{seed}-a{i // EVENTS_PER_ARTICLE}"
    sentence = f"{actor} and {recipient}: synthetic {event_type.lower()} event {i}."
    event_id = f"syn{seed}-e{i}"
    record: dict[str, Any] = {
        "id": event_id,
        "article_id": article_id,
        "event_type": event_type,
        "mode": None,
        "contexts": [],
        "tags": [],
        "actors": [{"text": actor, "name": actor, "country": country, "sector": None, "attributes": []}],
        "recipients": [
            {"text": recipient, "name": recipient, "country": country, "sector": None, "attributes": []}
        ],
        "date": day,
        "date_text": None,
        "date_source": "published" if day else None,
        "location": {
            "text": "Somewhere",
            "name": "Somewhere",
            "country": country,
            "admin1": None,
            "lat": lat,
            "lon": lon,
            "geonames_id": None,
            "precision": "city",
        },
        "dead": dead,
        "injured": None,
        "arrested": None,
        "size": None,
        "quad_class": None,
        "intensity": None,
        "acled_event_type": None,
        "acled_sub_event_type": None,
        "confidence": 0.5,
        "evidence": {"sentence": sentence, "start": 0, "end": len(sentence), "trigger": None},
        "explain": "synthetic",
    }
    return {
        "id": event_id,
        "article_id": article_id,
        "event_type": event_type,
        "date": day,
        "country": country,
        "admin1": None,
        "lat": lat,
        "lon": lon,
        "actor_text": f"{actor.lower()} | {recipient.lower()}",
        "sentence": sentence,
        "confidence": 0.5,
        "dead": dead,
        "injured": None,
        "record": dumps(record),
    }


def synthetic_queries(*, n: int, seed: int = 0) -> list[EventQuery]:
    """Benchmark queries shaped like the synthetic data: country + type + a date range, first page."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        start = rng.randrange(DAYS - 30)
        span = rng.choice((30, 90, 365, 3 * 365))
        out.append(
            EventQuery(
                country=rng.choices(COUNTRIES, cum_weights=_COUNTRY_W)[0],
                event_type=rng.choices(PLOVER_TYPES, cum_weights=_TYPE_W)[0],
                since=(START + timedelta(days=start)).isoformat(),
                until=(START + timedelta(days=min(start + span, DAYS - 1))).isoformat(),
                limit=100,
            )
        )
    return out
