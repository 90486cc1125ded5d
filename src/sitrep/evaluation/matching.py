"""Party matching as SCORING.md defines it, shared by every scorer.

A gold party is found when one predicted party, through its ``text`` or its ``name``, covers at least
half of the gold party's words while at least a third of its own words are gold words. The second
condition is what keeps a sentence-long span from ever counting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sitrep.models import Party

STOP_WORDS = frozenset({"the", "a", "an", "of", "'s"})
# "Iran's" -> "Iran" before punctuation goes, or the possessive would fuse into the word ("irans").
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_PUNCT = re.compile(r"[^\w\s]|_")


def normalize_words(text: str | None) -> list[str]:
    """Lowercase, drop the possessive and punctuation, split, drop *the, a, an, of*."""
    if not text:
        return []
    lowered = _POSSESSIVE.sub("", text.lower())
    words = (_PUNCT.sub("", w) for w in lowered.split() if w not in STOP_WORDS)
    return [w for w in words if w and w not in STOP_WORDS]


def words_match(gold: Sequence[str], predicted: Sequence[str]) -> bool:
    """Both SCORING.md conditions on already normalized word lists."""
    if not gold or not predicted:
        return False
    gold_set, pred_set = set(gold), set(predicted)
    covered = sum(1 for w in gold if w in pred_set)
    own = sum(1 for w in predicted if w in gold_set)
    return covered * 2 >= len(gold) and own * 3 >= len(predicted)


def text_matches(gold: str, predicted: str | None) -> bool:
    """Whether one predicted string finds the gold party text."""
    return words_match(normalize_words(gold), normalize_words(predicted))


def party_found(gold: str, predicted: Iterable[Party]) -> bool:
    """Whether some predicted party finds ``gold`` through its text or its name."""
    words = normalize_words(gold)
    return any(
        words_match(words, normalize_words(p.text)) or words_match(words, normalize_words(p.name))
        for p in predicted
    )


def count_found(gold: Iterable[str], predicted: Sequence[Party]) -> tuple[int, int]:
    """(found, total) over the gold party texts."""
    texts = list(gold)
    return sum(1 for g in texts if party_found(g, predicted)), len(texts)
