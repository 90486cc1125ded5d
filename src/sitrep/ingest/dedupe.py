"""Drop articles whose text was already seen in this run (same content hash)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sitrep.ingest.badinput import BadInput
from sitrep.models import Article


class Deduper:
    """Filter for ``read_articles`` output: the first article with a given text passes, repeats do not.

    BadInput items always pass. ``duplicates`` counts the dropped articles and ``dropped`` lists
    ``(origin of the repeat, origin of the one kept)`` so a caller can report them.
    """

    def __init__(self) -> None:
        self._first: dict[str, str | None] = {}
        self.dropped: list[tuple[str | None, str | None]] = []

    @property
    def duplicates(self) -> int:
        return len(self.dropped)

    def __call__(self, items: Iterable[Article | BadInput]) -> Iterator[Article | BadInput]:
        for item in items:
            if isinstance(item, Article):
                key = item.content_hash
                if key in self._first:
                    self.dropped.append((item.origin, self._first[key]))
                    continue
                self._first[key] = item.origin
            yield item


def dedupe(items: Iterable[Article | BadInput]) -> Iterator[Article | BadInput]:
    """``Deduper()(items)`` for callers that do not need the count."""
    return Deduper()(items)
