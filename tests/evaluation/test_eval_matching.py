from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sitrep.evaluation.matching import count_found, normalize_words, party_found, text_matches
from sitrep.models import Party


def test_normalize_drops_case_punctuation_and_small_words() -> None:
    assert normalize_words("The Ministry of Defence's spokesman, a U.S.-trained officer") == [
        "ministry",
        "defence",
        "spokesman",
        "ustrained",
        "officer",
    ]
    assert normalize_words("") == []
    assert normalize_words(None) == []
    assert normalize_words("the 's of") == []


def test_half_of_gold_words_is_enough() -> None:
    assert text_matches("Zambian trade unions", "Zambian unions")  # 2 of 3 gold words


def test_coverage_threshold_is_at_least_half() -> None:
    assert text_matches("rebel commanders", "rebel")  # exactly half
    assert not text_matches("northern rebel groups", "rebel")  # a third is not half


def test_a_third_of_own_words_must_be_gold() -> None:
    assert text_matches("police", "riot police units")  # 1 of 3 own words: exactly a third
    assert not text_matches("police", "riot police units in the capital")  # 1 of 4 own words


def test_a_sentence_long_span_never_counts() -> None:
    sentence = "Police in the port city fired tear gas at striking dock workers on Friday"
    assert not text_matches("police", sentence)
    assert not text_matches("dock workers", sentence)


def test_name_or_text_may_find_the_party() -> None:
    by_name = Party(text="the ministry spokesman in the capital city today", name="Kenya")
    assert party_found("Kenya", [by_name])
    assert not party_found("Uganda", [by_name])
    assert not party_found("Kenya", [])


def test_possessive_and_articles_do_not_block_a_match() -> None:
    assert text_matches("Chad's army", "the army of Chad")


def test_count_found_counts_each_gold_party() -> None:
    predicted = [Party(text="Peruvian farmers")]
    assert count_found(["farmers", "Bolivia", "Peru farmers"], predicted) == (2, 3)


_words = st.lists(
    st.sampled_from(["army", "rebels", "capital", "police", "town", "river", "chief"]), min_size=1
)


@given(gold=_words, filler=st.lists(st.sampled_from(["north", "south", "east", "west"]), min_size=1))
def test_padding_a_match_with_non_gold_words_eventually_breaks_it(gold: list[str], filler: list[str]) -> None:
    """More than twice as many non-gold words as gold words always fails the one-third condition."""
    pred = " ".join(gold + filler * (2 * len(gold) + 1))
    assert not text_matches(" ".join(gold), pred)
    assert text_matches(" ".join(gold), " ".join(gold))
