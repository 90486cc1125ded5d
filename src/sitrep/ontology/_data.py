"""Read the ontology's packaged JSON data files, refusing duplicate keys.

``json.loads`` silently keeps the last of two equal keys, which is how dictionary typos
miscode events unnoticed (PETRARCH's lesson); here a duplicate is an OntologyError.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from sitrep.errors import OntologyError

DATA_FILES = ("event_types", "contexts", "sectors", "actor_codes", "cameo", "acled")


def _reject_duplicates(origin: str) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in pairs:
            if key in obj:
                raise OntologyError(f"{origin}: duplicate key {key!r}")
            obj[key] = value
        return obj

    return hook


def parse_json(text: str, *, origin: str) -> Any:
    """Parse JSON text; a duplicate object key or a syntax error raises OntologyError."""
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates(origin))
    except json.JSONDecodeError as exc:
        raise OntologyError(f"{origin}: invalid JSON: {exc}") from exc


def read_data_file(name: str) -> Any:
    """Parse ``data/<name>.json`` shipped inside the package."""
    resource = resources.files("sitrep.ontology").joinpath("data", f"{name}.json")
    try:
        text = resource.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise OntologyError(f"ontology data file {name}.json is missing: {exc}") from exc
    return parse_json(text, origin=f"{name}.json")


def read_all() -> dict[str, Any]:
    """Every ontology data file, keyed by name (without ``.json``)."""
    return {name: read_data_file(name) for name in DATA_FILES}
