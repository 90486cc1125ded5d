"""Batch ingest runners. ``local`` (this machine, a process pool) is always there; ``ray`` is optional.

Every engine exposes the same ``ingest(paths, *, store, published, source, url, workers, batch_size,
on_progress) -> IngestSummary``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from sitrep.engine.local import IngestProgress, IngestSummary, ingest
from sitrep.errors import SitrepError

ENGINES = ("local", "ray")

__all__ = ["ENGINES", "IngestProgress", "IngestSummary", "get_engine", "ingest"]


def get_engine(name: str) -> Callable[..., IngestSummary]:
    """The ``ingest`` function of the named engine; the optional ones are imported only when asked for."""
    if name == "local":
        return ingest
    if name not in ENGINES:
        raise SitrepError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    try:
        module: Any = importlib.import_module(f"sitrep.engine.{name}")
    except ImportError as exc:
        if exc.name in (f"sitrep.engine.{name}", name):
            raise SitrepError(f"the {name} engine is not available in this build") from exc
        raise
    return module.ingest  # type: ignore[no-any-return]
