"""Expand command-line paths into the files to read."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import PurePath

from sitrep.ingest.badinput import BadInput

STDIN = "-"
EXTENSIONS = frozenset({".txt", ".html", ".htm", ".jsonl"})


def discover(paths: Sequence[str]) -> Iterator[str | BadInput]:
    """Yield file paths in a stable order, "-" as is, and a BadInput for a missing path.

    A directory is walked recursively; its files with a known extension are yielded sorted by
    path (hidden files and directories skipped, other files ignored). A file named explicitly is
    yielded whatever its extension (``format_of`` decides how to read it).
    """
    for path in paths:
        if path == STDIN:
            yield path
        elif os.path.isdir(path):
            yield from _walk(path)
        elif os.path.exists(path):
            yield path
        else:
            yield BadInput(path, "no such file or directory")


def _walk(root: str) -> Iterator[str]:
    found: list[tuple[tuple[str, ...], str]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and PurePath(name).suffix.lower() in EXTENSIONS:
                full = os.path.join(dirpath, name)
                found.append((PurePath(os.path.relpath(full, root)).parts, full))
    # Sort by components: "a/b.txt" vs "a-c.txt" must not depend on how "/" compares to "-".
    for _, full in sorted(found):
        yield full


def format_of(path: str) -> str:
    """ "txt", "html" or "jsonl" by extension; any other extension is read as plain text."""
    suffix = PurePath(path).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".jsonl":
        return "jsonl"
    return "txt"
