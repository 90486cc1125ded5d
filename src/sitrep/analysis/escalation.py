"""Escalation: daily activity series per place and alerts when a day breaks from its recent past.

Why not a z-score: conflict counts per country and day are small and mostly zero. A trailing window of
zeros has a standard deviation of zero, so a z-score for a day with 2 events is infinite, and a window
with one busy day swings it wildly. Instead each day is scored by an upper-tail probability,
``P(X >= observed)``, under a count model fitted to the trailing baseline:

* The daily rate gets a Gamma prior worth ``PRIOR_DAYS`` day(s) at ``PRIOR_RATE`` per day. With the
  baseline's ``n`` days summing to ``S``, the posterior predictive count for the next day is negative
  binomial with mean ``(a0 + S) / (b0 + n)`` and size ``a0 + S``. An empty baseline therefore gives a
  small but non-zero expected rate and a finite surprise, and a short baseline is automatically less
  confident than a long one.
* When the baseline itself is burstier than Poisson (sample variance above the mean), the size is
  lowered to the method-of-moments value ``mean^2 / (var - mean)``, widening the tail, so a noisy place
  needs a bigger jump to alert.

Three metrics are tested per day: ``events`` (count), ``fatalities`` (sum of ``dead``) and
``intensity`` (summed conflict intensity, i.e. ``-intensity`` of events whose intensity is negative,
counted in units of the average conflict event so the count model stays meaningful).

Events tagged negated, hypothetical, future or historical are left out: they did not happen on that day.
Events with no date cannot be placed on a day and are left out too.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sitrep.models import Event, FusedEvent

METRICS = ("events", "fatalities", "intensity")
PRIOR_RATE = 0.5  # prior events/day before any history is seen ...
PRIOR_DAYS = 1.0  # ... weighted like this many days of data
DEFAULT_THRESHOLD = 1e-4
# Days this unusual are left out of later baselines, so one burst cannot mask the next one; but only
# while they are at most a quarter of the window, so a lasting rise becomes the new normal.
EXCLUDE_P = 0.01
UNKNOWN_ADMIN1 = "?"
_SEVERITY = ((6.0, "high"), (4.0, "medium"))  # -log10(p) cut-offs; below them: "low"


@dataclass
class DayStat:
    """One place's activity on one day."""

    date: str
    events: int = 0
    intensity: float = 0.0  # summed -intensity of conflict (negative-intensity) events
    fatalities: int = 0

    def value(self, metric: str) -> float:
        return float(getattr(self, metric))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DrivingEvent:
    """An event that drove an alert, with the sentence it came from."""

    id: str
    event_type: str
    summary: str
    dead: int | None = None
    intensity: float | None = None
    sentence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Alert:
    """A day whose activity is improbably high given the place's trailing baseline."""

    key: str  # ISO3, or "ISO3/admin1" when detected by admin1
    date: str
    metric: str  # one of METRICS
    observed: float
    baseline_mean: float  # plain mean of the trailing baseline, per day
    baseline_days: int
    ratio: float | None  # observed / baseline_mean; None when the baseline is all zeros
    excess: float  # observed - baseline_mean
    p_value: float
    severity: str  # high | medium | low
    low_history: bool = False  # baseline shorter than min_baseline_days: read with care
    left_out: int = 0  # earlier unusual days left out of the baseline
    driving: list[DrivingEvent] = field(default_factory=list)
    message: str = ""

    @property
    def event_ids(self) -> list[str]:
        return [d.id for d in self.driving]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["event_ids"] = self.event_ids
        return data


def _event(item: Event | FusedEvent) -> Event:
    return item.event if isinstance(item, FusedEvent) else item


def event_country(event: Event) -> str | None:
    """Where an event counts: its location's country, else its first actor's or recipient's country."""
    if event.location and event.location.country:
        return event.location.country
    for party in [*event.actors, *event.recipients]:
        if party.country:
            return party.country
    return None


def event_key(event: Event, *, by: str = "country") -> str | None:
    country = event_country(event)
    if country is None:
        return None
    if by == "country":
        return country
    if by == "admin1":
        admin1 = event.location.admin1 if event.location and event.location.country == country else None
        return f"{country}/{admin1 or UNKNOWN_ADMIN1}"
    raise ValueError(f"by must be 'country' or 'admin1', not {by!r}")


def _counted(events: Iterable[Event | FusedEvent]) -> list[Event]:
    return [e for e in map(_event, events) if e.date and not e.tags]


def _days(first: date, last: date) -> list[str]:
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def daily_series(
    events: Iterable[Event | FusedEvent],
    *,
    by: str = "country",
    start: str | None = None,
    end: str | None = None,
) -> dict[str, list[DayStat]]:
    """Per place, one DayStat per day from ``start`` to ``end`` with days without events filled as zeros.

    The span defaults to the first and last event date over *all* places: data coverage is global, so a
    place that is quiet before its first event really had zero events then.
    """
    counted = _counted(events)
    dates = [e.date[:10] for e in counted if e.date]
    if not dates and not (start and end):
        return {}
    first = date.fromisoformat(start or min(dates))
    last = date.fromisoformat(end or max(dates))
    days = _days(first, last)
    index = {d: i for i, d in enumerate(days)}
    series: dict[str, list[DayStat]] = {}
    for event in counted:
        key = event_key(event, by=by)
        i = index.get(event.date[:10]) if event.date else None
        if key is None or i is None:
            continue
        row = series.setdefault(key, [DayStat(date=d) for d in days])[i]
        row.events += 1
        row.fatalities += event.dead or 0
        if event.intensity is not None and event.intensity < 0:
            row.intensity += -event.intensity
    return dict(sorted(series.items()))


def _log_nb_pmf(j: int, *, size: float, p: float) -> float:
    return (
        math.lgamma(j + size)
        - math.lgamma(size)
        - math.lgamma(j + 1)
        + size * math.log(p)
        + j * math.log1p(-p)
    )


def nb_upper_tail(observed: int, *, mean: float, size: float) -> float:
    """P(X >= observed) for a negative binomial with this mean and size (Poisson as size -> inf).

    Summed directly in log space from ``observed`` upwards when that is past the mode, so tiny p-values
    keep their precision instead of rounding to 1 - 1.
    """
    if observed <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    if math.isinf(size):
        mode = math.floor(mean)

        def log_pmf(j: int) -> float:
            return -mean + j * math.log(mean) - math.lgamma(j + 1)
    else:
        p = size / (size + mean)  # success probability: var = mean + mean^2 / size
        mode = max(0, math.floor((size - 1) * (1 - p) / p)) if size > 1 else 0

        def log_pmf(j: int) -> float:
            return _log_nb_pmf(j, size=size, p=p)

    if observed > mode:
        total, j = 0.0, observed
        while True:
            term = math.exp(log_pmf(j))
            total += term
            j += 1
            if term < total * 1e-15 or j - observed > 1_000_000:
                break
        return min(1.0, total)
    below = sum(math.exp(log_pmf(j)) for j in range(observed))
    return min(1.0, max(0.0, 1.0 - below))


def _overdispersed(index: float, dof: int) -> bool:
    """Is a dispersion index (var/mean) above the 95th percentile expected of Poisson counts?

    Under Poisson, ``dof * index`` is roughly chi-squared with ``dof`` degrees of freedom; the quantile
    uses the Wilson-Hilferty approximation. Testing first keeps sampling noise in a short window from
    inflating the variance of a plain Poisson place.
    """
    z = 1.645
    c = 2.0 / (9.0 * dof)
    return index > (1.0 - c + z * math.sqrt(c)) ** 3


def tail_probability(observed: float, baseline: Sequence[float]) -> float:
    """Surprise of ``observed`` given a trailing baseline of daily values (see the module docstring)."""
    n = len(baseline)
    total = float(sum(baseline))
    size = PRIOR_RATE * PRIOR_DAYS + total
    mean = size / (PRIOR_DAYS + n)
    if n >= 2:
        sample_mean = total / n
        var = sum((x - sample_mean) ** 2 for x in baseline) / (n - 1)
        if sample_mean > 0 and _overdispersed(var / sample_mean, n - 1):
            size = min(size, sample_mean**2 / (var - sample_mean))
    return nb_upper_tail(round(observed), mean=mean, size=size)


def severity_for(p_value: float) -> str:
    surprise = -math.log10(max(p_value, 1e-300))
    for cut, name in _SEVERITY:
        if surprise >= cut:
            return name
    return "low"


def _party_names(parties: Sequence[Any]) -> str:
    return ", ".join(p.name or p.text for p in parties) or "?"


def describe_event(event: Event) -> str:
    """A short "actor TYPE recipient in place (N dead)" line."""
    text = f"{event.event_type} by {_party_names(event.actors)}"
    if event.recipients:
        text += f" on {_party_names(event.recipients)}"
    if event.location:
        text += f" in {event.location.name}"
    if event.dead:
        text += f" ({event.dead} dead)"
    return text


def _driving(events: Sequence[Event], *, top: int) -> list[DrivingEvent]:
    ranked = sorted(
        events,
        key=lambda e: (-(e.dead or 0), (e.intensity or 0.0), -(e.confidence or 0.0), e.id),
    )
    return [
        DrivingEvent(
            id=e.id,
            event_type=e.event_type,
            summary=describe_event(e),
            dead=e.dead,
            intensity=e.intensity,
            sentence=e.evidence.sentence,
        )
        for e in ranked[:top]
    ]


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _observed(alert: Alert) -> str:
    value = _fmt(alert.observed)
    if alert.metric == "intensity":
        return f"conflict intensity {value}"
    return f"{value} {alert.metric}"


def _message(alert: Alert) -> str:
    if alert.baseline_days:
        window = f"over the previous {alert.baseline_days} day{'s' if alert.baseline_days != 1 else ''}"
        if alert.left_out:
            window += f" (not counting {alert.left_out} unusual day{'s' if alert.left_out != 1 else ''})"
        base = f"{alert.baseline_mean:.2g}/day {window}"
    else:
        base = "no earlier days"
    change = f"{alert.ratio:.1f}x" if alert.ratio is not None else f"+{_fmt(alert.excess)} from zero"
    text = f"{alert.key}: {_observed(alert)} on {alert.date} vs {base} ({change}, p={alert.p_value:.2g})"
    if alert.low_history:
        text += " [short history]"
    if alert.driving:
        counts = Counter(d.summary for d in alert.driving)  # identical lines once, with a count
        text += "; driven by " + "; ".join(f"{s} x{n}" if n > 1 else s for s, n in counts.items())
    return text


def metric_units(events: Sequence[Event]) -> dict[str, float]:
    """The size of one "typical event" per metric, so every metric is tested as a count of events.

    Deaths come in clusters (one attack, many dead), so testing raw deaths as Poisson counts would make
    any single deadly event look like a wave. Fatalities are counted in units of the median toll of a
    deadly event, and intensity in units of the mean intensity of a conflict event.
    """
    tolls = sorted(e.dead for e in events if e.dead)
    conflict = [-e.intensity for e in events if e.intensity is not None and e.intensity < 0]
    return {
        "events": 1.0,
        "fatalities": float(max(1, tolls[len(tolls) // 2])) if tolls else 1.0,
        "intensity": sum(conflict) / len(conflict) if conflict else 1.0,
    }


def detect_alerts(
    events: Iterable[Event | FusedEvent],
    *,
    baseline_days: int = 28,
    min_baseline_days: int = 7,
    threshold: float = DEFAULT_THRESHOLD,
    min_count: int = 3,
    as_of: str | None = None,
    since: str | None = None,
    by: str = "country",
    metrics: Sequence[str] = METRICS,
    top_events: int = 3,
) -> list[Alert]:
    """Days whose events, fatalities or conflict intensity are improbably high for their place.

    A day alerts on a metric when its tail probability (module docstring) is below ``threshold`` and the
    observed value reaches ``min_count`` (event-equivalents for intensity), so a single event in a quiet
    place never alerts. ``as_of`` is the last day looked at: later events are ignored, so no future
    leaks into a baseline. ``since`` limits which days may alert (their baselines still reach back).

    Short history: the first day of the data has no baseline and is never tested. Days with some but fewer
    than ``min_baseline_days`` of baseline *are* tested (the prior keeps the p-value finite) and their
    alerts carry ``low_history=True`` and say so in the message, rather than being dropped silently.
    """
    unknown = set(metrics) - set(METRICS)
    if unknown:
        raise ValueError(f"unknown metric(s): {sorted(unknown)}")
    counted = [e for e in _counted(events) if as_of is None or (e.date or "")[:10] <= as_of]
    series = daily_series(counted, by=by, end=as_of if counted else None)
    unit = metric_units(counted)
    by_day: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in counted:
        key = event_key(event, by=by)
        if key is not None and event.date:
            by_day[(key, event.date[:10])].append(event)

    alerts: list[Alert] = []
    for key, days in series.items():
        for metric in metrics:
            scale = unit[metric]
            unusual: set[int] = set()  # days left out of later baselines
            for i, day in enumerate(days):
                observed = day.value(metric)
                if i == 0 or observed / scale < min_count:
                    continue
                first = max(0, i - baseline_days)
                skip = {j for j in unusual if j >= first}
                if len(skip) > (i - first) // 4:
                    skip = set()  # unusual has become usual: a lasting new level is the baseline now
                window = [d for j, d in enumerate(days[first:i], first) if j not in skip]
                p_value = tail_probability(observed / scale, [d.value(metric) / scale for d in window])
                if p_value < EXCLUDE_P:
                    unusual.add(i)
                if p_value >= threshold or (since and day.date < since):
                    continue
                mean = sum(d.value(metric) for d in window) / len(window) if window else 0.0
                alert = Alert(
                    key=key,
                    date=day.date,
                    metric=metric,
                    observed=round(observed, 3),
                    baseline_mean=round(mean, 3),
                    baseline_days=len(window),
                    ratio=round(observed / mean, 2) if mean > 0 else None,
                    excess=round(observed - mean, 3),
                    p_value=p_value,
                    severity=severity_for(p_value),
                    low_history=min(i, baseline_days) < min_baseline_days,
                    left_out=min(i, baseline_days) - len(window),
                    driving=_driving(by_day[(key, day.date)], top=top_events),
                )
                alert.message = _message(alert)
                alerts.append(alert)
    alerts.sort(key=lambda a: (a.date, a.p_value, a.key, METRICS.index(a.metric)))
    return alerts
