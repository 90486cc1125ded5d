"""Score event types and parties against PLOVER-format gold (SCORING.md, "PLOVER gold records").

Each record's text is one article published 2000-01-01; the prediction is its most confident event.
A record with no event is an abstention and counts as wrong. Macro F1 averages the per-type F1 over the
types present in the gold, so a type the extractor never predicts still pulls it down. ``mode``,
``context`` and the actor codes are not scored (they follow older conventions).

Records labelled "NONE" (the team's no-event sentences; the PLOVER gold has none) are kept out of all
those figures and measure abstention instead: any event on them is a false event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sitrep.evaluation.common import Extractor, most_confident, ratio, read_jsonl, run
from sitrep.evaluation.matching import count_found
from sitrep.models import Article, Event

PUBLISHED = "2000-01-01"  # the gold's dates are not real
NONE = "(none)"  # the confusion-matrix column of abstentions
NO_EVENT = "NONE"  # gold label of a sentence that reports no event


@dataclass
class TypeScore:
    event_type: str
    gold: int  # records with this gold type
    predicted: int  # records predicted as this type
    correct: int
    precision: float  # 0.0 when never predicted
    recall: float
    f1: float


@dataclass
class PartyScore:
    """Found gold parties over all gold parties, on the records that have any."""

    found: int
    total: int
    records: int
    rate: float | None


@dataclass
class RecordOutcome:
    id: str
    gold: str
    predicted: str | None
    confidence: float | None


@dataclass
class PloverReport:
    gold_file: str
    records: int
    correct: int
    abstentions: int
    accuracy: float | None
    macro_f1: float | None
    per_type: list[TypeScore]
    confusion: dict[str, dict[str, int]]  # gold type -> predicted type or "(none)" -> count
    source: PartyScore
    target: PartyScore
    outcomes: list[RecordOutcome] = field(default_factory=list)
    no_event_records: int = 0
    false_events: int = 0  # no-event records that got an event anyway

    @property
    def false_event_rate(self) -> float | None:
        return ratio(self.false_events, self.no_event_records)

    def to_dict(self) -> dict[str, Any]:
        return {"format": "plover", **asdict(self)}


def _type_scores(gold: Sequence[str], predicted: Sequence[str | None]) -> list[TypeScore]:
    gold_n = Counter(gold)
    pred_n = Counter(p for p in predicted if p is not None)
    hits = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    scores = []
    for t in sorted(gold_n):
        precision = hits[t] / pred_n[t] if pred_n[t] else 0.0
        recall = hits[t] / gold_n[t]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(TypeScore(t, gold_n[t], pred_n[t], hits[t], precision, recall, f1))
    return scores


def _party_score(pairs: list[tuple[list[str], list[Any]]]) -> PartyScore:
    found = total = records = 0
    for gold, predicted in pairs:
        if not gold:
            continue
        f, t = count_found(gold, predicted)
        found, total, records = found + f, total + t, records + 1
    return PartyScore(found=found, total=total, records=records, rate=ratio(found, total))


def _party_texts(record: dict[str, Any], key: str) -> list[str]:
    return [p["text"] for p in record.get(key) or [] if isinstance(p, dict) and p.get("text")]


def score_plover(
    records: Sequence[dict[str, Any]], extract_many: Extractor, *, gold_file: str = ""
) -> PloverReport:
    """Score ``records`` (parsed gold lines) with ``extract_many``."""
    articles = [
        Article(text=r["text"], id=str(r.get("id") or f"record-{i}"), published=PUBLISHED)
        for i, r in enumerate(records, start=1)
    ]
    tops_all = [most_confident(res.events) for res in run(extract_many, articles)]
    outcomes = zip(records, articles, tops_all, strict=True)
    with_event: list[tuple[dict[str, Any], Article, Event | None]] = []
    false_events = no_event_records = 0
    for record, article, top in outcomes:
        if record.get("event_plover2021") == NO_EVENT:
            no_event_records += 1
            false_events += top is not None
        else:
            with_event.append((record, article, top))
    records = [r for r, _, _ in with_event]
    articles = [a for _, a, _ in with_event]
    tops = [top for _, _, top in with_event]
    gold_types = [str(r.get("event_plover2021")) for r in records]
    predicted = [top.event_type if top else None for top in tops]

    confusion: dict[str, dict[str, int]] = {}
    for g, p in zip(gold_types, predicted, strict=True):
        row = confusion.setdefault(g, {})
        row[p or NONE] = row.get(p or NONE, 0) + 1

    per_type = _type_scores(gold_types, predicted)
    correct = sum(1 for g, p in zip(gold_types, predicted, strict=True) if g == p)
    sources = [
        (_party_texts(r, "source"), top.actors if top else []) for r, top in zip(records, tops, strict=True)
    ]
    targets = [
        (_party_texts(r, "target"), top.recipients if top else [])
        for r, top in zip(records, tops, strict=True)
    ]
    return PloverReport(
        gold_file=gold_file,
        records=len(records),
        correct=correct,
        abstentions=sum(1 for p in predicted if p is None),
        accuracy=ratio(correct, len(records)),
        macro_f1=sum(s.f1 for s in per_type) / len(per_type) if per_type else None,
        per_type=per_type,
        confusion=confusion,
        source=_party_score(sources),
        target=_party_score(targets),
        outcomes=[
            RecordOutcome(a.id, g, p, top.confidence if top else None)
            for a, g, p, top in zip(articles, gold_types, predicted, tops, strict=True)
        ],
        no_event_records=no_event_records,
        false_events=false_events,
    )


def evaluate_plover(path: str | Path, extract_many: Extractor, *, limit: int | None = None) -> PloverReport:
    """Read a PLOVER-format gold JSONL (first ``limit`` records) and score it."""
    return score_plover(read_jsonl(path, limit=limit), extract_many, gold_file=str(path))
