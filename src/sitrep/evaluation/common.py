"""What every scorer shares: the extractor type, gold-file reading and event choice."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from sitrep.errors import EvalError
from sitrep.models import Article, ArticleResult, Event

# ``Pipeline.extract_many`` or any stand-in: results in input order, one per article.
Extractor = Callable[[Iterable[Article]], Iterator[ArticleResult]]


def read_jsonl(path: str | Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` records (all when None) of a JSONL gold file."""
    file = Path(path)
    if not file.is_file():
        raise EvalError(f"gold file not found: {file}")
    records: list[dict[str, Any]] = []
    with file.open(encoding="utf-8") as fh:
        lines = (line for line in fh if line.strip())
        for number, line in enumerate(islice(lines, limit), start=1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalError(f"{file}: record {number} is not JSON: {exc.msg}") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise EvalError(f"{file}: record {number} has no text")
            records.append(record)
    return records


def run(extract_many: Extractor, articles: Sequence[Article]) -> list[ArticleResult]:
    """Extract and check the extractor kept one result per article."""
    results = list(extract_many(articles))
    if len(results) != len(articles):
        raise EvalError(f"the extractor returned {len(results)} results for {len(articles)} articles")
    return results


def most_confident(events: Sequence[Event]) -> Event | None:
    """The highest-confidence event; on a tie the first one (``max`` keeps the first)."""
    return max(events, key=lambda e: e.confidence) if events else None


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to divide by."""
    return part / whole if whole else None
