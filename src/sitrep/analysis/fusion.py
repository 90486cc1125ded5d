"""Event fusion: every report of one real-world event becomes one ``FusedEvent``.

Two raw events are *compatible* (may be reports of the same event) when all of these hold:

- **Articles**: they come from different articles. One outlet reports an event once; two events of one
  article are two events (deduplication inside an article is the pipeline's job).
- **Tags**: the same set of tags (a negated or hypothetical mention never fuses with an asserted one).
- **Type**: the same PLOVER type, or two types of one compatibility group (default: AGREE, SUPPORT and
  COOPERATE, which extraction confuses). A cross-type match also needs a named actor in common.
- **Date**: both dated and at most ``max_days`` apart, or both undated. An undated event never fuses with a
  dated one, and two undated events also need a named actor in common and a known, matching location.
- **Place**: within ``max_km`` (haversine) when both have coordinates at city/place precision; when one is
  only a country (or admin1), the same country (admin1); without coordinates, the same country. Different
  known countries never match. A missing location is compatible with anything.
- **Actors**: the canonical keys (``sitrep.analysis.actors.party_key``) of actors and recipients overlap,
  by equality or by the alias rule ("Haftar" ~ "Khalifa Haftar"). An event with no parties at all is a
  wildcard, but only on a *strong* match: same type, same date, and both locations known and matching at
  city precision or better.

Clustering is greedy agglomerative with complete linkage: candidate pairs are scored, sorted by
(score desc, ids) and merged when every cross pair of the two clusters is compatible and no article would
appear twice. Pairs are only generated inside blocks of one type group and days at most ``max_days`` apart,
so the cost is about O(n·k) for k events per block, not O(n²). The input is sorted canonically first and the
order of pairs depends only on the events, so the output is a pure function of the *set* of events.

Headline record: the member with the highest confidence (ties: smallest id) supplies type, actors,
location, date and everything else; its id becomes the fused id ``fused-<hash of sorted member ids>``.

Headline casualties (``dead``, ``injured``; also ``arrested`` and ``size``): the **largest figure reported
by at least two distinct articles**; if no figure is corroborated, the figure of the **most recently
published report** (by article publication date, then event date; ties take the smaller figure). The
corroboration rule resists one outlier outlet, the recency rule follows tolls that rise as bodies are
counted, and ties go to the conservative figure, as ACLED does. ``sources`` keeps every report's figures.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sitrep.analysis.actors import names_compatible, party_key
from sitrep.models import Event, FusedEvent, Location, Party, SourceReport, content_hash

if TYPE_CHECKING:
    from sitrep.store.base import Store

DEFAULT_TYPE_GROUPS: tuple[frozenset[str], ...] = (frozenset({"AGREE", "SUPPORT", "COOPERATE"}),)
FIGURES = ("dead", "injured", "arrested", "size")
EARTH_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def day_ordinal(iso: str | None) -> int | None:
    """The proleptic ordinal of an ISO date (or timestamp), or None."""
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


@dataclass(frozen=True)
class _Item:
    """What the compatibility test needs, precomputed once per event."""

    event: Event
    day: int | None
    keys: frozenset[str]
    actor_keys: frozenset[str]
    tags: frozenset[str]


def _location_match(a: Location | None, b: Location | None, *, max_km: float) -> str:
    """'strong', 'weak' or 'no'. Strong means both known and the same city/place."""
    if a is None or b is None:
        return "weak"
    if a.country and b.country and a.country != b.country:
        return "no"
    coarse = {"country", "admin1"}
    if a.precision in coarse or b.precision in coarse:
        levels = (a.precision, b.precision)
        if "country" not in levels and a.admin1 and b.admin1 and _norm(a.admin1) != _norm(b.admin1):
            return "no"
        return "weak"
    if None not in (a.lat, a.lon, b.lat, b.lon):
        dist = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        return "strong" if dist <= max_km else "no"
    if _norm(a.name) and _norm(a.name) == _norm(b.name):
        return "strong"
    # Different names: the same country, or a place whose country is unknown, may still be nearby.
    return "no" if a.country and b.country and a.country != b.country else "weak"


def _keys_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(x == y or names_compatible(x, y) for x in a for y in b)


class _Matcher:
    def __init__(self, *, max_km: float, max_days: int, type_groups: Iterable[Iterable[str]]) -> None:
        self.max_km = max_km
        self.max_days = max_days
        self.group_of: dict[str, int] = {}
        for i, group in enumerate(type_groups):
            for t in group:
                self.group_of[t.upper()] = i

    def type_block(self, event_type: str) -> str:
        """Types that may fuse share a block: the type itself or its group."""
        group = self.group_of.get(event_type)
        return event_type if group is None else f"group-{group}"

    def score(self, a: _Item, b: _Item) -> float | None:
        """A similarity score for compatible events, None when they cannot be one event."""
        ea, eb = a.event, b.event
        if ea.article_id == eb.article_id or a.tags != b.tags:
            return None
        same_type = ea.event_type == eb.event_type
        if not same_type:
            ga, gb = self.group_of.get(ea.event_type), self.group_of.get(eb.event_type)
            if ga is None or ga != gb:
                return None
        if (a.day is None) != (b.day is None):
            return None
        gap = abs(a.day - b.day) if a.day is not None and b.day is not None else 0
        if gap > self.max_days:
            return None
        place = _location_match(ea.location, eb.location, max_km=self.max_km)
        if place == "no":
            return None
        # Two named actors must meet: "Saiqa joined Haftar" and "the air base joined Haftar" share a
        # recipient but are two events. Either side may be the other's recipient (mutual types).
        if (
            a.actor_keys
            and b.actor_keys
            and not (_keys_overlap(a.actor_keys, b.keys) and _keys_overlap(b.actor_keys, a.keys))
        ):
            return None
        if a.keys and b.keys:
            if not _keys_overlap(a.keys, b.keys):
                return None
            hit_a = {x for x in a.keys if any(x == y or names_compatible(x, y) for y in b.keys)}
            hit_b = {y for y in b.keys if any(x == y or names_compatible(x, y) for x in a.keys)}
            actor_score = (len(hit_a) + len(hit_b)) / (len(a.keys) + len(b.keys))
        else:
            actor_score = 0.0
        if not same_type and actor_score == 0.0:
            return None
        if a.day is None and (actor_score == 0.0 or place != "strong"):
            return None
        if actor_score == 0.0 and not (same_type and gap == 0 and place == "strong"):
            return None
        return (
            (1.0 if same_type else 0.5)
            + actor_score
            + (1.0 if gap == 0 else 0.5)
            + {"strong": 1.0, "weak": 0.25}[place]
        )


_FUNCTION_WORDS = frozenset("of the and for al el de la du".split())


def is_named(party: Party) -> bool:
    """Whether a party is a named actor ("Houthis", "Libyan National Army", "UN") rather than a
    description ("12 soldiers", "a large crowd", "Malian troops").

    Outlets describe the same victims and crowds in different words, so only names may keep two
    reports apart; descriptions neither join nor separate them.
    """
    words = [
        w for w in (party.name or party.text).replace("-", " ").split() if w.lower() not in _FUNCTION_WORDS
    ]
    return bool(words) and all(w[:1].isupper() for w in words) and not words[0][:1].isdigit()


def _canonical_items(events: Sequence[Event]) -> list[_Item]:
    unique = {e.id: e for e in events}  # the same raw event twice is one report
    items = [
        _Item(
            event=e,
            day=day_ordinal(e.date),
            keys=frozenset(party_key(p) for p in e.actors + e.recipients if is_named(p)),
            actor_keys=frozenset(party_key(p) for p in e.actors if is_named(p)),
            tags=frozenset(e.tags),
        )
        for e in unique.values()
    ]
    items.sort(key=lambda it: (it.day is None, it.day or 0, it.event.event_type, it.event.id))
    return items


def _candidate_pairs(items: list[_Item], matcher: _Matcher) -> list[tuple[float, str, str]]:
    """Scored compatible pairs, only compared inside (day, type group) blocks and their next days."""
    blocks: dict[tuple[int | None, str], list[_Item]] = defaultdict(list)
    for it in items:
        blocks[(it.day, matcher.type_block(it.event.event_type))].append(it)
    pairs: list[tuple[float, str, str]] = []
    for (day, kind), bucket in blocks.items():
        others: list[_Item] = []
        if day is not None:
            for d in range(day + 1, day + matcher.max_days + 1):
                others.extend(blocks.get((d, kind), ()))
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :] + others:
                s = matcher.score(a, b)
                if s is not None:
                    x, y = sorted((a.event.id, b.event.id))
                    pairs.append((s, x, y))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return pairs


def cluster_events(
    events: Sequence[Event],
    *,
    max_km: float = 50.0,
    max_days: int = 1,
    type_groups: Iterable[Iterable[str]] = DEFAULT_TYPE_GROUPS,
) -> list[list[Event]]:
    """Group raw events into clusters of reports of one event (members and clusters sorted by id)."""
    matcher = _Matcher(max_km=max_km, max_days=max_days, type_groups=type_groups)
    items = _canonical_items(events)
    by_id = {it.event.id: it for it in items}
    compatible: set[tuple[str, str]] = set()
    pairs = _candidate_pairs(items, matcher)
    for _, x, y in pairs:
        compatible.add((x, y))

    cluster_of = {eid: eid for eid in by_id}
    members: dict[str, list[str]] = {eid: [eid] for eid in by_id}
    for _, x, y in pairs:
        cx, cy = cluster_of[x], cluster_of[y]
        if cx == cy:
            continue
        mx, my = members[cx], members[cy]
        if {by_id[m].event.article_id for m in mx} & {by_id[m].event.article_id for m in my}:
            continue
        if not all((min(p, q), max(p, q)) in compatible for p in mx for q in my):
            continue
        keep, drop = sorted((cx, cy))
        members[keep] = mx + my
        for m in members.pop(drop):
            cluster_of[m] = keep
    clusters = [sorted((by_id[m].event for m in ms), key=lambda e: e.id) for ms in members.values()]
    clusters.sort(key=lambda c: c[0].id)
    return clusters


def fused_id(member_ids: Iterable[str]) -> str:
    """The deterministic id of a cluster: a hash of its sorted member ids."""
    return "fused-" + content_hash(*sorted(member_ids))


def _report_order(ev: Event, meta: Mapping[str, Any]) -> tuple[str, str]:
    published = meta.get("published") or ""
    return (str(published)[:10], ev.date or "")


def headline_figure(reports: Sequence[tuple[int | None, tuple[str, str]]]) -> int | None:
    """The module's casualty rule over (figure, recency key) pairs, one per distinct article."""
    figures = [(f, when) for f, when in reports if f is not None]
    if not figures:
        return None
    counts: dict[int, int] = defaultdict(int)
    for f, _ in figures:
        counts[f] += 1
    corroborated = [f for f, n in counts.items() if n >= 2]
    if corroborated:
        return max(corroborated)
    latest = max(when for _, when in figures)
    return min(f for f, when in figures if when == latest)


def _fuse_cluster(members: list[Event], article_meta: Mapping[str, Mapping[str, Any]]) -> FusedEvent:
    head = min(members, key=lambda e: (-e.confidence, e.id))
    metas = {e.id: article_meta.get(e.article_id) or {} for e in members}
    figures = {
        name: headline_figure([(getattr(e, name), _report_order(e, metas[e.id])) for e in members])
        for name in FIGURES
    }
    # A deep copy: the fused record must not share lists with the raw event.
    headline = Event.from_dict({**head.to_dict(), "id": fused_id(e.id for e in members), **figures})
    sources = [
        SourceReport(
            article_id=e.article_id,
            event_id=e.id,
            evidence=e.evidence,
            source=metas[e.id].get("source"),
            url=metas[e.id].get("url"),
            published=(str(metas[e.id]["published"]) if metas[e.id].get("published") else None),
            dead=e.dead,
            injured=e.injured,
        )
        for e in members
    ]
    sources.sort(key=lambda s: (s.published or "", s.article_id, s.event_id))
    return FusedEvent(event=headline, sources=sources)


def fuse_events(
    events: Sequence[Event],
    *,
    article_meta: Mapping[str, Mapping[str, Any]] | None = None,
    max_km: float = 50.0,
    max_days: int = 1,
    type_groups: Iterable[Iterable[str]] = DEFAULT_TYPE_GROUPS,
) -> list[FusedEvent]:
    """Fuse reports of the same event (rules in the module docstring); sorted by date, then id.

    ``article_meta`` maps an article id to ``{"source", "url", "published"}`` for the ``sources`` list and
    the recency rule. The result does not depend on the order of ``events``.
    """
    meta = article_meta or {}
    clusters = cluster_events(events, max_km=max_km, max_days=max_days, type_groups=type_groups)
    fused = [_fuse_cluster(c, meta) for c in clusters]
    fused.sort(key=lambda f: (f.event.date is None, f.event.date or "", f.event.id))
    return fused


# --- store-facing helpers -------------------------------------------------------------------------------


def _shift(iso: str | None, days: int) -> str | None:
    if not iso:
        return None
    return (date.fromisoformat(iso[:10]) + timedelta(days=days)).isoformat()


def article_meta_from_store(store: Store, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``{article_id: {"source", "url", "published"}}`` for the given articles (one lookup each)."""
    out: dict[str, dict[str, Any]] = {}
    for aid in sorted(set(article_ids)):
        art = store.get_article(aid)
        if art is not None:
            out[aid] = {"source": art.source, "url": art.url, "published": art.published}
    return out


def refresh_fusion(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    max_km: float = 50.0,
    max_days: int = 1,
) -> list[FusedEvent]:
    """Recompute fused events from the store's raw events and write them with ``store.replace_fused``.

    Without a window this is a full rebuild: it reads every raw event and article once (O(events) reads and
    memory, a few seconds for 10^5 events). With ``since``/``until`` it re-fuses only the raw events dated
    inside the window widened by ``max_days`` on each side, plus every member of a stored cluster that
    touches them, and keeps the other stored clusters unchanged. Returns the fused events written.
    """
    from sitrep.store.base import EventQuery

    if since is None and until is None:
        raw = {e.id: e for e in store.iter_events(EventQuery(limit=None))}
        fused = fuse_events(
            list(raw.values()),
            article_meta=article_meta_from_store(store, (e.article_id for e in raw.values())),
            max_km=max_km,
            max_days=max_days,
        )
        store.replace_fused(fused)
        return fused

    window = EventQuery(since=_shift(since, -max_days), until=_shift(until, max_days), limit=None)
    raw = {e.id: e for e in store.iter_events(window)}
    old = store.query_fused(EventQuery(limit=None)).events
    grew = True
    while grew:  # pull in every member of a stored cluster the window touches
        grew = False
        for fe in old:
            ids = {s.event_id for s in fe.sources}
            if ids & raw.keys():
                for missing in sorted(ids - raw.keys()):
                    ev = store.get_event(missing)
                    if ev is not None:
                        raw[missing] = ev
                        grew = True
    kept = [fe for fe in old if not {s.event_id for s in fe.sources} & raw.keys()]
    new = fuse_events(
        list(raw.values()),
        article_meta=article_meta_from_store(store, (e.article_id for e in raw.values())),
        max_km=max_km,
        max_days=max_days,
    )
    store.replace_fused(kept + new)
    return new


def events_from_store(store: Store, *, since: str | None = None, until: str | None = None) -> list[Event]:
    """Headline events of the fused table, or the raw events when fusion has not run yet.

    Analysis prefers fused events so that one event reported by ten outlets counts once.
    """
    from sitrep.store.base import EventQuery

    query = EventQuery(since=since, until=until, limit=None)
    fused = store.query_fused(query).events
    if fused:
        return [fe.event for fe in fused]
    if store.counts().get("fused_events", 0):
        return []  # fused table is populated, the window is just empty
    return list(store.iter_events(query))
