"""Score event locations against the event-location gold (SCORING.md, "Event-location gold").

Each record is one article with no publication date. The scored event is the one whose trigger overlaps
the gold verb span (the most confident of them if several do), else the most confident event overall.
*Location found* is measured on records with a gold location; *false location* on records without one,
where only a city- or place-level guess counts against the extractor (a country fallback is allowed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sitrep.evaluation.common import Extractor, most_confident, ratio, read_jsonl, run
from sitrep.models import Article, Event

FOUND_GOAL = 0.70
FALSE_GOAL = 0.20
FINE_PRECISIONS = frozenset({"city", "place"})


@dataclass
class LocationOutcome:
    id: str
    gold: list[str]
    predicted: str | None  # the chosen event's location.text
    precision: str | None
    by_trigger: bool  # the event was chosen by trigger overlap
    correct: bool  # found (gold location) / not a false location (none in gold)


@dataclass
class LocationReport:
    gold_file: str
    records: int
    with_location: int
    found: int
    found_rate: float | None
    without_location: int
    false_locations: int
    false_rate: float | None
    no_event: int  # records where the extractor returned nothing
    by_trigger: int  # records whose event was chosen by trigger overlap
    found_goal: float = FOUND_GOAL
    false_goal: float = FALSE_GOAL
    outcomes: list[LocationOutcome] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"format": "location", **asdict(self)}


def _spans(record: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [s for s in record.get(key) or [] if isinstance(s, dict)]


def _overlaps(event: Event, spans: Sequence[dict[str, Any]]) -> bool:
    trig = event.evidence.trigger
    if trig is None:
        return False
    return any(trig.start < int(s["end"]) and int(s["start"]) < trig.end for s in spans)


def choose_event(events: Sequence[Event], verb_spans: Sequence[dict[str, Any]]) -> tuple[Event | None, bool]:
    """The event to score and whether it was chosen by trigger overlap."""
    overlapping = [e for e in events if _overlaps(e, verb_spans)]
    if overlapping:
        return most_confident(overlapping), True
    return most_confident(events), False


def score_location(
    records: Sequence[dict[str, Any]], extract_many: Extractor, *, gold_file: str = ""
) -> LocationReport:
    """Score ``records`` (parsed gold lines) with ``extract_many``."""
    articles = [
        Article(text=r["text"], id=str(r.get("id") or f"record-{i}"), published=None)
        for i, r in enumerate(records, start=1)
    ]
    results = run(extract_many, articles)
    outcomes: list[LocationOutcome] = []
    for article, record, result in zip(articles, records, results, strict=True):
        event, by_trigger = choose_event(result.events, _spans(record, "event_verb"))
        gold = [str(s.get("text", "")) for s in _spans(record, "event_locations")]
        loc = event.location if event else None
        if gold:
            wanted = {g.lower().strip() for g in gold}
            correct = loc is not None and (loc.text or "").lower().strip() in wanted
        else:
            correct = loc is None or loc.precision not in FINE_PRECISIONS
        outcomes.append(
            LocationOutcome(
                id=article.id,
                gold=gold,
                predicted=loc.text if loc else None,
                precision=loc.precision if loc else None,
                by_trigger=by_trigger,
                correct=correct,
            )
        )
    located = [o for o in outcomes if o.gold]
    unlocated = [o for o in outcomes if not o.gold]
    found = sum(o.correct for o in located)
    false = sum(not o.correct for o in unlocated)
    return LocationReport(
        gold_file=gold_file,
        records=len(records),
        with_location=len(located),
        found=found,
        found_rate=ratio(found, len(located)),
        without_location=len(unlocated),
        false_locations=false,
        false_rate=ratio(false, len(unlocated)),
        no_event=sum(1 for r in results if not r.events),
        by_trigger=sum(o.by_trigger for o in outcomes),
        outcomes=outcomes,
    )


def evaluate_location(
    path: str | Path, extract_many: Extractor, *, limit: int | None = None
) -> LocationReport:
    """Read an event-location gold JSONL (first ``limit`` records) and score it."""
    return score_location(read_jsonl(path, limit=limit), extract_many, gold_file=str(path))
