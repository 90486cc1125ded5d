"""Casualty numbers and counts, on hand-built Docs (no trained model)."""

from __future__ import annotations

import pytest
from pipeline_docs import make_doc

from sitrep.pipeline.casualties import extract_casualties, parse_number


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["4"], 4),
        (["1,200"], 1200),
        (["two", "hundred"], 200),
        (["twenty-five"], 25),
        (["a", "hundred"], 100),
        (["one", "hundred", "and", "five"], 105),
        (["two", "thousand", "three", "hundred"], 2300),
    ],
)
def test_parse_number_reads_digits_and_number_words(words: list[str], expected: int) -> None:
    assert parse_number(words) == expected


@pytest.mark.parametrize("words", [["dozens"], ["scores"], ["hundreds"], ["several"], []])
def test_parse_number_gives_nothing_for_vague_quantities(words: list[str]) -> None:
    assert parse_number(words) is None


def test_killed_and_wounded_counts_before_their_verbs() -> None:
    # At least 12 people were killed and 30 wounded
    doc = make_doc(
        [
            ("At", "IN", "ADP", "advmod", 1, "at"),
            ("least", "JJS", "ADJ", "advmod", 2, "least"),
            ("12", "CD", "NUM", "nummod", 3, "12"),
            ("people", "NNS", "NOUN", "nsubjpass", 5, "people"),
            ("were", "VBD", "AUX", "auxpass", 5, "be"),
            ("killed", "VBN", "VERB", "ROOT", 5, "kill"),
            ("and", "CC", "CCONJ", "cc", 5, "and"),
            ("30", "CD", "NUM", "nsubj", 8, "30"),
            ("wounded", "VBN", "VERB", "conj", 5, "wound"),
        ],
        ents=["B-CARDINAL", "I-CARDINAL", "I-CARDINAL", "O", "O", "O", "O", "B-CARDINAL", "O"],
    )
    assert extract_casualties(doc[:]) == {"dead": 12, "injured": 30}


def test_a_count_after_a_participle_and_number_words() -> None:
    # Gunmen stormed the village, killing two hundred villagers
    doc = make_doc(
        [
            ("Gunmen", "NNS", "NOUN", "nsubj", 1, "gunman"),
            ("stormed", "VBD", "VERB", "ROOT", 1, "storm"),
            ("the", "DT", "DET", "det", 3, "the"),
            ("village", "NN", "NOUN", "dobj", 1, "village"),
            (",", ",", "PUNCT", "punct", 1, ","),
            ("killing", "VBG", "VERB", "advcl", 1, "kill"),
            ("two", "CD", "NUM", "compound", 7, "two"),
            ("hundred", "CD", "NUM", "nummod", 8, "hundred"),
            ("villagers", "NNS", "NOUN", "dobj", 5, "villager"),
        ]
    )
    assert extract_casualties(doc[:]) == {"dead": 200}


def test_vague_tolls_give_no_count() -> None:
    # Dozens of people were killed
    doc = make_doc(
        [
            ("Dozens", "NNS", "NOUN", "nsubjpass", 4, "dozen"),
            ("of", "IN", "ADP", "prep", 0, "of"),
            ("people", "NNS", "NOUN", "pobj", 1, "people"),
            ("were", "VBD", "AUX", "auxpass", 4, "be"),
            ("killed", "VBN", "VERB", "ROOT", 4, "kill"),
        ]
    )
    assert extract_casualties(doc[:]) == {}


def test_a_year_is_not_a_death_count() -> None:
    # Fighting that began in March 2011 has killed thousands
    doc = make_doc(
        [
            ("Fighting", "NN", "NOUN", "nsubj", 7, "fighting"),
            ("that", "WDT", "PRON", "nsubj", 2, "that"),
            ("began", "VBD", "VERB", "relcl", 0, "begin"),
            ("in", "IN", "ADP", "prep", 2, "in"),
            ("March", "NNP", "PROPN", "pobj", 3, "March"),
            ("2011", "CD", "NUM", "nummod", 4, "2011"),
            ("has", "VBZ", "AUX", "aux", 7, "have"),
            ("killed", "VBN", "VERB", "ROOT", 7, "kill"),
            ("thousands", "NNS", "NOUN", "dobj", 7, "thousand"),
        ],
        ents=["O", "O", "O", "O", "B-DATE", "I-DATE", "O", "O", "O"],
    )
    assert extract_casualties(doc[:]) == {}


def test_death_toll_phrase_and_arrests() -> None:
    # Police detained 14 protesters as the death toll rose to 43
    doc = make_doc(
        [
            ("Police", "NNS", "NOUN", "nsubj", 1, "police"),
            ("detained", "VBD", "VERB", "ROOT", 1, "detain"),
            ("14", "CD", "NUM", "nummod", 3, "14"),
            ("protesters", "NNS", "NOUN", "dobj", 1, "protester"),
            ("as", "IN", "SCONJ", "mark", 8, "as"),
            ("the", "DT", "DET", "det", 7, "the"),
            ("death", "NN", "NOUN", "compound", 7, "death"),
            ("toll", "NN", "NOUN", "nsubj", 8, "toll"),
            ("rose", "VBD", "VERB", "advcl", 1, "rise"),
            ("to", "IN", "ADP", "prep", 8, "to"),
            ("43", "CD", "NUM", "pobj", 9, "43"),
        ]
    )
    assert extract_casualties(doc[:]) == {"arrested": 14, "dead": 43}
