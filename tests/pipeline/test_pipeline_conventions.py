"""PLOVER conventions on hand-built candidates (no model): riots, obstruction, joint action, intent."""

from __future__ import annotations

import pytest
from pipeline_docs import make_doc, sentence_of

from sitrep.models import Party
from sitrep.ontology import is_valid_mode
from sitrep.pipeline.conventions import apply_conventions
from sitrep.pipeline.state import Candidate, Mention


def _candidate(
    tokens: list[tuple[str, str, str, str, int, str]],
    *,
    trigger: int,
    event_type: str,
    actors: list[tuple[int, Party]],
    mode: str | None = None,
    tags: list[str] | None = None,
    is_main: bool = True,
) -> Candidate:
    doc = make_doc(tokens)
    return Candidate(
        sentence=sentence_of(doc),
        trigger=doc[trigger],
        event_type=event_type,
        mode=mode,
        weight=0.9,
        explain="test",
        actors=[Mention(party=p, head=doc[i], start=i, end=i + 1) for i, p in actors],
        tags=list(tags or []),
        is_main=is_main,
    )


STORMED = [
    ("Protesters", "NNS", "NOUN", "nsubj", 1, "protester"),
    ("stormed", "VBD", "VERB", "ROOT", 1, "storm"),
    ("the", "DT", "DET", "det", 3, "the"),
    ("ministry", "NN", "NOUN", "dobj", 1, "ministry"),
]


def test_violence_by_protesters_is_a_riot() -> None:
    cand = _candidate(
        STORMED, trigger=1, event_type="ASSAULT", actors=[(0, Party(text="Protesters", sector="CVL"))]
    )
    apply_conventions(cand)
    assert (cand.event_type, cand.mode) == ("PROTEST", "riot")
    assert is_valid_mode(cand.event_type, cand.mode)  # the convention's mode exists in PLOVER
    assert "riot" in cand.explain


def test_violence_by_soldiers_stays_an_assault() -> None:
    tokens = [("Soldiers", "NNS", "NOUN", "nsubj", 1, "soldier"), *STORMED[1:]]
    cand = _candidate(
        tokens, trigger=1, event_type="ASSAULT", actors=[(0, Party(text="Soldiers", sector="MIL"))]
    )
    apply_conventions(cand)
    assert (cand.event_type, cand.mode) == ("ASSAULT", None)
    assert cand.explain == "test"


BLOCKED = [
    ("Students", "NNS", "NOUN", "nsubj", 1, "student"),
    ("blocked", "VBD", "VERB", "ROOT", 1, "block"),
    ("the", "DT", "DET", "det", 3, "the"),
    ("highway", "NN", "NOUN", "dobj", 1, "highway"),
]


OCCUPIED = [
    ("Villagers", "NNS", "NOUN", "nsubj", 1, "villager"),
    ("occupied", "VBD", "VERB", "ROOT", 1, "occupy"),
    ("the", "DT", "DET", "det", 3, "the"),
    ("mine", "NN", "NOUN", "dobj", 1, "mine"),
]


@pytest.mark.parametrize(
    ("tokens", "event_type", "party"),
    [
        (BLOCKED, "COERCE", Party(text="Students", sector="EDU")),
        (OCCUPIED, "ASSAULT", Party(text="Villagers", sector="CVL")),
    ],
)
def test_civilians_obstructing_or_occupying_are_protesting(
    tokens: list, event_type: str, party: Party
) -> None:
    cand = _candidate(tokens, trigger=1, event_type=event_type, actors=[(0, party)])
    apply_conventions(cand)
    assert (cand.event_type, cand.mode) == ("PROTEST", "obstruct")
    assert is_valid_mode(cand.event_type, cand.mode)  # the convention's mode exists in PLOVER


def test_an_armed_civil_group_is_not_treated_as_protesters() -> None:
    tokens = [("Vigilantes", "NNS", "NOUN", "nsubj", 1, "vigilante"), *BLOCKED[1:]]
    party = Party(text="armed vigilantes", sector="CVL", attributes=["armed"])
    cand = _candidate(tokens, trigger=1, event_type="COERCE", actors=[(0, party)])
    apply_conventions(cand)
    assert cand.event_type == "COERCE"


JOINT = [
    ("Army", "NNP", "PROPN", "nsubj", 3, "Army"),
    ("and", "CC", "CCONJ", "cc", 0, "and"),
    ("police", "NNS", "NOUN", "conj", 0, "police"),
    ("raided", "VBD", "VERB", "ROOT", 3, "raid"),
    ("the", "DT", "DET", "det", 5, "the"),
    ("camp", "NN", "NOUN", "dobj", 3, "camp"),
    ("together", "RB", "ADV", "advmod", 3, "together"),
]


def test_a_joint_operation_by_several_actors_is_cooperate() -> None:
    actors = [(0, Party(text="Army", name="Army", sector="MIL")), (2, Party(text="police", sector="COP"))]
    cand = _candidate(JOINT, trigger=3, event_type="ASSAULT", mode="firearms", actors=actors)
    apply_conventions(cand)
    assert (cand.event_type, cand.mode) == ("COOPERATE", None)


def test_one_actor_acting_together_with_no_one_is_not_joint() -> None:
    cand = _candidate(JOINT, trigger=3, event_type="ASSAULT", actors=[(0, Party(text="Army", sector="MIL"))])
    apply_conventions(cand)
    assert cand.event_type == "ASSAULT"


SEND = [
    ("Norway", "NNP", "PROPN", "nsubj", 2, "Norway"),
    ("will", "MD", "AUX", "aux", 2, "will"),
    ("send", "VB", "VERB", "ROOT", 2, "send"),
    ("aid", "NN", "NOUN", "dobj", 2, "aid"),
]


def test_a_stated_intent_to_help_is_agree_and_loses_the_future_tag() -> None:
    cand = _candidate(
        SEND, trigger=2, event_type="AID", actors=[(0, Party(text="Norway", country="NOR"))], tags=["future"]
    )
    apply_conventions(cand)
    assert cand.event_type == "AGREE"
    assert cand.tags == []


def test_a_stated_intent_to_strike_is_a_threat_of_violence() -> None:
    cand = _candidate(
        SEND,
        trigger=2,
        event_type="ASSAULT",
        actors=[(0, Party(text="Norway", country="NOR"))],
        tags=["future", "negated"],
    )
    apply_conventions(cand)
    assert (cand.event_type, cand.mode) == ("THREATEN", "violence")
    assert is_valid_mode(cand.event_type, cand.mode)  # the convention's mode exists in PLOVER
    assert cand.tags == ["negated"]


def test_intent_in_a_subordinate_clause_is_left_alone() -> None:
    cand = _candidate(
        SEND,
        trigger=2,
        event_type="AID",
        actors=[(0, Party(text="Norway", country="NOR"))],
        tags=["future"],
        is_main=False,
    )
    apply_conventions(cand)
    assert cand.event_type == "AID"
    assert cand.tags == ["future"]


def test_a_negated_cooperative_act_is_a_refusal() -> None:
    cand = _candidate(
        SEND, trigger=2, event_type="AID", actors=[(0, Party(text="Norway", country="NOR"))], tags=["negated"]
    )
    apply_conventions(cand)
    assert (cand.event_type, cand.mode) == ("REJECT", None)
    assert cand.tags == []


def test_a_negated_attack_stays_an_attack_that_did_not_happen() -> None:
    cand = _candidate(
        SEND,
        trigger=2,
        event_type="ASSAULT",
        actors=[(0, Party(text="Norway", country="NOR"))],
        tags=["negated"],
    )
    apply_conventions(cand)
    assert cand.event_type == "ASSAULT"
    assert cand.tags == ["negated"]


def test_a_negated_act_in_a_subordinate_clause_is_left_alone() -> None:
    cand = _candidate(
        SEND,
        trigger=2,
        event_type="AGREE",
        actors=[(0, Party(text="Norway", country="NOR"))],
        tags=["negated"],
        is_main=False,
    )
    apply_conventions(cand)
    assert cand.event_type == "AGREE"


def test_soldiers_occupying_a_place_are_attacking() -> None:
    tokens = [("Soldiers", "NNS", "NOUN", "nsubj", 1, "soldier"), *OCCUPIED[1:]]
    cand = _candidate(
        tokens, trigger=1, event_type="ASSAULT", actors=[(0, Party(text="Soldiers", sector="MIL"))]
    )
    apply_conventions(cand)
    assert cand.event_type == "ASSAULT"


# "Kenya sent police to help Haiti."
SENT_TO_HELP = [
    ("Kenya", "NNP", "PROPN", "nsubj", 1, "Kenya"),
    ("sent", "VBD", "VERB", "ROOT", 1, "send"),
    ("police", "NNS", "NOUN", "dobj", 1, "police"),
    ("to", "TO", "PART", "aux", 4, "to"),
    ("help", "VB", "VERB", "advcl", 1, "help"),
    ("Haiti", "NNP", "PROPN", "dobj", 4, "Haiti"),
]


def test_forces_sent_to_help_another_party_are_aid() -> None:
    cand = _candidate(
        SENT_TO_HELP, trigger=1, event_type="MOBILIZE", mode="troops", actors=[(0, Party(text="Kenya"))]
    )
    apply_conventions(cand)
    assert (cand.event_type, cand.mode) == ("AID", None)


def test_forces_sent_to_do_something_else_stay_a_mobilization() -> None:
    tokens = [*SENT_TO_HELP[:4], ("guard", "VB", "VERB", "advcl", 1, "guard"), SENT_TO_HELP[5]]
    cand = _candidate(
        tokens, trigger=1, event_type="MOBILIZE", mode="troops", actors=[(0, Party(text="Kenya"))]
    )
    apply_conventions(cand)
    assert cand.event_type == "MOBILIZE"


# "Nurses will strike unless they are paid."
STRIKE_UNLESS = [
    ("Nurses", "NNS", "NOUN", "nsubj", 2, "nurse"),
    ("will", "MD", "AUX", "aux", 2, "will"),
    ("strike", "VB", "VERB", "ROOT", 2, "strike"),
    ("unless", "IN", "SCONJ", "mark", 6, "unless"),
    ("they", "PRP", "PRON", "nsubjpass", 6, "they"),
    ("are", "VBP", "AUX", "auxpass", 6, "be"),
    ("paid", "VBN", "VERB", "advcl", 2, "pay"),
]


def test_a_protest_announced_ahead_is_a_threat() -> None:
    nurses = [(0, Party(text="Nurses", sector="CVL"))]
    cand = _candidate(
        STRIKE_UNLESS, trigger=2, event_type="PROTEST", mode="strike", actors=nurses, tags=["future"]
    )
    apply_conventions(cand)
    assert (cand.event_type, cand.mode) == ("THREATEN", "restrict")
    assert is_valid_mode(cand.event_type, cand.mode)
    assert cand.tags == []


def test_a_protest_under_way_stays_a_protest() -> None:
    nurses = [(0, Party(text="Nurses", sector="CVL"))]
    cand = _candidate(STRIKE_UNLESS, trigger=2, event_type="PROTEST", mode="strike", actors=nurses)
    apply_conventions(cand)
    assert cand.event_type == "PROTEST"


def test_announced_sanctions_are_a_decision_not_a_threat() -> None:
    cand = _candidate(
        SEND,
        trigger=2,
        event_type="SANCTION",
        mode="discontinue",
        actors=[(0, Party(text="Norway"))],
        tags=["future"],
    )
    apply_conventions(cand)
    assert cand.event_type == "SANCTION"


def test_a_promise_to_sign_is_agree() -> None:
    cand = _candidate(
        SEND, trigger=2, event_type="SUPPORT", actors=[(0, Party(text="Norway"))], tags=["future"]
    )
    apply_conventions(cand)
    assert cand.event_type == "AGREE"


# "Rebels were told to leave or face an assault."
LEAVE_OR_FACE = [
    ("Rebels", "NNS", "NOUN", "nsubjpass", 2, "rebel"),
    ("were", "VBD", "AUX", "auxpass", 2, "be"),
    ("told", "VBN", "VERB", "ROOT", 2, "tell"),
    ("to", "TO", "PART", "aux", 4, "to"),
    ("leave", "VB", "VERB", "xcomp", 2, "leave"),
    ("or", "CC", "CCONJ", "cc", 4, "or"),
    ("face", "VB", "VERB", "conj", 4, "face"),
    ("an", "DT", "DET", "det", 8, "an"),
    ("assault", "NN", "NOUN", "dobj", 6, "assault"),
]


@pytest.mark.parametrize("trigger", [2, 4])  # the control verb, or the act it demands
def test_an_act_demanded_on_pain_of_a_penalty_is_an_ultimatum(trigger: int) -> None:
    cand = _candidate(LEAVE_OR_FACE, trigger=trigger, event_type="REQUEST", actors=[])
    apply_conventions(cand)
    assert cand.event_type == "THREATEN"


# "Kyiv is ready to meet Moscow." / "... ready to strike Moscow."
READY_TO_MEET = [
    ("Kyiv", "NNP", "PROPN", "nsubj", 1, "Kyiv"),
    ("is", "VBZ", "AUX", "ROOT", 1, "be"),
    ("ready", "JJ", "ADJ", "acomp", 1, "ready"),
    ("to", "TO", "PART", "aux", 4, "to"),
    ("meet", "VB", "VERB", "xcomp", 2, "meet"),
    ("Moscow", "NNP", "PROPN", "dobj", 4, "Moscow"),
]


@pytest.mark.parametrize(
    ("event_type", "expected"), [("CONSULT", "AGREE"), ("ASSAULT", "THREATEN"), ("ACCUSE", "ACCUSE")]
)
def test_stated_readiness_is_a_promise_or_a_threat(event_type: str, expected: str) -> None:
    cand = _candidate(READY_TO_MEET, trigger=4, event_type=event_type, actors=[(0, Party(text="Kyiv"))])
    apply_conventions(cand)
    assert cand.event_type == expected


def test_police_carrying_out_raids_are_coercing() -> None:
    tokens = [
        ("Police", "NNS", "NOUN", "nsubj", 1, "police"),
        ("carried", "VBD", "VERB", "ROOT", 1, "carry"),
        ("out", "RP", "ADP", "prt", 1, "out"),
        ("raids", "NNS", "NOUN", "dobj", 1, "raid"),
        (",", ",", "PUNCT", "punct", 1, ","),
        ("detaining", "VBG", "VERB", "advcl", 1, "detain"),
        ("dozens", "NNS", "NOUN", "dobj", 5, "dozen"),
    ]
    cand = _candidate(
        tokens, trigger=1, event_type="ASSAULT", actors=[(0, Party(text="Police", sector="COP"))]
    )
    apply_conventions(cand)
    assert (cand.event_type, cand.mode) == ("COERCE", "arrest")


@pytest.mark.parametrize(("sector", "expected"), [("REB", "PROTEST"), ("PTY", "PROTEST"), ("MIL", "COERCE")])
def test_an_obstruction_by_anyone_but_the_state_is_a_protest(sector: str, expected: str) -> None:
    tokens = [("Fighters", "NNS", "NOUN", "nsubj", 1, "fighter"), *BLOCKED[1:]]
    cand = _candidate(
        tokens, trigger=1, event_type="COERCE", mode="restrict", actors=[(0, Party(text="X", sector=sector))]
    )
    apply_conventions(cand)
    assert cand.event_type == expected
