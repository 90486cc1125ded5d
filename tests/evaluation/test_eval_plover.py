from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from eval_factories import FakeExtractor, event

from sitrep.errors import EvalError
from sitrep.evaluation.plover import NONE, evaluate_plover, score_plover


def record(
    rid: str, text: str, label: str, *, source: Sequence[str] = (), target: Sequence[str] = ()
) -> dict[str, Any]:
    return {
        "id": rid,
        "text": text,
        "event_plover2021": label,
        "source": [{"text": s, "code": None, "sector": None} for s in source],
        "target": [{"text": t, "code": None, "sector": None} for t in target],
    }


RECORDS = [
    record("r1", "Troops shelled a village.", "ASSAULT", source=["troops"], target=["village"]),
    record("r2", "Two ministers met in Lima.", "CONSULT", source=["ministers"]),
    record("r3", "Nothing here can be coded.", "PROTEST", source=["crowd"], target=["mayor"]),
    record("r4", "Rebels attacked a convoy.", "ASSAULT", source=["rebels"], target=["convoy"]),
]


def extractor() -> FakeExtractor:
    return FakeExtractor(
        {
            "Troops shelled a village.": [
                event("THREATEN", confidence=0.4),
                event("ASSAULT", confidence=0.9, actors=["troops"], recipients=["a small village"]),
            ],
            "Two ministers met in Lima.": [event("CONSULT", confidence=0.7, actors=["the two ministers"])],
            # r3: nothing -> abstention
            "Rebels attacked a convoy.": [event("CONSULT", confidence=0.6, actors=["armed men"])],
        }
    )


def test_accuracy_counts_abstentions_as_wrong() -> None:
    report = score_plover(RECORDS, extractor())
    assert report.records == 4
    assert report.correct == 2
    assert report.accuracy == pytest.approx(0.5)
    assert report.abstentions == 1


def test_per_type_scores_and_macro_f1_over_gold_types() -> None:
    report = score_plover(RECORDS, extractor())
    by_type = {s.event_type: s for s in report.per_type}
    assert set(by_type) == {"ASSAULT", "CONSULT", "PROTEST"}
    assert (by_type["ASSAULT"].precision, by_type["ASSAULT"].recall) == (1.0, 0.5)
    assert by_type["CONSULT"].precision == pytest.approx(0.5)
    assert by_type["CONSULT"].recall == 1.0
    assert by_type["PROTEST"].f1 == 0.0 and by_type["PROTEST"].predicted == 0
    expected = (2 * 0.5 / 1.5 + 2 * 0.5 / 1.5 + 0.0) / 3
    assert report.macro_f1 == pytest.approx(expected)


def test_confusion_matrix_has_a_none_column_for_abstentions() -> None:
    report = score_plover(RECORDS, extractor())
    assert report.confusion["ASSAULT"] == {"ASSAULT": 1, "CONSULT": 1}
    assert report.confusion["PROTEST"] == {NONE: 1}


def test_parties_are_checked_on_the_top_event_only() -> None:
    report = score_plover(RECORDS, extractor())
    # sources: troops found, ministers found, crowd (abstention) not, rebels not
    assert (report.source.found, report.source.total, report.source.records) == (2, 4, 4)
    # targets: r2 has none, so 3 records; only the village is found
    assert (report.target.found, report.target.total, report.target.records) == (1, 3, 3)


def test_a_tie_goes_to_the_first_event() -> None:
    recs = [record("t", "A tie.", "AGREE")]
    fake = FakeExtractor({"A tie.": [event("AGREE", confidence=0.5), event("REJECT", confidence=0.5)]})
    assert score_plover(recs, fake).correct == 1
    fake = FakeExtractor({"A tie.": [event("REJECT", confidence=0.5), event("AGREE", confidence=0.5)]})
    assert score_plover(recs, fake).correct == 0


def test_articles_are_published_on_the_fixed_date(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    fake = extractor()
    report = evaluate_plover(gold, fake, limit=2)
    assert report.records == 2
    assert [a.published for a in fake.seen] == ["2000-01-01", "2000-01-01"]
    assert [a.id for a in fake.seen] == ["r1", "r2"]


def test_missing_or_broken_gold_is_an_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="not found"):
        evaluate_plover(tmp_path / "absent.jsonl", extractor())
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(EvalError, match="record 1"):
        evaluate_plover(bad, extractor())


def test_an_extractor_that_drops_results_is_caught() -> None:
    def lossy(articles):  # type: ignore[no-untyped-def]
        return iter([])

    with pytest.raises(EvalError, match="0 results for 4"):
        score_plover(RECORDS, lossy)


def test_no_event_records_measure_false_events_and_stay_out_of_accuracy() -> None:
    no_events = [
        record("n1", "Troops shelled a village.", "NONE"),  # the fake extractor finds an event here
        record("n2", "Prices rose in March.", "NONE"),
    ]
    report = score_plover(RECORDS + no_events, extractor())
    assert (report.records, report.correct) == (4, 2)
    assert (report.no_event_records, report.false_events) == (2, 1)
    assert report.false_event_rate == pytest.approx(0.5)
    assert "NONE" not in {s.event_type for s in report.per_type}
