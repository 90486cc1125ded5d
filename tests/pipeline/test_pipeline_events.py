"""events: which candidates of a sentence survive, on hand-built parses."""

from __future__ import annotations

from pipeline_docs import make_doc, sentence_of

from sitrep.pipeline.events import _drop_purpose_clauses, needs_classifier
from sitrep.pipeline.state import Candidate
from sitrep.resources.lexicon import Lexicon, TriggerRule

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


# "Officials said the army sealed the town, trapping hundreds." (lemmas as spaCy gives them)
SAID_SEALED_TRAPPING = [
    ("Officials", "NNS", "NOUN", "nsubj", 1, "official"),
    ("said", "VBD", "VERB", "ROOT", 1, "say"),
    ("the", "DT", "DET", "det", 3, "the"),
    ("army", "NN", "NOUN", "nsubj", 4, "army"),
    ("sealed", "VBD", "VERB", "ccomp", 1, "seal"),
    ("the", "DT", "DET", "det", 6, "the"),
    ("town", "NN", "NOUN", "dobj", 4, "town"),
    (",", ",", "PUNCT", "punct", 4, ","),
    ("trapping", "VBG", "VERB", "advcl", 4, "trap"),
    ("hundreds", "NNS", "NOUN", "dobj", 8, "hundred"),
]


def _lexicon(*, known: set[str]) -> Lexicon:
    rules = {lemma: (TriggerRule(lemma, "COERCE"),) for lemma in known}
    return Lexicon(
        verbs=rules,
        nouns={},
        control_verbs={},
        reporting_verbs=frozenset({"say"}),
        pass_through_verbs=frozenset(),
        nominalizations={},
    )


LEXICON = _lexicon(known={"seal", "trap"})


def test_a_sentence_with_no_candidate_goes_to_the_classifier() -> None:
    assert needs_classifier([], lexicon=LEXICON)


def test_a_firm_rule_in_the_main_clause_decides_alone() -> None:
    # "said" is transparent, so "sealed" is the main clause
    found = _candidates(SAID_SEALED_TRAPPING, {4: "COERCE"})
    assert not needs_classifier(found, lexicon=LEXICON)


def test_a_weak_rule_gets_a_second_opinion() -> None:
    found = _candidates(SAID_SEALED_TRAPPING, {4: "COERCE"})
    found[0].weight = 0.5
    assert needs_classifier(found, lexicon=LEXICON)


def test_a_rule_only_in_a_subordinate_clause_gets_a_second_opinion_on_an_unknown_main_verb() -> None:
    # the lexicon knows "trap" but not the main verb "seal": the classifier reads the main verb
    found = _candidates(SAID_SEALED_TRAPPING, {8: "ASSAULT"})
    assert needs_classifier(found, lexicon=_lexicon(known={"trap"}))


def test_a_main_verb_the_lexicon_knows_had_its_chance() -> None:
    found = _candidates(SAID_SEALED_TRAPPING, {8: "ASSAULT"})
    assert not needs_classifier(found, lexicon=LEXICON)
