"""Load JSON data files shipped inside the package, refusing duplicate keys."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sitrep.errors import OntologyError


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise OntologyError(f"duplicate key '{key}'")
        seen[key] = value
    return seen


def load_json(name: str) -> Any:
    """Read ``sitrep/resources/data/<name>``; a duplicate key raises OntologyError."""
    text = resources.files("sitrep.resources").joinpath("data", name).read_text(encoding="utf-8")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except OntologyError as exc:
        raise OntologyError(f"{name}: {exc}") from None
