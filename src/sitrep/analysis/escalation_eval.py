"""Measure the escalation detector on synthetic data with known spikes.

The background is overdispersed (Gamma-Poisson) daily noise per country, with occasional casualties,
so the detector meets the burstiness real event counts have; spikes are extra events injected on
known (country, day) pairs. Precision and recall are counted per (country, day): an alert on any metric
for a spiked day is a hit, an alert on any other day is a false alarm.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from sitrep.analysis.escalation import Alert, detect_alerts
from sitrep.models import Event, Evidence, Location, Party

COUNTRIES = ("LBY", "SYR", "YEM", "MLI", "NGA")
# (event type, intensity) mix for background events: mostly verbal or low-level, some violence.
_BACKGROUND = (("CONSULT", 1.0), ("ACCUSE", -2.0), ("PROTEST", -3.0), ("COERCE", -6.0), ("ASSAULT", -9.0))
_BACKGROUND_P = (0.3, 0.25, 0.2, 0.1, 0.15)


@dataclass
class SyntheticData:
    events: list[Event]
    spikes: list[tuple[str, str]]  # (country, ISO date) with injected extra events
    start: str
    days: int
    rates: dict[str, float] = field(default_factory=dict)


def _make_event(
    rng: np.random.Generator, *, country: str, day: str, n: int, kind: str, assault: bool
) -> Event:
    if assault:
        event_type, intensity = "ASSAULT", -9.0
    else:
        event_type, intensity = _BACKGROUND[int(rng.choice(len(_BACKGROUND), p=_BACKGROUND_P))]
    dead = (
        int(rng.poisson(1.5)) if event_type == "ASSAULT" and rng.random() < (0.8 if assault else 0.3) else 0
    )
    sentence = f"Synthetic {kind} {event_type.lower()} number {n} reported in {country} on {day}."
    return Event(
        article_id=f"synthetic-{country}-{day}-{kind}-{n}",
        event_type=event_type,
        evidence=Evidence(sentence=sentence, start=0, end=len(sentence)),
        actors=[Party(text=f"{country} group A", name=f"{country} group A", country=country)],
        recipients=[Party(text=f"{country} group B", name=f"{country} group B", country=country)],
        date=day,
        location=Location(text=country, name=country, country=country, precision="country"),
        dead=dead or None,
        intensity=intensity,
        confidence=0.9,
    )


def synthetic_series(
    *,
    days: int = 70,
    seed: int = 0,
    n_spikes: int = 6,
    countries: Sequence[str] = COUNTRIES,
    rate_range: tuple[float, float] = (0.3, 3.0),
    dispersion: float = 4.0,
    spike_factor: float = 4.0,
    min_spike: int = 5,
    warmup: int = 14,
    start: str = "2014-03-01",
) -> SyntheticData:
    """Quiet background for each country plus ``n_spikes`` injected spikes after ``warmup`` days.

    Each country's base rate is drawn from ``rate_range``; each day's rate is Gamma with shape
    ``dispersion`` around it (lower = burstier). A spike adds ``max(min_spike, spike_factor * rate)``
    Poisson-distributed extra events, mostly assaults.
    """
    rng = np.random.default_rng(seed)
    first = date.fromisoformat(start)
    day_list = [(first + timedelta(days=i)).isoformat() for i in range(days)]
    rates = {c: float(rng.uniform(*rate_range)) for c in countries}
    events: list[Event] = []
    for country, rate in rates.items():
        for day in day_list:
            daily_rate = rng.gamma(dispersion, rate / dispersion)
            for n in range(int(rng.poisson(daily_rate))):
                events.append(
                    _make_event(rng, country=country, day=day, n=n, kind="background", assault=False)
                )
    candidates = [(c, d) for c in countries for d in day_list[warmup:]]
    picks = rng.choice(len(candidates), size=min(n_spikes, len(candidates)), replace=False)
    spikes = sorted(candidates[int(i)] for i in picks)
    for country, day in spikes:
        extra = int(rng.poisson(max(min_spike, spike_factor * rates[country])))
        for n in range(max(extra, min_spike)):
            events.append(
                _make_event(rng, country=country, day=day, n=n, kind="spike", assault=rng.random() < 0.7)
            )
    return SyntheticData(events=events, spikes=spikes, start=start, days=days, rates=rates)


def score_alerts(alerts: Sequence[Alert], spikes: Sequence[tuple[str, str]]) -> dict[str, float]:
    """Precision, recall and F1 over (key, date) pairs."""
    flagged = {(a.key, a.date) for a in alerts}
    truth = set(spikes)
    tp = len(flagged & truth)
    precision = tp / len(flagged) if flagged else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "alerts": len(flagged), "spikes": len(truth)}


def evaluate_detector(
    *,
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    detector: Callable[..., list[Alert]] = detect_alerts,
    detector_options: dict[str, Any] | None = None,
    **series_options: Any,
) -> dict[str, float]:
    """Run the detector on one synthetic series per seed and pool the counts into P/R/F1.

    Only days after the generator's warm-up may alert, so the first days (short history) are not held
    against the detector.
    """
    options = dict(detector_options or {})
    tp = flagged = truth = 0
    for seed in seeds:
        data = synthetic_series(seed=seed, **series_options)
        since = (
            date.fromisoformat(data.start) + timedelta(days=series_options.get("warmup", 14))
        ).isoformat()
        alerts = detector(data.events, since=since, **options)
        pairs = {(a.key, a.date) for a in alerts}
        tp += len(pairs & set(data.spikes))
        flagged += len(pairs)
        truth += len(data.spikes)
    precision = tp / flagged if flagged else 1.0
    recall = tp / truth if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "alerts": flagged,
        "spikes": truth,
        "hits": tp,
    }
