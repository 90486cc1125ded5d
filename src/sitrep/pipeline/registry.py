"""Stage registry: each stage declares what it reads and what it sets.

A pipeline is checked before it runs: a stage whose ``requires`` no earlier stage
``assigns`` is a configuration error reported at start-up, not a crash mid-run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.errors import PipelineError

if TYPE_CHECKING:
    from sitrep.pipeline.resources import Resources
    from sitrep.pipeline.state import DocState

StageFunc = Callable[["DocState", "Resources"], None]

# What exists before any stage runs.
INITIAL_FIELDS = ("article", "published")


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


_REGISTRY: dict[str, Stage] = {}


def stage(
    name: str, *, requires: Sequence[str] = (), assigns: Sequence[str] = ()
) -> Callable[[StageFunc], StageFunc]:
    """Register a stage function under ``name``."""

    def register(func: StageFunc) -> StageFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise PipelineError(f"E001: stage '{name}' is registered twice")
        _REGISTRY[name] = Stage(name, func, tuple(requires), tuple(assigns))
        return func

    return register


def get_stage(name: str) -> Stage:
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise PipelineError(f"E002: unknown stage '{name}' (known: {known})") from None


def check_chain(stages: Sequence[Stage]) -> None:
    """Raise PipelineError if some stage requires a field no earlier stage assigns."""
    available = set(INITIAL_FIELDS)
    for st in stages:
        missing = [field for field in st.requires if field not in available]
        if missing:
            raise PipelineError(
                f"E003: stage '{st.name}' requires {', '.join(missing)}, which no earlier stage assigns"
            )
        available.update(st.assigns)
