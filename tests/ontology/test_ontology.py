"""The ontology data files and their typed loader."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from sitrep.errors import OntologyError
from sitrep.models import TAGS
from sitrep.ontology import (
    build_ontology,
    cameo_to_plover,
    event_type,
    is_valid_mode,
    load_ontology,
    sector_for_head_noun,
)
from sitrep.ontology._data import DATA_FILES, parse_json, read_all, read_data_file

PLOVER_TYPES = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip

ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    },
}  # fmt: skip

# The PLOVER manual's 2021 context table has 28 general contexts plus 4 special ones.
GENERAL_CONTEXT_COUNT = 28

DOCS = Path(__file__).resolve().parents[2] / "docs" / "ontology.md"


@pytest.fixture(scope="module")
def onto():
    return load_ontology()


def fresh_files():
    return copy.deepcopy(read_all())


# -- counts and fixed content ---------------------------------------------------------------------


def test_the_sixteen_plover_types_with_their_quad_classes(onto):
    assert {code: t.quad_class for code, t in onto.event_types.items()} == PLOVER_TYPES


def test_intensity_is_a_goldstein_like_score_with_conflict_negative(onto):
    for t in onto.event_types.values():
        assert -10 <= t.intensity <= 10
        assert (t.intensity < 0) == (t.quad_class >= 3), t.code
    assert onto.event_types["ASSAULT"].intensity == min(t.intensity for t in onto.event_types.values())
    assert onto.event_types["RETREAT"].intensity == max(t.intensity for t in onto.event_types.values())


def test_only_cooperate_aid_and_sanction_require_a_recipient(onto):
    required = {code for code, t in onto.event_types.items() if t.requires_recipient}
    assert required == {"COOPERATE", "AID", "SANCTION"}


def test_every_type_has_a_description_and_trigger_examples(onto):
    for t in onto.event_types.values():
        assert len(t.description) > 40
        assert t.triggers and all(v == v.lower() and " " not in v for v in t.triggers)


def test_modes_follow_the_manual_with_marked_sitrep_extensions(onto):
    assert set(onto.event_types["PROTEST"].modes) == {
        "demo", "riot", "general", "strike", "hunger", "boycott", "obstruct",
    }  # fmt: skip
    assert {"arrest", "deport", "curfew", "martial-law"} <= set(onto.event_types["COERCE"].modes)
    assert set(onto.event_types["MOBILIZE"].modes) == {"troops", "weapons", "police", "militia"}
    extensions = {
        (code, name)
        for code, t in onto.event_types.items()
        for name, mode in t.modes.items()
        if mode.source != "plover"
    }
    assert extensions == {("ASSAULT", "aerial"), ("ASSAULT", "grenade")}
    assert not onto.event_types["AGREE"].modes


def test_contexts_count_and_special_contexts_map_to_event_tags(onto):
    assert len(onto.contexts) == GENERAL_CONTEXT_COUNT
    assert {"military", "cbrn", "cyber", "election", "migration", "terrorism"} <= set(onto.contexts)
    assert set(onto.special_contexts) == {"historical", "future", "hypothetical", "negation"}
    assert {c.tag for c in onto.special_contexts.values()} == set(TAGS)
    assert all(c.description for c in onto.contexts.values())


def test_acled_codebook_has_six_types_and_twenty_five_sub_types(onto):
    assert {name: set(t.sub_event_types) for name, t in onto.acled.items()} == ACLED
    assert sum(len(t.sub_event_types) for t in onto.acled.values()) == 25
    assert onto.is_acled_category("Battles", "Armed clash")
    assert not onto.is_acled_category("Battles", "Arrests")


def test_sectors_and_actor_codes(onto):
    assert {"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "UAF", "CVL", "REF"} <= set(
        onto.sectors
    )
    assert {code for code, s in onto.sectors.items() if s.armed} == {
        "MIL", "COP", "REB", "PRM", "SPY", "UAF", "CRM",
    }  # fmt: skip
    assert {"IGO", "UNO", "NGO", "IMG", "MNC"} <= set(onto.actor_codes)
    assert onto.sector("ELI").code == "CVL"  # retired CAMEO code resolves through its alias
    with pytest.raises(OntologyError):
        onto.sector("XYZ")


# -- cross-references -----------------------------------------------------------------------------


def test_every_head_noun_points_to_a_sector_that_lists_it(onto):
    assert onto.head_nouns
    for noun, code in onto.head_nouns.items():
        assert noun in onto.sectors[code].head_nouns


def test_every_crosswalk_target_is_a_plover_type(onto):
    assert list(onto.cameo) == [f"{n:02d}" for n in range(1, 21)]
    for root in onto.cameo.values():
        for target in (root.plover, *root.alternatives):
            assert target is None or target in onto.event_types
        assert root.ambiguous or not root.alternatives, root.root


# -- helpers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("noun", "sector"),
    [
        ("troops", "MIL"),
        ("Forces", "MIL"),
        ("security forces", "MIL"),
        ("police", "COP"),
        ("parliament", "LEG"),
        ("lawmakers", "LEG"),
        ("speaker", "LEG"),
        ("militia", "UAF"),
        ("unknown gunmen", "UAF"),
        ("rebels", "REB"),
        ("insurgents", "REB"),
        ("protesters", "CVL"),
        ("children", "CVL"),
        ("authorities", "GOV"),
        ("asylum-seekers", "REF"),
        ("MPs", "LEG"),
        ("journalists", "JRN"),
        ("table", None),
        ("", None),
    ],
)
def test_sector_for_head_noun(noun, sector):
    assert sector_for_head_noun(noun) == sector


@pytest.mark.parametrize(
    ("code", "plover"),
    [
        ("01", None),
        ("1", None),
        ("03", "AGREE"),
        ("05", "SUPPORT"),
        ("08", "CONCEDE"),
        ("09", "ACCUSE"),
        ("10", "REQUEST"),
        ("11", "ACCUSE"),
        ("14", "PROTEST"),
        ("15", "MOBILIZE"),
        ("16", "SANCTION"),
        ("17", "COERCE"),
        ("18", "ASSAULT"),
        ("190", "ASSAULT"),
        ("20", "ASSAULT"),
        ("0874", "CONCEDE"),  # only the root is looked at; 08 is flagged ambiguous
    ],
)
def test_cameo_to_plover(code, plover):
    assert cameo_to_plover(code) == plover


@pytest.mark.parametrize("code", ["21", "00", "x1", ""])
def test_cameo_to_plover_rejects_bad_codes(code):
    with pytest.raises(OntologyError):
        cameo_to_plover(code)


def test_event_type_and_mode_lookups():
    assert event_type("ASSAULT").quad_name == "material conflict"
    assert is_valid_mode("ASSAULT", "firearms")
    assert is_valid_mode("ASSAULT", None)
    assert not is_valid_mode("PROTEST", "firearms")
    with pytest.raises(OntologyError):
        event_type("FIGHT")
    with pytest.raises(OntologyError):
        is_valid_mode("DEMAND", "assist")


def test_ontology_is_cached_and_read_only(onto):
    assert load_ontology() is onto
    with pytest.raises(TypeError):
        onto.event_types["CRIME"] = onto.event_types["ASSAULT"]  # type: ignore[index]


# -- the loader refuses broken data ---------------------------------------------------------------


def test_every_packaged_file_parses_without_duplicate_keys():
    for name in DATA_FILES:
        assert isinstance(read_data_file(name), dict)


@pytest.mark.parametrize(
    "text",
    ['{"a": 1, "a": 2}', '{"outer": {"MIL": {}, "MIL": {}}}', '[{"x": 1, "y": 2, "x": 3}]'],
)
def test_duplicate_keys_raise(text):
    with pytest.raises(OntologyError, match="duplicate key"):
        parse_json(text, origin="test.json")


def test_invalid_json_raises():
    with pytest.raises(OntologyError, match="invalid JSON"):
        parse_json('{"a": ', origin="test.json")


def _break_crosswalk(files):
    files["cameo"]["roots"]["19"]["plover"] = "FIGHT"


def _break_alternative(files):
    files["cameo"]["roots"]["08"]["alternatives"] = ["YIELD"]


def _claim_noun_twice(files):
    files["sectors"]["sectors"]["COP"]["head_nouns"].append("troop")


def _bad_quad(files):
    files["event_types"]["event_types"]["AID"]["quad_class"] = 5


def _wrong_sign(files):
    files["event_types"]["event_types"]["AID"]["intensity"] = -3.0


def _alias_to_nothing(files):
    files["sectors"]["aliases"]["OLD"] = "NOPE"


def _sub_type_twice(files):
    files["acled"]["event_types"]["Riots"]["sub_event_types"]["Arrests"] = "again"


def _missing_field(files):
    del files["event_types"]["event_types"]["AGREE"]["requires_recipient"]


def _bool_as_number(files):
    files["event_types"]["event_types"]["AGREE"]["quad_class"] = True


def _unknown_tag(files):
    files["contexts"]["special_contexts"]["future"]["tag"] = "planned"


def _missing_file(files):
    del files["acled"]


def _mode_source(files):
    files["event_types"]["event_types"]["ASSAULT"]["modes"]["beat"]["source"] = "cameo"


@pytest.mark.parametrize(
    "corrupt",
    [
        _break_crosswalk,
        _break_alternative,
        _claim_noun_twice,
        _bad_quad,
        _wrong_sign,
        _alias_to_nothing,
        _sub_type_twice,
        _missing_field,
        _bool_as_number,
        _unknown_tag,
        _missing_file,
        _mode_source,
    ],
)
def test_build_rejects_inconsistent_data(corrupt):
    files = fresh_files()
    build_ontology(files)  # the untouched copy is fine
    corrupt(files)
    with pytest.raises(OntologyError):
        build_ontology(files)


# -- user docs ------------------------------------------------------------------------------------


@pytest.mark.skipif(not DOCS.exists(), reason="docs/ontology.md is not in this checkout")
def test_docs_name_every_type_and_acled_sub_type(onto):
    text = DOCS.read_text(encoding="utf-8")
    for code in onto.event_types:
        assert code in text
    for acled in onto.acled.values():
        for sub in acled.sub_event_types:
            assert sub in text, sub
