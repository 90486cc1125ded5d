"""Pass/fail limits on a report: each limit names the figure it bounds and the format it applies to."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sitrep.errors import EvalError


@dataclass(frozen=True)
class Limit:
    option: str  # the CLI spelling, used in messages
    fmt: str
    label: str
    minimum: bool  # True: the figure must be >= the limit; False: <=
    value: Callable[[Any], float | None]
    count: bool = False  # printed as a whole number


LIMITS: dict[str, Limit] = {
    "min_accuracy": Limit("--min-accuracy", "plover", "accuracy", True, lambda r: r.accuracy),
    "min_source": Limit("--min-source", "plover", "source found", True, lambda r: r.source.rate),
    "min_target": Limit("--min-target", "plover", "target found", True, lambda r: r.target.rate),
    "min_location": Limit("--min-location", "location", "location found", True, lambda r: r.found_rate),
    "max_false_location": Limit(
        "--max-false-location", "location", "false location", False, lambda r: r.false_rate
    ),
    "max_extra": Limit("--max-extra", "sitrep", "extra events", False, lambda r: float(len(r.extra)), True),
}


def check_applicable(fmt: str, limits: Mapping[str, float | None]) -> None:
    """Refuse a limit on a figure this format does not have."""
    for key, bound in limits.items():
        if bound is not None and LIMITS[key].fmt != fmt:
            raise EvalError(f"{LIMITS[key].option} applies to {LIMITS[key].fmt} gold, not {fmt}")


def failed_limits(fmt: str, report: Any, limits: Mapping[str, float | None]) -> list[str]:
    """One line per limit the report misses; a figure that could not be measured misses its limit."""
    check_applicable(fmt, limits)
    failures: list[str] = []
    for key, bound in limits.items():
        if bound is None:
            continue
        limit = LIMITS[key]
        value = limit.value(report)
        if value is None:
            failures.append(f"{limit.label}: not measured (no records), {limit.option} {bound:g}")
        elif (value < bound) if limit.minimum else (value > bound):
            word = "below" if limit.minimum else "above"
            shown = f"{value:.0f}" if limit.count else f"{value:.3f}"
            failures.append(f"{limit.label} {shown} is {word} {limit.option} {bound:g}")
    return failures
