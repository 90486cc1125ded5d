"""The canonical actor registry: one record per real-world actor across articles.

Extraction names the same actor many ways ("Haftar", "Gen. Khalifa Haftar", "Khalifa Qassim Haftar").
The registry folds them together with a deliberately conservative rule so that two different actors are
never merged by accident:

1. Every party gets a *key*: its ``name`` (else its ``text``), lower-cased, with leading titles
   ("Gen.", "General", "President", "Prime Minister", ...), descriptive modifiers ("former", "renegade"),
   a leading "the", possessive "'s" and punctuation removed.
2. Parties with the same key are one actor.
3. A key whose token set is a subset of another's and which ends with the same (surname-like) token is an
   alias of it ("haftar" < "khalifa haftar" < "khalifa qassim haftar"), provided their countries agree or one
   is unknown. Keys are processed longest first; a shorter key that fits two actors that are not themselves
   aliases ("army" in "libyan national army" and "egyptian army") is ambiguous and stays separate.
   Generic one-word keys ("army", "police", "protesters", ...) never merge by subset.

Affiliations come from the party's own wording only: "forces loyal to X", "X's forces", "under the command
of X", "X-led ...", read from the text and from ``Party.attributes``. X is resolved against the registry;
an unresolved X is still listed by its display form. Such parties keep their own identity: "Haftar's forces"
is affiliated with Haftar, not an alias of him.

Everything here is a pure function of the set of events (input order does not matter).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sitrep.models import Event, FusedEvent, Party, content_hash

if TYPE_CHECKING:
    from sitrep.store.base import Store

# Titles stripped from the start of a name (longest phrases first when matching).
TITLES = (
    "prime minister",
    "deputy prime minister",
    "foreign minister",
    "defense minister",
    "defence minister",
    "interior minister",
    "field marshal",
    "lieutenant general",
    "lt. gen",
    "lt gen",
    "major general",
    "maj. gen",
    "maj gen",
    "brigadier general",
    "brig. gen",
    "brig gen",
    "supreme leader",
    "general",
    "gen",
    "colonel",
    "col",
    "lieutenant",
    "lt",
    "major",
    "maj",
    "brigadier",
    "brig",
    "captain",
    "capt",
    "commander",
    "admiral",
    "adm",
    "marshal",
    "president",
    "vice president",
    "minister",
    "premier",
    "chancellor",
    "king",
    "queen",
    "prince",
    "emir",
    "sheikh",
    "shaikh",
    "senator",
    "sen",
    "governor",
    "gov",
    "mayor",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
)
MODIFIERS = ("former", "retired", "ret", "renegade", "rogue", "late", "ex", "acting", "self-styled")
# One-word keys too generic to be an alias of a longer name.
GENERIC = frozenset(
    [
        "army",
        "military",
        "police",
        "government",
        "forces",
        "troops",
        "soldiers",
        "militants",
        "militia",
        "militias",
        "rebels",
        "protesters",
        "demonstrators",
        "parliament",
        "congress",
        "people",
        "civilians",
        "gunmen",
        "fighters",
        "officials",
        "authorities",
        "residents",
        "islamists",
        "jihadists",
        "insurgents",
        "opposition",
        "president",
        "minister",
        "court",
        "council",
        "ministry",
    ]
)

# Last words of organisation names: "General National Congress" keeps its "General".
ORG_HEADS = frozenset(
    [
        "congress",
        "council",
        "army",
        "assembly",
        "party",
        "front",
        "movement",
        "brigade",
        "brigades",
        "command",
        "committee",
        "staff",
        "court",
        "ministry",
        "government",
        "forces",
        "union",
        "authority",
        "agency",
        "office",
        "directorate",
        "accord",
        "coalition",
        "battalion",
        "corps",
        "guard",
        "militia",
        "parliament",
        "house",
        "senate",
    ]
)

_TITLE_RE = re.compile(
    r"^(?:(?:{})\.?\s+)+".format(
        "|".join(re.escape(t) for t in sorted(TITLES + MODIFIERS, key=len, reverse=True))
    ),
    re.IGNORECASE,
)
_POSSESSIVE_RE = re.compile(r"['’]s\b|(?<=s)['’](?=\s|$)")
_PUNCT_RE = re.compile(r"[^\w\s-]+")
_AFFILIATION_RES = (
    re.compile(
        r"\b(?:loyal to|under the command of|commanded by|led by|allied (?:to|with)|aligned (?:to|with)|"
        r"backed by|affiliated (?:to|with)|supporters of|followers of|loyalists of)\s+(?P<x>.+)$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?P<x>.+?)['’]s?\s+(?:own\s+)?(?:forces|troops|fighters|militias?|men|army|supporters|loyalists|"
        r"followers|units?|brigades?)\b",
        re.IGNORECASE,
    ),
    re.compile(r"^(?P<x>[^-]+?)-(?:led|backed|aligned|allied|affiliated|loyal)\b", re.IGNORECASE),
    # "Haftar's Libyan National Army": a possessive before a *named* armed body (capitalized words ending
    # in an armed-group head). Case-sensitive on purpose, so "Libya's special forces" stays out.
    re.compile(
        r"^(?P<x>.+?)['’]s\s+(?:[A-Z][\w-]*\s+){1,4}(?:Army|Forces|Brigades?|Militias?|Battalions?|Corps|"
        r"Guards?|Shield|Units?)\b"
    ),
)


def display_form(text: str) -> str:
    """``text`` with leading articles, titles and modifiers removed, case kept."""
    out = text.strip()
    out = re.sub(r"^the\s+", "", out, flags=re.IGNORECASE)
    words = out.lower().split()
    if words and words[-1].strip(".,") not in ORG_HEADS:
        out = _TITLE_RE.sub("", out)
    out = re.sub(r"^the\s+", "", out, flags=re.IGNORECASE)
    return out.strip(" ,.;:") or text.strip()


def normalize_name(text: str) -> str:
    """The comparison key of a name: lower case, no titles, possessives or punctuation."""
    out = display_form(text)
    out = _POSSESSIVE_RE.sub("", out)
    out = _PUNCT_RE.sub(" ", out).lower()
    return " ".join(out.split())


def party_key(party: Party) -> str:
    """The registry key of a party: its canonical ``name`` if set, else its text."""
    return normalize_name(party.name or party.text)


def names_compatible(a: str, b: str) -> bool:
    """Whether two normalized keys may name the same actor (equal, or nested with a shared last token)."""
    if a == b:
        return bool(a)
    ta, tb = a.split(), b.split()
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) == 1 and short[0] in GENERIC:
        return False
    return set(short) <= set(long_)


def affiliation_target(text: str) -> str | None:
    """The actor a party's wording ties it to ("forces loyal to X" -> X), or None."""
    for regex in _AFFILIATION_RES:
        match = regex.search(text.strip())
        if match:
            target = display_form(match.group("x").strip(" ,.;:"))
            if target and normalize_name(target) not in GENERIC:
                return target
    return None


@dataclass
class ActorRecord:
    """One canonical actor with its aliases, affiliations and activity."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    affiliations: list[str] = field(default_factory=list)  # names of the actors it answers to
    first_seen: str | None = None
    last_seen: str | None = None
    events: int = 0
    as_actor: int = 0
    as_recipient: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _event_of(item: Event | FusedEvent) -> Event:
    return item.event if isinstance(item, FusedEvent) else item


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Deterministic: the lexically smaller root wins.
            small, big = sorted((ra, rb))
            self.parent[big] = small


class ActorRegistry:
    """The records plus a resolver from a party (or free text) to its record."""

    def __init__(self, records: list[ActorRecord], index: dict[str, ActorRecord]) -> None:
        self.records = records
        self._index = index
        self._by_id = {r.id: r for r in records}

    def resolve(self, party: Party | str) -> ActorRecord | None:
        """The record for a party or a name; unknown names return None."""
        if isinstance(party, Party):
            return self._index.get(party_key(party)) or self._index.get(normalize_name(party.text))
        return self._index.get(normalize_name(party))

    def get(self, actor_id: str) -> ActorRecord | None:
        return self._by_id.get(actor_id)

    def find(self, name: str) -> ActorRecord | None:
        """The record for a name, else the one record it is a subset alias of ("Haftar"); None if unsure."""
        found = self.resolve(name)
        if found is not None:
            return found
        key = normalize_name(name)
        matches = {rec.id: rec for k, rec in self._index.items() if names_compatible(key, k)}
        return next(iter(matches.values())) if len(matches) == 1 else None

    def __len__(self) -> int:
        return len(self.records)


def build_registry(events: Iterable[Event | FusedEvent]) -> ActorRegistry:
    """Fold every actor and recipient of ``events`` into canonical records (see the module docstring)."""
    evs = sorted((_event_of(e) for e in events), key=lambda e: e.id)
    parties_by_key: dict[str, list[Party]] = defaultdict(list)
    for ev in evs:
        for party in ev.actors + ev.recipients:
            key = party_key(party)
            if key:
                parties_by_key[key].append(party)

    key_country = {k: _most_common(p.country for p in ps) for k, ps in parties_by_key.items()}
    affiliated = {k for k, ps in parties_by_key.items() if any(affiliation_target(p.text) for p in ps)}
    uf = _UnionFind(parties_by_key)
    # Longest keys first, so a short alias sees its long forms already joined.
    order = sorted(parties_by_key, key=lambda k: (-len(k.split()), k))
    for i, key in enumerate(order):
        if key in affiliated:
            continue
        roots = set()
        for other in order[:i]:
            if other in affiliated or len(other.split()) <= len(key.split()):
                continue
            ca, cb = key_country[key], key_country[other]
            if ca and cb and ca != cb:
                continue
            if names_compatible(key, other):
                roots.add(uf.find(other))
        if len(roots) == 1:
            uf.union(key, roots.pop())

    groups: dict[str, list[str]] = defaultdict(list)
    for key in parties_by_key:
        groups[uf.find(key)].append(key)

    records: list[ActorRecord] = []
    index: dict[str, ActorRecord] = {}
    for keys in groups.values():
        parties = [p for k in keys for p in parties_by_key[k]]
        names = Counter(p.name for p in parties if p.name)
        if names:
            name = min(names, key=lambda n: (-names[n], -len(n), n))
        else:
            texts = Counter(display_form(p.text) for p in parties)
            name = min(texts, key=lambda n: (-texts[n], -len(n), n))
        country = _most_common(p.country for p in parties)
        aliases = sorted({p.text for p in parties} | set(names) - {name})
        rec = ActorRecord(
            id="actor-" + content_hash(normalize_name(name), country or "", length=12),
            name=name,
            aliases=aliases,
            country=country,
            sector=_most_common(p.sector for p in parties),
        )
        records.append(rec)
        for k in keys:
            index[k] = rec
        for p in parties:  # the raw wording resolves too
            index.setdefault(normalize_name(p.text), rec)

    _count_activity(evs, index)
    _fill_affiliations(parties_by_key, index)
    records.sort(key=lambda r: (-r.events, r.name, r.id))
    return ActorRegistry(records, index)


def _count_activity(evs: Sequence[Event], index: dict[str, ActorRecord]) -> None:
    for ev in evs:
        seen: set[str] = set()
        for role, parties in (("actor", ev.actors), ("recipient", ev.recipients)):
            for rec in {index[k].id: index[k] for k in map(party_key, parties) if k in index}.values():
                if role == "actor":
                    rec.as_actor += 1
                else:
                    rec.as_recipient += 1
                if rec.id in seen:
                    continue
                seen.add(rec.id)
                rec.events += 1
                if ev.date:
                    rec.first_seen = min(filter(None, (rec.first_seen, ev.date)))
                    rec.last_seen = max(filter(None, (rec.last_seen, ev.date)))


def _fill_affiliations(parties_by_key: dict[str, list[Party]], index: dict[str, ActorRecord]) -> None:
    found: dict[str, set[str]] = defaultdict(set)
    for key, parties in parties_by_key.items():
        rec = index[key]
        for party in parties:
            for wording in [party.text, *party.attributes]:
                target = affiliation_target(wording)
                if not target:
                    continue
                other = index.get(normalize_name(target))
                if other is None:  # "Haftar" may be a subset alias of a registered long form
                    other = next(
                        (r for k, r in sorted(index.items()) if names_compatible(normalize_name(target), k)),
                        None,
                    )
                if other is not None and other.id == rec.id:
                    continue
                found[rec.id].add(other.name if other else target)
    for rec in {r.id: r for r in index.values()}.values():
        rec.affiliations = sorted(found.get(rec.id, ()))


def build_actor_registry(events: Iterable[Event | FusedEvent]) -> list[ActorRecord]:
    """Canonical actor records, most active first."""
    return build_registry(events).records


def filter_actors(
    records: Iterable[ActorRecord],
    *,
    country: str | None = None,
    sector: str | None = None,
    name: str | None = None,
    min_events: int = 1,
) -> list[ActorRecord]:
    """Records matching every given filter; ``name`` is a case-insensitive substring of name or aliases."""
    needle = name.lower() if name else None
    out = []
    for rec in records:
        if rec.events < min_events:
            continue
        if country and (rec.country or "").upper() != country.upper():
            continue
        if sector and (rec.sector or "").upper() != sector.upper():
            continue
        if needle and not any(needle in s.lower() for s in [rec.name, *rec.aliases]):
            continue
        out.append(rec)
    return out


def actors_from_store(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    name: str | None = None,
    min_events: int = 1,
) -> list[ActorRecord]:
    """The registry over the store's fused events (raw events if fusion has not run), filtered."""
    from sitrep.analysis.fusion import events_from_store

    events = events_from_store(store, since=since, until=until)
    return filter_actors(
        build_actor_registry(events), country=country, sector=sector, name=name, min_events=min_events
    )
