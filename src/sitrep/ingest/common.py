"""Metadata defaults and the one place an Article is assembled from its parts."""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.errors import InputError
from sitrep.ingest.dates import normalize_published
from sitrep.models import Article


@dataclass(frozen=True)
class Defaults:
    """Command-line metadata (``--published``, ``--source``, ``--url``): fills only what an input lacks."""

    published: str | None = None
    source: str | None = None
    url: str | None = None

    @classmethod
    def checked(cls, *, published: str | None, source: str | None, url: str | None) -> Defaults:
        """Build defaults, normalizing ``published``; a bad date is a user error, raised at once."""
        if published is not None:
            normal = normalize_published(published)
            if normal is None:
                raise InputError(f"unparseable published date '{published}'")
            published = normal
        return cls(published=published, source=source or None, url=url or None)


def first_line(text: str) -> str:
    """The first non-empty line, stripped: the title rule for plain text."""
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


def make_article(
    text: str,
    *,
    origin: str,
    defaults: Defaults,
    id: str | None = None,
    title: str | None = None,
    published: str | None = None,
    source: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> Article:
    """Assemble an Article; explicit fields win over ``defaults``. Raises InputError on bad data.

    ``text`` is stored exactly as given, since event offsets are counted in it.
    """
    if not text.strip():
        raise InputError("empty article")
    if published:
        normal = normalize_published(published)
        if normal is None:
            raise InputError(f"unparseable published date '{published}'")
        published = normal
    return Article(
        text=text,
        id=id or "",  # empty -> Article uses the content hash
        title=(title or "").strip() or first_line(text),
        published=published or defaults.published,
        source=source or defaults.source,
        url=url or defaults.url,
        language=language or "en",
        origin=origin,
    )
