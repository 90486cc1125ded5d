"""Input readers: .txt, .html/.htm, .jsonl, directories and stdin, as Article or BadInput.

>>> deduper = Deduper()
>>> for item in deduper(read_articles(["news/"], published="2014-05-20")):  # doctest: +SKIP
...     ...  # Article -> process; BadInput -> report str(item), count it, go on
"""

from __future__ import annotations

from sitrep.ingest.badinput import BadInput
from sitrep.ingest.common import Defaults
from sitrep.ingest.dates import normalize_published
from sitrep.ingest.dedupe import Deduper, dedupe
from sitrep.ingest.discover import EXTENSIONS, discover
from sitrep.ingest.html import extract_html
from sitrep.ingest.jsonl import article_from_record
from sitrep.ingest.reader import DEFAULT_MAX_BYTES, read_articles

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXTENSIONS",
    "BadInput",
    "Deduper",
    "Defaults",
    "article_from_record",
    "dedupe",
    "discover",
    "extract_html",
    "normalize_published",
    "read_articles",
]
