"""HTML articles: trafilatura keeps the main text and drops navigation, footers and comments."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from trafilatura.settings import Document

from sitrep.errors import InputError
from sitrep.ingest.common import Defaults, make_article
from sitrep.ingest.dates import normalize_published
from sitrep.ingest.decode import decode_html
from sitrep.models import Article

# Dates only from markup (meta tags, <time>, URL): extensive search would pick up dates the
# body merely mentions, which is guessing.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


@dataclass(frozen=True)
class HtmlContent:
    """What trafilatura finds in a page. ``text`` is the string offsets count in."""

    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


def extract_html(html: str) -> HtmlContent:
    """Main text and metadata of a page. Raises InputError when no main text is found."""
    try:
        doc = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            with_metadata=True,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except ValueError as err:  # lxml refuses some malformed documents
        raise InputError(f"no main text found ({err})") from None
    if not isinstance(doc, Document) or not doc.text or not doc.text.strip():
        raise InputError("no main text found")
    text = doc.text.strip()
    published = normalize_published(doc.date) if doc.date else None  # a bad meta date is ignored
    return HtmlContent(
        text=text,
        title=doc.title or None,
        published=published,
        source=doc.sitename or None,
        url=doc.url or None,
    )


def article_from_html(
    html: str,
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
    """Build an article from a page. Precedence: explicit fields, then page metadata, then ``defaults``."""
    page = extract_html(html)
    return make_article(
        page.text,
        origin=origin,
        defaults=defaults,
        id=id,
        title=title or page.title,
        published=published or page.published,
        source=source or page.source,
        url=url or page.url,
        language=language,
    )


def article_from_bytes(data: bytes, *, origin: str, defaults: Defaults) -> Article:
    """Read an .html/.htm file's bytes. Raises InputError."""
    return article_from_html(decode_html(data), origin=origin, defaults=defaults)
