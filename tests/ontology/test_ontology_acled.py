"""ACLED categories derived from PLOVER type, mode, sectors and tags."""

from __future__ import annotations

import itertools

import pytest

from sitrep.errors import OntologyError
from sitrep.ontology import acled_category, load_ontology

R = "Explosions/Remote violence"
V = "Violence against civilians"
S = "Strategic developments"


def cat(event_type, mode=None, actors=(), recipients=(), tags=(), dead=None):
    return acled_category(
        event_type=event_type,
        mode=mode,
        tags=list(tags),
        actor_sectors=list(actors),
        recipient_sectors=list(recipients),
        dead=dead,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # weapon first: remote violence whoever the target is
        (("ASSAULT", "aerial", ["MIL"], ["REB"]), (R, "Air/drone strike")),
        (("ASSAULT", "aerial", ["MIL"], ["CVL"]), (R, "Air/drone strike")),
        (("ASSAULT", "explosives", ["REB"], ["MIL"]), (R, "Remote explosive/landmine/IED")),
        (("ASSAULT", "suicide-attack", [None], ["CVL"]), (R, "Suicide bomb")),
        (("ASSAULT", "heavy-weapons", ["MIL"], []), (R, "Shelling/artillery/missile attack")),
        (("ASSAULT", "grenade", ["UAF"], ["COP"]), (R, "Grenade")),
        (("ASSAULT", "unconventional", ["MIL"], ["CVL"]), (R, "Chemical weapon")),
        # then the target: unarmed victims
        (("ASSAULT", "firearms", ["UAF"], ["CVL"]), (V, "Attack")),
        (("ASSAULT", None, ["REB"], ["REF"]), (V, "Attack")),
        (("ASSAULT", "assassinate", ["UAF"], ["GOV"]), (V, "Attack")),  # an official is a civilian
        (("ASSAULT", "beat", ["COP"], ["JRN"]), (V, "Attack")),
        (("ASSAULT", "abduct", ["REB"], ["EDU"]), (V, "Abduction/forced disappearance")),
        (("ASSAULT", "abduct", ["CRM"], []), (V, "Abduction/forced disappearance")),
        (("ASSAULT", "abduct", ["REB"], ["MIL"]), (S, "Other")),
        (("ASSAULT", "sexual", ["MIL"], ["CVL"]), (V, "Sexual violence")),
        (("ASSAULT", "massacre", ["PRM"], []), (V, "Attack")),
        (("ASSAULT", None, ["GOV"], ["CVL"]), (V, "Attack")),  # a government acts through its forces
        # armed against armed, or a target we cannot place
        (("ASSAULT", "firearms", ["MIL"], ["REB"]), ("Battles", "Armed clash")),
        (("ASSAULT", None, ["MIL", "REB"], []), ("Battles", "Armed clash")),
        (("ASSAULT", None, ["UAF"], [None]), ("Battles", "Armed clash")),
        (("ASSAULT", None, [], []), ("Battles", "Armed clash")),
        # unarmed people attacking
        (("ASSAULT", "primitive", ["CVL"], ["CVL"]), ("Riots", "Mob violence")),
        (("ASSAULT", "beat", ["CVL"], ["CRM"]), ("Riots", "Mob violence")),
        # property
        (("ASSAULT", "destroy", ["REB"], []), (S, "Looting/property destruction")),
        (("PROTEST", "demo", ["CVL"], ["GOV"]), ("Protests", "Peaceful protest")),
        (("PROTEST", None, ["LAB"], []), ("Protests", "Peaceful protest")),
        (("PROTEST", "strike", ["LAB"], []), ("Protests", "Peaceful protest")),
        (("PROTEST", "riot", ["CVL"], []), ("Riots", "Violent demonstration")),
        (("COERCE", "arrest", ["COP"], ["OPP"]), (S, "Arrests")),
        (("COERCE", "confiscate", ["MIL"], ["BUS"]), (S, "Looting/property destruction")),
        (("COERCE", "curfew", ["GOV"], []), (None, None)),
        (("COERCE", None, ["GOV"], []), (None, None)),
        (("MOBILIZE", "troops", ["MIL"], []), (S, "Change to group/activity")),
        (("MOBILIZE", "militia", ["UAF"], []), (S, "Change to group/activity")),
        (("AGREE", None, ["REB"], ["GOV"]), (S, "Agreement")),
        (("AGREE", None, ["GOV"], ["BUS"]), (None, None)),
        (("RETREAT", "withdraw", ["MIL"], []), (S, "Non-violent transfer of territory")),
        (("RETREAT", "release", ["REB"], ["CVL"]), (None, None)),
        (("CONSULT", "visit", ["GOV"], ["GOV"]), (None, None)),
        (("ACCUSE", None, ["GOV"], ["REB"]), (None, None)),
        (("REQUEST", "meet", ["GOV"], ["REB"]), (None, None)),
        (("THREATEN", "violence", ["REB"], ["MIL"]), (None, None)),
        (("SANCTION", "discontinue", ["GOV"], ["GOV"]), (None, None)),
    ],
)
def test_cases(args, expected):
    assert cat(*args) == expected


def test_dead_protesters_mean_excessive_force_and_deadly_destruction_is_an_attack():
    assert cat("PROTEST", "demo", ["CVL"], [], dead=3) == ("Protests", "Excessive force against protesters")
    assert cat("PROTEST", "riot", ["CVL"], [], dead=3) == ("Riots", "Violent demonstration")
    assert cat("ASSAULT", "destroy", ["UAF"], ["CVL"], dead=2) == (V, "Attack")


@pytest.mark.parametrize("tag", ["negated", "hypothetical", "future"])
def test_events_that_did_not_happen_are_not_acled_events(tag):
    assert cat("ASSAULT", "aerial", ["MIL"], ["REB"], tags=[tag]) == (None, None)
    assert cat("COERCE", "arrest", ["COP"], ["CVL"], tags=["historical", tag]) == (None, None)


def test_historical_events_are_still_categorized():
    assert cat("COERCE", "arrest", ["COP"], ["CVL"], tags=["historical"]) == (S, "Arrests")


def test_retired_sector_codes_are_accepted_through_their_alias():
    assert cat("ASSAULT", "firearms", ["INS"], ["ELI"]) == (V, "Attack")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"event_type": "FIGHT", "mode": None},
        {"event_type": "PROTEST", "mode": "firearms"},
        {"event_type": "ASSAULT", "mode": None, "actor_sectors": ["XXX"]},
        {"event_type": "ASSAULT", "mode": None, "recipient_sectors": ["mil"]},
    ],
)
def test_unknown_codes_raise(kwargs):
    full = {"tags": [], "actor_sectors": [], "recipient_sectors": [], **kwargs}
    with pytest.raises(OntologyError):
        acled_category(**full)


def test_every_output_exists_in_the_acled_codebook():
    onto = load_ontology()
    parties = [[], [None], ["MIL"], ["CVL"], ["GOV"], ["CRM"], ["MIL", "REB"], ["CVL", None]]
    seen = set()
    for code, etype in onto.event_types.items():
        for mode, actors, recipients, dead, tags in itertools.product(
            [None, *etype.modes], parties, parties, [None, 0, 4], [[], ["historical"]]
        ):
            result = cat(code, mode, actors, recipients, tags=tags, dead=dead)
            if result == (None, None):
                continue
            assert onto.is_acled_category(*result), (code, mode, actors, recipients, result)
            seen.add(result)
    # every ACLED event type is reachable from some PLOVER event
    assert {acled for acled, _ in seen} == set(onto.acled)
