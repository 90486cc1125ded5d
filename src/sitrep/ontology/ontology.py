"""The validated ontology: PLOVER types, modes, contexts, sectors, actor codes, CAMEO and ACLED.

``build_ontology`` checks every cross-reference (a mode's type, a crosswalk target, an alias's
sector, a head noun claimed twice, ...) so that a typo in a data file fails loudly at load time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from sitrep.errors import OntologyError
from sitrep.models import TAGS
from sitrep.ontology._data import read_all
from sitrep.ontology.records import (
    QUAD_CLASSES,
    AcledType,
    ActorCode,
    CameoRoot,
    Context,
    EventType,
    Mode,
    Sector,
)

_CODE = re.compile(r"^[A-Z]{3}$")
_MODE_SOURCES = ("plover", "sitrep")
_IRREGULAR_PLURALS = {"children": "child", "men": "man", "women": "woman", "clergymen": "clergyman"}


@dataclass(frozen=True)
class Ontology:
    """Everything sitrep knows about codes. Get it with ``load_ontology()``."""

    event_types: Mapping[str, EventType]
    contexts: Mapping[str, Context]
    special_contexts: Mapping[str, Context]
    sectors: Mapping[str, Sector]
    sector_aliases: Mapping[str, str]
    actor_codes: Mapping[str, ActorCode]
    cameo: Mapping[str, CameoRoot]
    acled: Mapping[str, AcledType]
    head_nouns: Mapping[str, str]  # head noun or fixed phrase -> sector code

    def event_type(self, code: str) -> EventType:
        try:
            return self.event_types[code]
        except KeyError:
            raise OntologyError(f"unknown PLOVER event type {code!r}") from None

    def is_valid_mode(self, event_type: str, mode: str | None) -> bool:
        """Whether ``mode`` belongs to ``event_type``; no mode (None) is always valid."""
        modes = self.event_type(event_type).modes
        return mode is None or mode in modes

    def sector(self, code: str) -> Sector:
        """The sector for ``code``; retired codes (ELI, HLH, ...) resolve through their alias."""
        code = self.sector_aliases.get(code, code)
        try:
            return self.sectors[code]
        except KeyError:
            raise OntologyError(f"unknown sector code {code!r}") from None

    def sector_for_head_noun(self, noun: str) -> str | None:
        """The sector a head noun implies ("troops" -> MIL, "lawmakers" -> LEG), or None."""
        text = " ".join(noun.lower().replace("-", " ").split())
        if not text:
            return None
        words = text.split(" ")
        candidates = [" ".join([*words[:-1], form]) for form in _singular_forms(words[-1])]
        if len(words) > 1:
            candidates += _singular_forms(words[-1])
        for candidate in candidates:
            if candidate in self.head_nouns:
                return self.head_nouns[candidate]
        return None

    def cameo_to_plover(self, root: str) -> str | None:
        """The PLOVER type for a CAMEO code's root ("18", "183", "0874" ...); None if PLOVER dropped it."""
        return self.cameo_root(root).plover

    def cameo_root(self, code: str) -> CameoRoot:
        text = str(code).strip()
        if not text.isdigit():
            raise OntologyError(f"not a CAMEO code: {code!r}")
        key = text.zfill(2) if len(text) == 1 else text[:2]
        try:
            return self.cameo[key]
        except KeyError:
            raise OntologyError(f"unknown CAMEO root {key!r} (from {code!r})") from None

    def is_acled_category(self, event_type: str, sub_event_type: str) -> bool:
        acled = self.acled.get(event_type)
        return acled is not None and sub_event_type in acled.sub_event_types


def _singular_forms(word: str) -> list[str]:
    """The word and its plausible singulars, most literal first; good enough for head nouns."""
    forms = [word]
    if word in _IRREGULAR_PLURALS:
        forms.append(_IRREGULAR_PLURALS[word])
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("men") and len(word) > 3:
        forms.append(word[:-3] + "man")
    if word.endswith("es") and len(word) > 3:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        forms.append(word[:-1])
    return forms


# -- building and validation -----------------------------------------------------------------------


def _field(obj: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise OntologyError(f"{where}: missing field {key!r}")
    value = obj[key]
    # bool is an int subclass: never accept it where a number is wanted
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise OntologyError(f"{where}: field {key!r} has the wrong type ({type(value).__name__})")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _entries(obj: Any, key: str, where: str) -> dict[str, Any]:
    """A mapping field, without the ``_comment`` style keys data files may carry."""
    value = _field(obj, key, dict, where)
    return {k: v for k, v in value.items() if not k.startswith("_")}


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise OntologyError(f"{where}: expected a list of non-empty strings")
    seen: set[str] = set()
    for item in value:
        if item in seen:
            raise OntologyError(f"{where}: {item!r} is listed twice")
        seen.add(item)
    return tuple(value)


def _build_event_types(data: Any) -> dict[str, EventType]:
    out: dict[str, EventType] = {}
    for code, raw in _entries(data, "event_types", "event_types.json").items():
        where = f"event_types.json: {code}"
        if not re.fullmatch(r"[A-Z]+", code):
            raise OntologyError(f"{where}: event type codes are upper-case words")
        quad = _field(raw, "quad_class", int, where)
        if quad not in QUAD_CLASSES:
            raise OntologyError(f"{where}: quad_class must be 1..4, not {quad}")
        intensity = float(_field(raw, "intensity", (int, float), where))
        if not -10.0 <= intensity <= 10.0:
            raise OntologyError(f"{where}: intensity {intensity} is outside -10..+10")
        if (intensity > 0) != (quad in (1, 2)):
            raise OntologyError(f"{where}: cooperative types score above 0, conflictual ones below")
        modes: dict[str, Mode] = {}
        for name, mode in _entries(raw, "modes", where).items():
            description = _field(mode, "description", str, f"{where} mode {name}")
            source = mode.get("source", "plover")
            if source not in _MODE_SOURCES:
                raise OntologyError(f"{where}: mode {name!r} has unknown source {source!r}")
            modes[name] = Mode(name=name, description=description, source=source)
        out[code] = EventType(
            code=code,
            description=_field(raw, "description", str, where),
            quad_class=quad,
            intensity=intensity,
            requires_recipient=_field(raw, "requires_recipient", bool, where),
            modes=MappingProxyType(modes),
            triggers=_strings(_field(raw, "triggers", list, where), f"{where} triggers"),
        )
    return out


def _build_contexts(data: Any) -> tuple[dict[str, Context], dict[str, Context]]:
    general = {
        name: Context(name=name, description=_field(raw, "description", str, f"contexts.json: {name}"))
        for name, raw in _entries(data, "contexts", "contexts.json").items()
    }
    special: dict[str, Context] = {}
    for name, raw in _entries(data, "special_contexts", "contexts.json").items():
        where = f"contexts.json: {name}"
        tag = _field(raw, "tag", str, where)
        if tag not in TAGS:
            raise OntologyError(f"{where}: tag {tag!r} is not one of {TAGS}")
        if name in general:
            raise OntologyError(f"{where}: listed as both a general and a special context")
        special[name] = Context(name=name, description=_field(raw, "description", str, where), tag=tag)
    return general, special


def _build_sectors(data: Any) -> tuple[dict[str, Sector], dict[str, str], dict[str, str]]:
    sectors: dict[str, Sector] = {}
    head_nouns: dict[str, str] = {}
    for code, raw in _entries(data, "sectors", "sectors.json").items():
        where = f"sectors.json: {code}"
        if not _CODE.match(code):
            raise OntologyError(f"{where}: sector codes are three upper-case letters")
        nouns = _strings(_field(raw, "head_nouns", list, where), f"{where} head_nouns")
        for noun in nouns:
            if noun != " ".join(noun.lower().split()):
                raise OntologyError(f"{where}: head noun {noun!r} must be lower-case, single-spaced")
            if noun in head_nouns:
                raise OntologyError(f"{where}: head noun {noun!r} already implies {head_nouns[noun]}")
            head_nouns[noun] = code
        sectors[code] = Sector(
            code=code,
            name=_field(raw, "name", str, where),
            description=_field(raw, "description", str, where),
            armed=_field(raw, "armed", bool, where),
            head_nouns=nouns,
        )
    aliases: dict[str, str] = {}
    for old, new in _entries(data, "aliases", "sectors.json").items():
        if old in sectors or new not in sectors:
            raise OntologyError(f"sectors.json: alias {old!r} -> {new!r} must map a retired code to a sector")
        aliases[old] = new
    return sectors, aliases, head_nouns


def _build_actor_codes(data: Any, sectors: Mapping[str, Sector]) -> dict[str, ActorCode]:
    out: dict[str, ActorCode] = {}
    for code, raw in _entries(data, "actor_codes", "actor_codes.json").items():
        where = f"actor_codes.json: {code}"
        if not _CODE.match(code):
            raise OntologyError(f"{where}: actor codes are three upper-case letters")
        if code in sectors:
            raise OntologyError(f"{where}: {code} is also a sector code")
        out[code] = ActorCode(
            code=code,
            name=_field(raw, "name", str, where),
            description=_field(raw, "description", str, where),
            source=_field(raw, "source", str, where),
        )
    return out


def _build_cameo(data: Any, event_types: Mapping[str, EventType]) -> dict[str, CameoRoot]:
    out: dict[str, CameoRoot] = {}
    for root, raw in _entries(data, "roots", "cameo.json").items():
        where = f"cameo.json: {root}"
        if not re.fullmatch(r"\d\d", root):
            raise OntologyError(f"{where}: CAMEO roots are two digits")
        plover = _field(raw, "plover", (str, type(None)), where)
        alternatives = _strings(_field(raw, "alternatives", list, where), f"{where} alternatives")
        for target in (plover, *alternatives):
            if target is not None and target not in event_types:
                raise OntologyError(f"{where}: {target!r} is not a PLOVER event type")
        out[root] = CameoRoot(
            root=root,
            name=_field(raw, "name", str, where),
            plover=plover,
            alternatives=alternatives,
            ambiguous=_field(raw, "ambiguous", bool, where),
            note=_field(raw, "note", str, where),
        )
    return out


def _build_acled(data: Any) -> dict[str, AcledType]:
    out: dict[str, AcledType] = {}
    owner: dict[str, str] = {}
    for name, raw in _entries(data, "event_types", "acled.json").items():
        where = f"acled.json: {name}"
        subs = _entries(raw, "sub_event_types", where)
        for sub, description in subs.items():
            if not isinstance(description, str):
                raise OntologyError(f"{where}: sub-event type {sub!r} needs a description")
            if sub in owner:
                raise OntologyError(f"{where}: sub-event type {sub!r} already belongs to {owner[sub]}")
            owner[sub] = name
        out[name] = AcledType(
            name=name,
            description=_field(raw, "description", str, where),
            sub_event_types=MappingProxyType(dict(subs)),
        )
    return out


def build_ontology(files: Mapping[str, Any]) -> Ontology:
    """Validate parsed data files (keyed as in ``_data.DATA_FILES``) and build the ontology."""
    try:
        event_types = _build_event_types(files["event_types"])
        contexts, special = _build_contexts(files["contexts"])
        sectors, aliases, head_nouns = _build_sectors(files["sectors"])
        actor_codes = _build_actor_codes(files["actor_codes"], sectors)
        cameo = _build_cameo(files["cameo"], event_types)
        acled = _build_acled(files["acled"])
    except KeyError as exc:
        raise OntologyError(f"ontology data file {exc.args[0]!r} was not supplied") from None
    return Ontology(
        event_types=MappingProxyType(event_types),
        contexts=MappingProxyType(contexts),
        special_contexts=MappingProxyType(special),
        sectors=MappingProxyType(sectors),
        sector_aliases=MappingProxyType(aliases),
        actor_codes=MappingProxyType(actor_codes),
        cameo=MappingProxyType(cameo),
        acled=MappingProxyType(acled),
        head_nouns=MappingProxyType(head_nouns),
    )


@cache
def load_ontology() -> Ontology:
    """The packaged ontology, read and validated once per process."""
    return build_ontology(read_all())


# -- module-level shortcuts over the packaged ontology ------------------------------------------------


def event_type(code: str) -> EventType:
    return load_ontology().event_type(code)


def is_valid_mode(event_type: str, mode: str | None) -> bool:
    return load_ontology().is_valid_mode(event_type, mode)


def sector_for_head_noun(noun: str) -> str | None:
    return load_ontology().sector_for_head_noun(noun)


def cameo_to_plover(root: str) -> str | None:
    return load_ontology().cameo_to_plover(root)
