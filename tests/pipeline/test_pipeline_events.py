"""events: which candidates of a sentence survive, on hand-built parses."""

from __future__ import annotations

from pipeline_docs import make_doc, sentence_of

from sitrep.pipeline.events import _drop_purpose_clauses
from sitrep.pipeline.state import Candidate

# "Villagers blocked the road, demanding compensation."
BLOCKED_DEMANDING = [
    ("Villagers", "NNS", "NOUN", "nsubj", 1, "villager"),
    ("blocked", "VBD", "VERB", "ROOT", 1, "block"),
    ("the", "DT", "DET", "det", 3, "the"),
    ("road", "NN", "NOUN", "dobj", 1, "road"),
    (",", ",", "PUNCT", "punct", 1, ","),
    ("demanding", "VBG", "VERB", "advcl", 1, "demand"),
    ("compensation", "NN", "NOUN", "dobj", 5, "compensation"),
    (".", ".", "PUNCT", "punct", 1, "."),
]


def _candidates(tokens: list, triggers: dict[int, str]) -> list[Candidate]:
    doc = make_doc(tokens)
    sentence = sentence_of(doc)
    return [
        Candidate(sentence=sentence, trigger=doc[i], event_type=t, mode=None, weight=0.8, explain="test")
        for i, t in triggers.items()
    ]


def test_a_demand_voiced_while_acting_is_not_a_second_event() -> None:
    kept = _drop_purpose_clauses(_candidates(BLOCKED_DEMANDING, {1: "COERCE", 5: "REQUEST"}))
    assert [c.trigger.lower_ for c in kept] == ["blocked"]


def test_a_participle_of_another_kind_stays_an_event() -> None:
    kept = _drop_purpose_clauses(_candidates(BLOCKED_DEMANDING, {1: "ASSAULT", 5: "ASSAULT"}))
    assert [c.trigger.lower_ for c in kept] == ["blocked", "demanding"]


def test_a_demand_hung_on_no_event_is_kept() -> None:
    kept = _drop_purpose_clauses(_candidates(BLOCKED_DEMANDING, {5: "REQUEST"}))
    assert [c.trigger.lower_ for c in kept] == ["demanding"]


def test_a_to_purpose_clause_is_dropped() -> None:
    # "Students marched to protest the law."
    tokens = [
        ("Students", "NNS", "NOUN", "nsubj", 1, "student"),
        ("marched", "VBD", "VERB", "ROOT", 1, "march"),
        ("to", "TO", "PART", "aux", 3, "to"),
        ("protest", "VB", "VERB", "advcl", 1, "protest"),
        ("the", "DT", "DET", "det", 5, "the"),
        ("law", "NN", "NOUN", "dobj", 3, "law"),
    ]
    kept = _drop_purpose_clauses(_candidates(tokens, {1: "PROTEST", 3: "PROTEST"}))
    assert [c.trigger.lower_ for c in kept] == ["marched"]
