"""Plain-text articles.

The title is the first non-empty line, and it stays in ``text``: offsets count in the whole
decoded file (BOM dropped, line endings normalized to "\\n"), exactly as stored.
"""

from __future__ import annotations

from sitrep.ingest.common import Defaults, make_article
from sitrep.ingest.decode import check_text, decode_utf8, normalize_newlines
from sitrep.models import Article


def article_from_bytes(data: bytes, *, origin: str, defaults: Defaults) -> Article:
    """Read a .txt file's bytes. Raises InputError (empty, binary, undecodable)."""
    return article_from_text(decode_utf8(data), origin=origin, defaults=defaults)


def article_from_text(text: str, *, origin: str, defaults: Defaults) -> Article:
    """Build an article from already decoded text (e.g. text-mode stdin)."""
    text = normalize_newlines(text.removeprefix("\ufeff"))
    check_text(text)
    return make_article(text, origin=origin, defaults=defaults)
