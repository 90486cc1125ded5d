"""Evaluation against gold data, following the shared SCORING.md rules (see docs/evaluation.md).

Scorers take the extractor as a callable (``Pipeline.extract_many`` or a stand-in), so they run on
hand-built events without loading models.
"""

from __future__ import annotations

from pathlib import Path

from sitrep.errors import EvalError
from sitrep.evaluation.common import Extractor
from sitrep.evaluation.formats import FORMATS, sniff_format
from sitrep.evaluation.location import LocationReport, evaluate_location, score_location
from sitrep.evaluation.matching import normalize_words, party_found, text_matches
from sitrep.evaluation.plover import PloverReport, evaluate_plover, score_plover
from sitrep.evaluation.seed import SeedReport, evaluate_seed, load_seed_gold, score_seed
from sitrep.evaluation.thresholds import failed_limits

Report = PloverReport | LocationReport | SeedReport

__all__ = [
    "FORMATS",
    "EvalError",
    "Extractor",
    "LocationReport",
    "PloverReport",
    "Report",
    "SeedReport",
    "evaluate",
    "evaluate_location",
    "evaluate_plover",
    "evaluate_seed",
    "failed_limits",
    "load_seed_gold",
    "normalize_words",
    "party_found",
    "score_location",
    "score_plover",
    "score_seed",
    "sniff_format",
    "text_matches",
]


def evaluate(
    path: str | Path, extract_many: Extractor, *, fmt: str | None = None, limit: int | None = None
) -> tuple[str, Report]:
    """Score a gold file of any format (sniffed when ``fmt`` is None); ``limit`` caps JSONL records."""
    fmt = fmt or sniff_format(path)
    if not Path(path).is_file():
        raise EvalError(f"gold file not found: {path}")
    if fmt == "plover":
        return fmt, evaluate_plover(path, extract_many, limit=limit)
    if fmt == "location":
        return fmt, evaluate_location(path, extract_many, limit=limit)
    if fmt == "sitrep":
        return fmt, evaluate_seed(path, extract_many)
    raise EvalError(f"unknown gold format {fmt!r} (expected one of {', '.join(FORMATS)})")
