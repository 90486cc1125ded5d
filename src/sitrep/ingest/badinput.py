"""The record for an input that could not be read as an article."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BadInput:
    """An unreadable file or record. Yielded, not raised, so a run can count it and go on.

    ``origin`` is the path, ``path:LINE`` for a JSONL line, or ``<stdin>`` / ``<stdin>:LINE``.
    """

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"
