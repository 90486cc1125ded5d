"""Casualties: killed, injured and arrested counts, attached to the event they belong to.

"at least 4" gives 4 and "two hundred" gives 200; vague quantities ("dozens",
"scores") give nothing rather than a guess.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from sitrep.pipeline.registry import stage
from sitrep.pipeline.resources import Resources
from sitrep.pipeline.state import Candidate, DocState

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_KILLED = frozenset(
    [
        "kill",
        "killed",
        "dead",
        "die",
        "died",
        "death",
        "deaths",
        "dying",
        "slain",
        "slay",
        "murdered",
        "massacred",
        "executed",
    ]
)
_INJURED = frozenset(["injure", "injured", "wound", "wounded", "hurt", "injuries", "casualties"])
_ARRESTED = frozenset(
    ["arrest", "arrested", "detain", "detained", "apprehend", "apprehended", "held", "jailed", "rounded"]
)
# Words allowed between a number and its casualty word: "4 people were killed", "90 others injured".
_FILLER = frozenset(
    [
        "people",
        "persons",
        "person",
        "civilians",
        "civilian",
        "soldiers",
        "soldier",
        "troops",
        "police",
        "policemen",
        "officers",
        "others",
        "other",
        "were",
        "was",
        "have",
        "has",
        "had",
        "been",
        "being",
        "are",
        "is",
        "reportedly",
        "later",
        "also",
        "more",
        "than",
        "at",
        "least",
        "some",
        "about",
        "nearly",
        "around",
        "over",
        "almost",
        "an",
        "estimated",
        ",",
        "protesters",
        "protester",
        "militants",
        "fighters",
        "members",
        "children",
        "women",
        "men",
        "demonstrators",
        "students",
        "workers",
        "residents",
        "pilgrims",
        "passengers",
        "villagers",
    ]
)


def parse_number(words: list[str]) -> int | None:
    """'4' -> 4, 'two hundred' -> 200, '1,200' -> 1200; vague words -> None."""
    text = " ".join(words).lower().replace(",", "")
    if re.fullmatch(r"\d+", text):
        return int(text)
    total, current = 0, 0
    seen = False
    for word in re.split(r"[\s-]+", text):
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _SCALES and seen:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word == "and":
            continue
        elif re.fullmatch(r"\d+", word):
            current += int(word)
            seen = True
        else:
            return None
    return total + current if seen else None


def _number_at(tokens: list[Token], end: int) -> int | None:
    """The number whose last token is tokens[end]."""
    start = end
    while start - 1 >= 0 and (
        tokens[start - 1].like_num or tokens[start - 1].lower_ in _SCALES or tokens[start - 1].lower_ == "-"
    ):
        start -= 1
    words = [t.text for t in tokens[start : end + 1] if t.text != "-"]
    return parse_number(words)


def _classify(tok: Token) -> str | None:
    word = tok.lower_
    if word in _KILLED or tok.lemma_.lower() in _KILLED:
        return "dead"
    if word in _INJURED or tok.lemma_.lower() in _INJURED:
        return "injured"
    if word in _ARRESTED:
        return "arrested"
    return None


def extract_casualties(span: Span) -> dict[str, int]:
    """Counts found in a sentence: {'dead': 4, 'injured': 90}."""
    tokens = list(span)
    found: dict[str, int] = {}
    for i, tok in enumerate(tokens):
        kind = _classify(tok)
        if kind is None or kind in found:
            continue
        value = None
        # "4 were killed", "at least 4 people died", "90 injured"
        j = i - 1
        while j >= 0 and j >= i - 7 and not tokens[j].like_num and tokens[j].lower_ in _FILLER:
            j -= 1
        if j >= 0 and tokens[j].like_num and not _is_date_number(tokens[j]):
            value = _number_at(tokens, j)
        # "killing 12 people", "wounding at least 30"
        if value is None and tok.tag_ in {"VBG", "VBD", "VBN", "VB"}:
            k = i + 1
            while (
                k < len(tokens)
                and k <= i + 5
                and tokens[k].lower_
                in {
                    "at",
                    "least",
                    "more",
                    "than",
                    "some",
                    "about",
                    "nearly",
                    "around",
                    "over",
                    "an",
                    "estimated",
                    "almost",
                }
            ):
                k += 1
            end = k
            while end + 1 < len(tokens) and (tokens[end + 1].like_num or tokens[end + 1].lower_ in _SCALES):
                end += 1
            if k < len(tokens) and tokens[k].like_num and not _is_date_number(tokens[k]):
                value = _number_at(tokens, end)
        if value is not None and value < 1_000_000:
            found[kind] = value
    # "the death toll rose to 43"
    if "dead" not in found:
        match = re.search(r"death toll (?:\w+ ){0,3}(?:to|of|at)\s+(?:at least\s+)?([\d,]+)", span.text, re.I)
        if match:
            found["dead"] = int(match.group(1).replace(",", ""))
    return found


def _is_date_number(tok: Token) -> bool:
    return tok.ent_type_ in {"DATE", "TIME", "MONEY", "PERCENT"}


@stage("casualties", requires=["candidates"], assigns=["candidates.casualties"])
def assign_casualties(state: DocState, res: Resources) -> None:
    by_sentence: dict[int, list[Candidate]] = {}
    for cand in state.candidates:
        by_sentence.setdefault(cand.sentence.index, []).append(cand)
    for group in by_sentence.values():
        counts = extract_casualties(group[0].sentence.span)
        if not counts:
            continue
        violent = [c for c in group if c.event_type in {"ASSAULT", "PROTEST"}]
        coercive = [c for c in group if c.event_type == "COERCE"]
        target = (violent or [c for c in group if c.is_main] or group)[0]
        target.dead = counts.get("dead", target.dead)
        target.injured = counts.get("injured", target.injured)
        if "arrested" in counts:
            (coercive or [target])[0].arrested = counts["arrested"]
