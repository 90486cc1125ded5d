"""Data files under src/sitrep/resources/data: no duplicate keys, every code known, no leaked answers."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from sitrep.errors import OntologyError
from sitrep.ontology import load_ontology
from sitrep.resources._data import _no_duplicates, load_json
from sitrep.resources.gazetteer import Gazetteer, load_gazetteer
from sitrep.resources.kb import ActorKB, load_kb

DATA_FILES = ["triggers.json", "actors.json", "country_aliases.json"]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


def _known_country(code: str, gazetteer: Gazetteer) -> bool:
    return code in gazetteer.countries or code in load_ontology().actor_codes


# -- duplicate keys --------------------------------------------------------------------------------


def test_the_hook_refuses_a_duplicate_key_at_any_depth() -> None:
    text = '{"verbs": {"attack": [], "shell": [], "attack": []}}'
    with pytest.raises(OntologyError, match="duplicate key 'attack'"):
        json.loads(text, object_pairs_hook=_no_duplicates)


def test_the_hook_accepts_the_same_key_in_different_objects() -> None:
    text = '{"a": {"type": "X"}, "b": {"type": "Y"}}'
    assert json.loads(text, object_pairs_hook=_no_duplicates) == {"a": {"type": "X"}, "b": {"type": "Y"}}


@pytest.mark.parametrize("name", DATA_FILES)
def test_shipped_data_files_load_without_duplicate_keys(name: str) -> None:
    assert load_json(name)  # load_json uses the refusing hook


@pytest.mark.parametrize("name", DATA_FILES)
def test_shipped_data_files_would_fail_on_a_duplicate(name: str) -> None:
    """The shipped text, with its first top-level key repeated, is refused: the guard is really on."""
    text = resources.files("sitrep.resources").joinpath("data", name).read_text(encoding="utf-8")
    data = json.loads(text)
    key = next(iter(data))
    doubled = text.rstrip()[:-1] + f", {json.dumps(key)}: {json.dumps(data[key])}}}"
    with pytest.raises(OntologyError, match="duplicate key"):
        json.loads(doubled, object_pairs_hook=_no_duplicates)


# -- actor knowledge base --------------------------------------------------------------------------


def test_kb_countries_are_iso3_or_plover_international_codes(kb: ActorKB, gazetteer: Gazetteer) -> None:
    # None means "no country" (a wire agency, say); a wrong code would silently miscode events.
    bad = {
        a.name: a.country
        for a in kb.actors
        if a.country is not None and not _known_country(a.country, gazetteer)
    }
    assert bad == {}


def test_kb_sectors_are_known_sector_codes(kb: ActorKB) -> None:
    sectors = load_ontology().sectors
    bad = {a.name: a.sector for a in kb.actors if a.sector is not None and a.sector not in sectors}
    assert bad == {}


def test_kb_entries_are_well_formed(kb: ActorKB) -> None:
    names = {a.name for a in kb.actors}
    assert len(names) == len(kb.actors), "two KB entries share a canonical name"
    aliases = [alias for a in kb.actors for alias in a.aliases]
    assert len(aliases) == len(set(aliases)), "an alias points to two actors"
    for actor in kb.actors:
        assert actor.kind in {"person", "org"}, actor.name
        assert actor.name in actor.aliases, f"{actor.name} is not among its own aliases"
        assert set(actor.affiliations) <= names, f"{actor.name} is affiliated with an unknown actor"


@pytest.mark.parametrize(
    "name",
    ["Wanis Bukhmada", "Bukhmada", "Boukhmada", "Lions of Monotheism", "Tobruk", "Central Libya Shield"],
)
def test_the_kb_does_not_know_the_sample_articles_answers(kb: ActorKB, name: str) -> None:
    """These actors must come from extraction (issue requirement), so the KB may not list them."""
    folded = name.lower()
    hits = [a.name for a in kb.actors if any(folded in x.lower() for x in (a.name, *a.aliases))]
    assert hits == []
    assert kb.find(name) is None


# -- country aliases and demonyms ------------------------------------------------------------------


def test_country_aliases_and_demonyms_map_to_known_codes(gazetteer: Gazetteer) -> None:
    data = load_json("country_aliases.json")
    for table in ("aliases", "demonyms"):
        assert data[table], f"country_aliases.json has no {table}"
        bad = {k: v for k, v in data[table].items() if not _known_country(v, gazetteer)}
        assert bad == {}, f"{table} with unknown codes"
        upper = [k for k in data[table] if k != k.lower()]
        assert upper == [], f"{table} keys must be lower-case"


@pytest.mark.parametrize(
    ("word", "iso3"), [("Libyan", "LBY"), ("American", "USA"), ("the U.S.", "USA"), ("Russia", "RUS")]
)
def test_the_gazetteer_resolves_aliases_and_demonyms(gazetteer: Gazetteer, word: str, iso3: str) -> None:
    assert gazetteer.country_of_word(word) == iso3
