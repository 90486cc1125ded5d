"""JSONL articles: one record per line (see CONTRACT.md, "Input articles").

A bad line becomes a BadInput naming ``path:LINE``; the lines after it are still read.
The ``text`` field is stored verbatim (offsets count in it); ``html`` is used only when
``text`` is absent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, AnyStr

from sitrep.errors import InputError
from sitrep.ingest.badinput import BadInput
from sitrep.ingest.common import Defaults, make_article
from sitrep.ingest.decode import check_text
from sitrep.ingest.html import article_from_html
from sitrep.models import Article

_STRING_FIELDS = ("title", "text", "html", "published", "source", "url", "language")


def bounded_lines(readline: Callable[[int], AnyStr], *, max_bytes: int) -> Iterator[AnyStr | None]:
    """Yield the lines of a stream, or None for a line longer than ``max_bytes`` (its rest is skipped).

    Reads at most ``max_bytes + 1`` at a time, so one huge line never sits in memory whole.
    For text streams the limit counts characters.
    """
    while True:
        line = readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not _ends_line(line):
            while (rest := readline(max_bytes + 1)) and not _ends_line(rest):
                pass
            yield None
        else:
            yield line


def _ends_line(line: str | bytes) -> bool:
    if isinstance(line, bytes):
        return line.endswith(b"\n")
    return line.endswith("\n")


def read_jsonl(
    lines: Iterable[str | bytes | None], *, name: str, defaults: Defaults, max_bytes: int, first: int = 1
) -> Iterator[Article | BadInput]:
    """Parse numbered lines (as from ``bounded_lines``) into articles; blank lines are skipped."""
    for lineno, line in enumerate(lines, first):
        origin = f"{name}:{lineno}"
        if line is None:
            yield BadInput(origin, f"line too large (> {max_bytes} bytes limit)")
            continue
        try:
            text = _decode_line(line, first_line=lineno == 1)
            if not text.strip():
                continue
            yield article_from_record(_parse(text), origin=origin, defaults=defaults)
        except InputError as err:
            yield BadInput(origin, str(err))


def _decode_line(line: str | bytes, *, first_line: bool) -> str:
    if isinstance(line, str):
        return line.removeprefix("\ufeff") if first_line else line
    try:
        return line.decode("utf-8-sig" if first_line else "utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"not valid UTF-8 (byte 0x{line[err.start]:02x} at column {err.start + 1})"
        ) from None


def _parse(line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"malformed JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(record, dict):
        raise InputError(f"malformed JSON (expected an object, got {type(record).__name__})")
    return record


def article_from_record(record: dict[str, Any], *, origin: str, defaults: Defaults) -> Article:
    """Build an article from one decoded record; its fields beat ``defaults``. Raises InputError."""
    for key in _STRING_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(f"malformed JSON (field '{key}' must be a string)")
    raw_id = record.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        raise InputError("malformed JSON (field 'id' must be a string or an integer)")
    fields = {
        "id": str(raw_id) if raw_id is not None else None,
        "title": record.get("title"),
        "published": record.get("published"),
        "source": record.get("source"),
        "url": record.get("url"),
        "language": record.get("language"),
    }
    text, html = record.get("text"), record.get("html")
    if text is not None:
        check_text(text)
        return make_article(text, origin=origin, defaults=defaults, **fields)
    if html is not None:
        if not html.strip():
            raise InputError("empty article")
        return article_from_html(html, origin=origin, defaults=defaults, **fields)
    raise InputError("malformed JSON (record has neither 'text' nor 'html')")
