"""``read_articles``: every input kind behind one iterator of Article | BadInput."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any, TextIO

from sitrep.errors import InputError
from sitrep.ingest import html, txt
from sitrep.ingest.badinput import BadInput
from sitrep.ingest.common import Defaults
from sitrep.ingest.discover import STDIN, discover, format_of
from sitrep.ingest.jsonl import bounded_lines, read_jsonl
from sitrep.models import Article

STDIN_NAME = "<stdin>"
DEFAULT_MAX_BYTES = 5_000_000


def read_articles(
    paths: Sequence[str],
    *,
    published: str | None = None,
    source: str | None = None,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: TextIO | None = None,
) -> Iterator[Article | BadInput]:
    """Read articles from files, directories and "-" (stdin), in order.

    Bad inputs are yielded as BadInput so the caller can count them and go on. ``published``,
    ``source`` and ``url`` fill only what an input does not carry itself. An unparseable
    ``published`` is a user error: InputError is raised here, before anything is read.
    """
    defaults = Defaults.checked(published=published, source=source, url=url)
    return _read_all(paths, defaults=defaults, max_bytes=max_bytes, stdin=stdin)


def _read_all(
    paths: Sequence[str], *, defaults: Defaults, max_bytes: int, stdin: TextIO | None
) -> Iterator[Article | BadInput]:
    for item in discover(paths):
        if isinstance(item, BadInput):
            yield item
        elif item == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, defaults, max_bytes)
        else:
            yield from _read_file(item, defaults, max_bytes)


def _read_file(path: str, defaults: Defaults, max_bytes: int) -> Iterator[Article | BadInput]:
    kind = format_of(path)
    try:
        if kind == "jsonl":
            with open(path, "rb") as stream:
                yield from read_jsonl(
                    bounded_lines(stream.readline, max_bytes=max_bytes),
                    name=path,
                    defaults=defaults,
                    max_bytes=max_bytes,
                )
            return
        size = os.path.getsize(path)
        if size > max_bytes:
            yield BadInput(path, f"file too large ({size} bytes > {max_bytes} limit)")
            return
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as err:
        yield BadInput(path, (err.strerror or str(err)).lower())
        return
    reader = html.article_from_bytes if kind == "html" else txt.article_from_bytes
    try:
        yield reader(data, origin=path, defaults=defaults)
    except InputError as err:
        yield BadInput(path, str(err))


def _read_stdin(stream: TextIO, defaults: Defaults, max_bytes: int) -> Iterator[Article | BadInput]:
    """Sniff stdin: JSONL if its first non-blank character is "{", else one text article.

    Uses the binary buffer when there is one, so undecodable bytes become a BadInput
    rather than an exception from the text layer.
    """
    source = getattr(stream, "buffer", stream)
    lines = bounded_lines(source.readline, max_bytes=max_bytes)
    head: list[str | bytes | None] = []
    for line in lines:
        head.append(line)
        if line is None or line.strip():
            break
    if head and _starts_object(head[-1]):
        yield from read_jsonl(
            itertools.chain(head, lines), name=STDIN_NAME, defaults=defaults, max_bytes=max_bytes
        )
        return
    if not head:
        yield BadInput(STDIN_NAME, "empty article")
        return
    yield _stdin_text(head, source, defaults, max_bytes)


def _starts_object(line: str | bytes | None) -> bool:
    if line is None:
        return False
    if isinstance(line, bytes):
        return line.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")
    return line.removeprefix("\ufeff").lstrip().startswith("{")


def _stdin_text(
    head: list[str | bytes | None], source: IO[Any], defaults: Defaults, max_bytes: int
) -> Article | BadInput:
    if any(part is None for part in head):
        return BadInput(STDIN_NAME, f"input too large (> {max_bytes} bytes limit)")
    parts = [part for part in head if part is not None]
    sofar = sum(len(part) for part in parts)
    rest = source.read(max_bytes + 1 - sofar)
    if sofar + len(rest) > max_bytes:
        return BadInput(STDIN_NAME, f"input too large (> {max_bytes} bytes limit)")
    try:
        if isinstance(rest, bytes):
            data = b"".join(p for p in parts if isinstance(p, bytes)) + rest
            return txt.article_from_bytes(data, origin=STDIN_NAME, defaults=defaults)
        text = "".join(p for p in parts if isinstance(p, str)) + rest
        return txt.article_from_text(text, origin=STDIN_NAME, defaults=defaults)
    except InputError as err:
        return BadInput(STDIN_NAME, str(err))
