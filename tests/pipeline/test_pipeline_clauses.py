"""clauses: clause depth and verb frames on hand-built parses."""

from __future__ import annotations

import pytest
from pipeline_docs import make_doc

from sitrep.pipeline.clauses import clause_depth, frame_of, nominal_trigger
from sitrep.resources.lexicon import Lexicon, TriggerRule

TRANSPARENT = frozenset({"say", "move"})


@pytest.fixture
def lexicon_for_nouns() -> Lexicon:
    suspend = (TriggerRule("suspend", "SANCTION", mode="discontinue", obj=frozenset({"aid"})),)
    return Lexicon(
        verbs={"suspend": suspend},
        nouns={},
        control_verbs={},
        reporting_verbs=frozenset({"say"}),
        pass_through_verbs=frozenset(),
        nominalizations={"suspension": "suspend"},
    )


# "Poland moved troops after a soldier was stabbed."
MOVED_AFTER_STABBING = [
    ("Poland", "NNP", "PROPN", "nsubj", 1, "Poland"),
    ("moved", "VBD", "VERB", "ROOT", 1, "move"),
    ("troops", "NNS", "NOUN", "dobj", 1, "troop"),
    ("after", "IN", "SCONJ", "mark", 7, "after"),
    ("a", "DT", "DET", "det", 5, "a"),
    ("soldier", "NN", "NOUN", "nsubjpass", 7, "soldier"),
    ("was", "VBD", "AUX", "auxpass", 7, "be"),
    ("stabbed", "VBN", "VERB", "advcl", 1, "stab"),
    (".", ".", "PUNCT", "punct", 1, "."),
]

# "Officials said rebels attacked."
SAID_ATTACKED = [
    ("Officials", "NNS", "NOUN", "nsubj", 1, "official"),
    ("said", "VBD", "VERB", "ROOT", 1, "say"),
    ("rebels", "NNS", "NOUN", "nsubj", 3, "rebel"),
    ("attacked", "VBD", "VERB", "ccomp", 1, "attack"),
    (".", ".", "PUNCT", "punct", 1, "."),
]

# "abuses committed by the state"
ABUSES_COMMITTED = [
    ("abuses", "NNS", "NOUN", "ROOT", 0, "abuse"),
    ("committed", "VBN", "VERB", "acl", 0, "commit"),
    ("by", "IN", "ADP", "agent", 1, "by"),
    ("the", "DT", "DET", "det", 4, "the"),
    ("state", "NN", "NOUN", "pobj", 2, "state"),
]


def test_a_transparent_verb_does_not_count_over_the_clause_it_governs() -> None:
    doc = make_doc(SAID_ATTACKED)
    assert clause_depth(doc[3], transparent=TRANSPARENT) == 0


def test_an_adverbial_clause_under_a_transparent_verb_is_subordinate() -> None:
    doc = make_doc(MOVED_AFTER_STABBING)
    moved, stabbed = doc[1], doc[7]
    assert clause_depth(moved, transparent=TRANSPARENT) == 0
    assert clause_depth(stabbed, transparent=TRANSPARENT) == 1


def test_a_participle_acts_on_the_noun_it_modifies() -> None:
    doc = make_doc(ABUSES_COMMITTED)
    assert "abuse" in frame_of(doc[1]).objects
    assert "by" in frame_of(doc[1]).preps


def test_a_finite_verb_takes_no_object_from_its_head() -> None:
    doc = make_doc(MOVED_AFTER_STABBING)
    assert "move" not in frame_of(doc[7]).objects  # an adverbial clause takes nothing from its head


def test_a_preposition_without_its_own_object_is_a_particle() -> None:
    # "Soldiers pulled out of Niger."
    doc = make_doc(
        [
            ("Soldiers", "NNS", "NOUN", "nsubj", 1, "soldier"),
            ("pulled", "VBD", "VERB", "ROOT", 1, "pull"),
            ("out", "IN", "ADP", "prep", 1, "out"),
            ("of", "IN", "ADP", "prep", 2, "of"),
            ("Niger", "NNP", "PROPN", "pobj", 3, "Niger"),
            (".", ".", "PUNCT", "punct", 1, "."),
        ]
    )
    assert "out" in frame_of(doc[1]).particles


def test_a_hyphenated_object_counts_as_one_word() -> None:
    # "Farmers held a sit-in."
    doc = make_doc(
        [
            ("Farmers", "NNS", "NOUN", "nsubj", 1, "farmer"),
            ("held", "VBD", "VERB", "ROOT", 1, "hold"),
            ("a", "DT", "DET", "det", 5, "a"),
            ("sit", "NN", "NOUN", "compound", 5, "sit"),
            ("-", "HYPH", "PUNCT", "punct", 5, "-"),
            ("in", "NN", "NOUN", "dobj", 1, "in"),
            (".", ".", "PUNCT", "punct", 1, "."),
        ]
    )
    assert "sit-in" in frame_of(doc[1]).objects


def test_a_preposition_hung_on_a_particle_counts_for_the_verb() -> None:
    # "Delegates walked out of the talks."
    doc = make_doc(
        [
            ("Delegates", "NNS", "NOUN", "nsubj", 1, "delegate"),
            ("walked", "VBD", "VERB", "ROOT", 1, "walk"),
            ("out", "IN", "ADP", "prep", 1, "out"),
            ("of", "IN", "ADP", "prep", 2, "of"),
            ("the", "DT", "DET", "det", 5, "the"),
            ("talks", "NNS", "NOUN", "pobj", 3, "talk"),
            (".", ".", "PUNCT", "punct", 1, "."),
        ]
    )
    frame = frame_of(doc[1])
    assert "out" in frame.particles
    assert "of" in frame.preps
    assert "talk" in frame.prep_objects


def test_the_predicate_of_a_small_clause_is_an_object() -> None:
    # "A court found the firm liable."
    doc = make_doc(
        [
            ("A", "DT", "DET", "det", 1, "a"),
            ("court", "NN", "NOUN", "nsubj", 2, "court"),
            ("found", "VBD", "VERB", "ROOT", 2, "find"),
            ("the", "DT", "DET", "det", 4, "the"),
            ("firm", "NN", "NOUN", "nsubj", 5, "firm"),
            ("liable", "JJ", "ADJ", "ccomp", 2, "liable"),
            (".", ".", "PUNCT", "punct", 2, "."),
        ]
    )
    assert "liable" in frame_of(doc[2]).objects


def test_conjuncts_can_count_as_one_level() -> None:
    # "Officials met and said rebels attacked.": "attacked" hangs on a conjunct of the root
    doc = make_doc(
        [
            ("Officials", "NNS", "NOUN", "nsubj", 1, "official"),
            ("met", "VBD", "VERB", "ROOT", 1, "meet"),
            ("and", "CC", "CCONJ", "cc", 1, "and"),
            ("said", "VBD", "VERB", "conj", 1, "say"),
            ("rebels", "NNS", "NOUN", "nsubj", 5, "rebel"),
            ("attacked", "VBD", "VERB", "ccomp", 3, "attack"),
            (".", ".", "PUNCT", "punct", 1, "."),
        ]
    )
    assert clause_depth(doc[5], transparent=TRANSPARENT) == 1
    assert clause_depth(doc[5], transparent=TRANSPARENT, count_conjuncts=False) == 0


def test_an_announced_act_is_typed_by_its_verb(lexicon_for_nouns: Lexicon) -> None:
    # "The EU announced the suspension of aid."
    doc = make_doc(
        [
            ("The", "DT", "DET", "det", 1, "the"),
            ("EU", "NNP", "PROPN", "nsubj", 2, "EU"),
            ("announced", "VBD", "VERB", "ROOT", 2, "announce"),
            ("the", "DT", "DET", "det", 4, "the"),
            ("suspension", "NN", "NOUN", "dobj", 2, "suspension"),
            ("of", "IN", "ADP", "prep", 4, "of"),
            ("aid", "NN", "NOUN", "pobj", 5, "aid"),
            (".", ".", "PUNCT", "punct", 2, "."),
        ]
    )
    found = nominal_trigger(doc[2], lexicon_for_nouns)
    assert found is not None
    event_type, rule, noun = found
    assert (rule.lemma, event_type, noun.lower_) == ("suspend", "SANCTION", "suspension")


def test_a_verb_whose_object_names_no_act_has_no_nominal_trigger(lexicon_for_nouns: Lexicon) -> None:
    doc = make_doc(SAID_ATTACKED)
    assert nominal_trigger(doc[1], lexicon_for_nouns) is None
