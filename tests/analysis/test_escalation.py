"""Escalation: daily series, the count test, and alerts on hand-built and synthetic series."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sitrep.analysis.escalation import (
    daily_series,
    detect_alerts,
    metric_units,
    nb_upper_tail,
    severity_for,
    tail_probability,
)
from sitrep.analysis.escalation_eval import evaluate_detector, score_alerts, synthetic_series
from sitrep.models import Event, Evidence, FusedEvent, Location, Party

START = date(2014, 4, 1)


def event(
    day: int | str,
    *,
    country: str = "LBY",
    admin1: str | None = None,
    event_type: str = "ASSAULT",
    dead: int | None = None,
    intensity: float | None = -9.0,
    tags: list[str] | None = None,
    n: int = 0,
) -> Event:
    when = day if isinstance(day, str) else (START + timedelta(days=day)).isoformat()
    sentence = f"Fighters clashed near the town, report {n} for {when}."
    return Event(
        article_id=f"a-{country}-{when}-{n}",
        event_type=event_type,
        evidence=Evidence(sentence=sentence, start=0, end=len(sentence)),
        actors=[Party(text="a brigade", name=f"Brigade {n}", country=country)],
        date=when,
        location=Location(text="Town", name="Town", country=country, admin1=admin1),
        dead=dead,
        intensity=intensity,
    )


def test_daily_series_fills_zero_days_and_sums() -> None:
    events = [
        event(0, dead=2),
        event(0, intensity=-4.0, event_type="COERCE", n=1),
        event(0, intensity=3.0, event_type="SUPPORT", n=2),  # cooperation adds no conflict intensity
        event(3, country="SYR", dead=1),
        event(2, tags=["hypothetical"], dead=50),  # did not happen: ignored
        Event(article_id="x", event_type="ASSAULT", evidence=Evidence("s", 0, 1), date=None),  # undated
    ]
    series = daily_series(events)
    assert list(series) == ["LBY", "SYR"]
    assert [d.date for d in series["LBY"]] == [(START + timedelta(days=i)).isoformat() for i in range(4)]
    assert (series["LBY"][0].events, series["LBY"][0].fatalities, series["LBY"][0].intensity) == (3, 2, 13.0)
    assert [d.events for d in series["SYR"]] == [0, 0, 0, 1]


def test_daily_series_by_admin1_and_fused_events() -> None:
    events = [
        FusedEvent(event=event(0, admin1="Tripoli")),
        FusedEvent(event=event(1, admin1="Benghazi", n=1)),
    ]
    series = daily_series(events, by="admin1")
    assert set(series) == {"LBY/Tripoli", "LBY/Benghazi"}
    with pytest.raises(ValueError):
        daily_series(events, by="planet")


def test_tail_probability_is_finite_on_empty_baseline_and_orders_sensibly() -> None:
    empty = tail_probability(3, [0] * 28)
    assert 0 < empty < 1e-3
    assert tail_probability(9, [0] * 28) < empty  # more is more surprising
    assert tail_probability(3, [0] * 3) > empty  # a shorter baseline is less certain
    assert tail_probability(3, [2, 3, 1, 2] * 7) > 0.3  # ordinary for a busy place
    bursty = [0, 0, 0, 9, 0, 0, 0] * 4
    steady = [1, 2, 1, 1, 2, 1, 1] * 4
    assert tail_probability(6, bursty) > tail_probability(6, steady)  # overdispersion widens the tail


def test_nb_upper_tail_matches_poisson_limit() -> None:
    # P(X >= 2 | Poisson(1)) = 1 - e^-1 - e^-1
    import math

    assert nb_upper_tail(2, mean=1.0, size=math.inf) == pytest.approx(1 - 2 * math.exp(-1), rel=1e-12)
    assert nb_upper_tail(2, mean=1.0, size=1e7) == pytest.approx(1 - 2 * math.exp(-1), rel=1e-5)
    assert nb_upper_tail(0, mean=1.0, size=1.0) == 1.0
    tiny = nb_upper_tail(60, mean=0.5, size=math.inf)
    assert 0 < tiny < 1e-60  # precision kept far below 1e-16


def test_alert_on_quiet_then_spike() -> None:
    quiet = [event(d, n=0, dead=None) for d in range(0, 28, 7)]  # one event a week
    spike = [event(28, n=i, dead=1 if i < 3 else None) for i in range(9)]
    alerts = detect_alerts(quiet + spike)
    by_metric = {a.metric: a for a in alerts}
    assert {"events", "intensity"} <= set(by_metric)
    alert = by_metric["events"]
    assert (alert.key, alert.date, alert.observed, alert.baseline_days) == ("LBY", "2014-04-29", 9, 28)
    assert alert.baseline_mean == pytest.approx(4 / 28, abs=1e-3)
    assert alert.p_value < 1e-4 and alert.severity in {"high", "medium"} and not alert.low_history
    assert alert.message.startswith("LBY: 9 events on 2014-04-29 vs 0.14/day over the previous 28 days")
    assert "driven by ASSAULT by Brigade" in alert.message
    assert len(alert.event_ids) == 3 and alert.driving[0].dead == 1 and alert.driving[0].sentence


def test_no_alert_below_min_count_or_for_steady_activity() -> None:
    assert detect_alerts([event(0), event(20, n=0), event(20, n=1)]) == []  # 2 < min_count
    steady = [event(d, n=i) for d in range(40) for i in range(3)]
    assert detect_alerts(steady) == []


def test_short_history_is_flagged_not_dropped() -> None:
    events = [event(0), *[event(3, n=i) for i in range(8)]]
    alerts = detect_alerts(events, metrics=("events",))
    assert len(alerts) == 1 and alerts[0].low_history and alerts[0].baseline_days == 3
    assert "[short history]" in alerts[0].message


def test_as_of_ignores_the_future_and_since_limits_days() -> None:
    events = [
        event(0),
        *[event(10, n=i) for i in range(8)],
        *[event(20, n=i, country="SYR") for i in range(8)],
    ]
    keys = {(a.key, a.date) for a in detect_alerts(events, as_of="2014-04-15")}
    assert keys == {("LBY", "2014-04-11")}
    keys = {(a.key, a.date) for a in detect_alerts(events, since="2014-04-12")}
    assert keys == {("SYR", "2014-04-21")}
    with pytest.raises(ValueError):
        detect_alerts(events, metrics=("tweets",))


def test_units_and_severity() -> None:
    units = metric_units([event(0, dead=2), event(0, dead=10, n=1), event(0, dead=3, n=2, intensity=-3.0)])
    assert units["fatalities"] == 3.0 and units["intensity"] == 7.0
    assert severity_for(1e-7) == "high" and severity_for(1e-5) == "medium" and severity_for(1e-3) == "low"


def test_synthetic_series_has_known_spikes() -> None:
    data = synthetic_series(seed=7, n_spikes=4, days=50)
    assert len(data.spikes) == 4 and len({c for c, _ in data.spikes}) >= 1
    assert {e.location.country for e in data.events if e.location} <= {"LBY", "SYR", "YEM", "MLI", "NGA"}
    last = (date.fromisoformat(data.start) + timedelta(days=49)).isoformat()
    assert all(data.start <= e.date <= last for e in data.events if e.date)
    series = daily_series(data.events)
    for country, day in data.spikes:
        assert next(d for d in series[country] if d.date == day).events >= 5
    again = synthetic_series(seed=7, n_spikes=4, days=50)
    assert [e.id for e in again.events] == [e.id for e in data.events]  # deterministic per seed


def test_detector_finds_injected_spikes() -> None:
    data = synthetic_series(seed=11)
    alerts = detect_alerts(data.events, since="2014-03-15")
    scores = score_alerts(alerts, data.spikes)
    assert scores["recall"] > 0 and scores["precision"] > 0
    result = evaluate_detector(seeds=(0, 1))
    assert set(result) >= {"precision", "recall", "f1"}
    assert 0 < result["f1"] <= 1 and result["spikes"] == 12


def test_earlier_burst_does_not_mask_the_next() -> None:
    quiet = [event(d, n=0) for d in range(0, 40, 4)]
    bursts = [event(day, n=i) for day in (14, 24) for i in range(1, 9)]
    alerts = detect_alerts(quiet + bursts, metrics=("events",))
    assert [a.date for a in alerts] == ["2014-04-15", "2014-04-25"]
    assert alerts[1].left_out == 1 and "not counting 1 unusual day" in alerts[1].message


def test_lasting_rise_becomes_the_new_normal() -> None:
    events = [event(d, n=i) for d in range(70) for i in range(1 if d < 30 else 10)]
    dates = [a.date for a in detect_alerts(events, metrics=("events",))]
    assert dates and dates[0] == "2014-05-01"
    assert len(dates) < 14 and dates[-1] < "2014-05-15"  # alerts stop once the new level is the baseline
