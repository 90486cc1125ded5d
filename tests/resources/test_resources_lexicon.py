"""The trigger lexicon: rule matching and the data file's consistency with the ontology."""

from __future__ import annotations

import pytest

from sitrep.ontology import is_valid_mode, load_ontology
from sitrep.resources.lexicon import Lexicon, TriggerRule, load_lexicon


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def _match(rule: TriggerRule, **kw: object) -> bool:
    args: dict = {"objects": (), "preps": (), "particles": (), "xcomp": None, **kw}
    return rule.matches(**args)


def test_a_rule_without_conditions_matches_anything() -> None:
    assert _match(TriggerRule("attack", "ASSAULT"))
    assert _match(TriggerRule("attack", "ASSAULT"), objects={"base"}, preps={"in"})


def test_object_condition_needs_one_of_its_lemmas() -> None:
    rule = TriggerRule("declare", "THREATEN", obj=frozenset({"war"}))
    assert _match(rule, objects={"war", "neighbour"})
    assert not _match(rule, objects={"peace"})
    assert not _match(rule)


def test_a_prepositional_object_counts_only_for_rules_that_name_the_preposition() -> None:
    street = TriggerRule("take", "PROTEST", obj=frozenset({"street"}), prep="to")
    assert _match(street, preps={"to"}, prep_objects={"street"})
    seize_port = TriggerRule("seize", "ASSAULT", obj=frozenset({"port"}))
    assert not _match(seize_port, preps={"at"}, prep_objects={"port"})  # "seized cocaine at the port"
    assert _match(seize_port, objects={"port"})


def test_preposition_and_particle_conditions() -> None:
    rule = TriggerRule("fire", "ASSAULT", prep="on")
    assert _match(rule, preps={"on"})
    assert not _match(rule, preps={"at"})
    back = TriggerRule("back", "CONCEDE", prt="down")
    assert _match(back, particles={"down"})
    assert not _match(back, particles={"up"})


def test_xcomp_condition_any_or_listed() -> None:
    any_clause = TriggerRule("threaten", "THREATEN", xcomp=True)
    assert _match(any_clause, xcomp="strike")
    assert not _match(any_clause)
    listed = TriggerRule("move", "MOBILIZE", xcomp=frozenset({"deploy"}))
    assert _match(listed, xcomp="deploy")
    assert not _match(listed, xcomp="talk")


def test_subject_condition_needs_one_of_its_lemmas() -> None:
    held = TriggerRule("hold", "RETREAT", subj=frozenset({"truce"}))
    assert _match(held, subjects={"truce"})
    assert not _match(held, subjects={"police"})
    assert not _match(held)  # a rule about the subject never matches a verb without one


def test_the_subject_decides_between_readings(lexicon: Lexicon) -> None:
    assert lexicon.match_verb("shut", subjects={"strike"}, particles={"down"}).event_type == "PROTEST"
    assert lexicon.match_verb("shut", subjects={"police"}, particles={"down"}).event_type == "COERCE"
    assert lexicon.match_verb("erupt", subjects={"clash"}).event_type == "ASSAULT"
    assert lexicon.match_verb("erupt", subjects={"volcano"}) is None


@pytest.mark.parametrize(
    ("lemma", "objects", "expected"),
    [
        ("declare", {"war"}, "THREATEN"),
        ("declare", {"allegiance"}, "SUPPORT"),
        ("declare", {"ceasefire"}, "CONCEDE"),
        ("pledge", {"allegiance"}, "SUPPORT"),
        ("pledge", {"aid"}, "AID"),
    ],
)
def test_the_object_decides_the_type(lexicon: Lexicon, lemma: str, objects: set[str], expected: str) -> None:
    rule = lexicon.match_verb(lemma, objects=objects)
    assert rule is not None and rule.event_type == expected


def test_firing_an_official_is_not_an_event(lexicon: Lexicon) -> None:
    rule = lexicon.match_verb("fire", objects={"official"})
    assert rule is not None and rule.event_type is None


def test_firing_on_someone_is_an_assault_with_firearms(lexicon: Lexicon) -> None:
    rule = lexicon.match_verb("fire", preps={"on"})
    assert rule is not None and (rule.event_type, rule.mode) == ("ASSAULT", "firearms")


def test_no_rule_for_an_unknown_verb_or_an_unmatched_frame(lexicon: Lexicon) -> None:
    assert lexicon.match_verb("photosynthesize") is None
    assert lexicon.match_verb("declare", objects={"dividend"}) is None


# -- the data file ---------------------------------------------------------------------------------


def test_every_code_the_lexicon_can_emit_exists_in_the_ontology(lexicon: Lexicon) -> None:
    onto = load_ontology()
    bad = sorted(
        (t, m) for t, m in lexicon.all_codes() if t not in onto.event_types or not is_valid_mode(t, m)
    )
    assert bad == [], f"triggers.json emits codes the ontology lacks: {bad}"


def test_all_codes_covers_verbs_nouns_and_control_verbs(lexicon: Lexicon) -> None:
    codes = lexicon.all_codes()
    assert ("ASSAULT", "firearms") in codes
    assert {(n.event_type, n.mode) for n in lexicon.nouns.values()} <= codes
    assert {(t, None) for t in lexicon.control_verbs.values()} <= codes


def test_control_verb_types_are_plover_types(lexicon: Lexicon) -> None:
    onto = load_ontology()
    assert lexicon.control_verbs, "triggers.json has no control verbs"
    bad = {verb: t for verb, t in lexicon.control_verbs.items() if t not in onto.event_types}
    assert bad == {}


def test_weights_are_probabilities(lexicon: Lexicon) -> None:
    bad = [r.describe for rules in lexicon.verbs.values() for r in rules if not 0.0 < r.weight <= 1.0]
    bad += [n.noun for n in lexicon.nouns.values() if not 0.0 < n.weight <= 1.0]
    assert bad == []


def test_no_rule_hides_behind_an_unconditional_one(lexicon: Lexicon) -> None:
    """Rules are tried in order, so anything after a rule with no condition can never fire."""
    shadowed = []
    for lemma, rules in lexicon.verbs.items():
        for k, rule in enumerate(rules[:-1]):
            if _unconditional(rule):
                shadowed.append(f"{lemma}: rules after #{k} ({rule.describe})")
    assert shadowed == []


def test_every_nominalization_names_a_verb_with_rules(lexicon: Lexicon) -> None:
    assert lexicon.nominalizations
    assert sorted(v for v in lexicon.nominalizations.values() if v not in lexicon.verbs) == []


def test_every_rule_is_filed_under_its_own_lemma(lexicon: Lexicon) -> None:
    assert all(r.lemma == lemma for lemma, rules in lexicon.verbs.items() for r in rules)
    assert all(lemma == lemma.lower().strip() for lemma in lexicon.verbs)


def _unconditional(rule: TriggerRule) -> bool:
    return (
        rule.obj is None and rule.prep is None and rule.prt is None and not rule.xcomp and rule.subj is None
    )


def test_reporting_verbs_are_typed_only_in_a_specific_frame(lexicon: Lexicon) -> None:
    """A reporting verb is transparent: 'insisted on' or 'recalled its ambassador' may be events, but a
    rule without conditions would code every 'insisted' as one."""
    typed = {
        v
        for v in lexicon.reporting_verbs
        if any(r.event_type and _unconditional(r) for r in lexicon.verbs.get(v, ()))
    }
    assert typed == set()
