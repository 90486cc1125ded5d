"""Drop articles whose text was already seen in this run (same content hash)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sitrep.ingest.badinput import BadInput
from sitrep.models import Article


class Deduper:
    """Filter for ``read_articles`` output: the first article with a given text passes, repeats do not.

    BadInput items always pass. ``duplicates`` counts the dropped articles. With ``keep_origins`` (the
    default) ``dropped`` lists ``(origin of the repeat, origin of the one kept)`` so a caller can report
    them; without it only the hashes are remembered, as integers (about 70 bytes per distinct article
    instead of about 200, and nothing per repeat), for long streams that need only the count.
    """

    def __init__(self, *, keep_origins: bool = True) -> None:
        self.keep_origins = keep_origins
        self._first: dict[str, str | None] = {}
        self._seen: set[int] = set()
        self.dropped: list[tuple[str | None, str | None]] = []
        self._count = 0

    @property
    def duplicates(self) -> int:
        return self._count

    def __call__(self, items: Iterable[Article | BadInput]) -> Iterator[Article | BadInput]:
        for item in items:
            if isinstance(item, Article) and self._repeat(item):
                self._count += 1
                continue
            yield item

    def _repeat(self, article: Article) -> bool:
        """Whether the article's text was seen before; remembers it if not."""
        key = article.content_hash
        if not self.keep_origins:
            number = int(key, 16)  # the hash is hex: an int is half the size of the str
            if number in self._seen:
                return True
            self._seen.add(number)
            return False
        if key in self._first:
            self.dropped.append((article.origin, self._first[key]))
            return True
        self._first[key] = article.origin
        return False


def dedupe(items: Iterable[Article | BadInput]) -> Iterator[Article | BadInput]:
    """``Deduper()(items)`` for callers that do not need the count."""
    return Deduper(keep_origins=False)(items)
