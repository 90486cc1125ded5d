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
order of pairs depends only on the events, so the output is a pure function of the *set* of events. Merges
only follow compatible pairs, so each connected component of the compatible-pair graph clusters on its own:
``refresh_fusion`` streams events by date and clusters each component once no later event can join it.

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
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
_PAGE = 1000  # fused events per article lookup and per spilled chunk in a full rebuild


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
    order: tuple[bool, int, str, str]  # the canonical order: undated last, then day, type, id


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


def _item(e: Event) -> _Item:
    day = day_ordinal(e.date)
    return _Item(
        event=e,
        day=day,
        keys=frozenset(party_key(p) for p in e.actors + e.recipients if is_named(p)),
        actor_keys=frozenset(party_key(p) for p in e.actors if is_named(p)),
        tags=frozenset(e.tags),
        order=(day is None, day or 0, e.event_type, e.id),
    )


def _canonical_items(events: Iterable[Event]) -> list[_Item]:
    unique = {e.id: e for e in events}  # the same raw event twice is one report
    items = [_item(e) for e in unique.values()]
    items.sort(key=lambda it: it.order)
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
    return _merge(items, _candidate_pairs(items, matcher))


def _merge(items: Sequence[_Item], pairs: Sequence[tuple[float, str, str]]) -> list[list[Event]]:
    """The greedy complete-linkage merge over ``pairs`` (sorted by score desc, then ids)."""
    by_id = {it.event.id: it for it in items}
    compatible = {(x, y) for _, x, y in pairs}
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


# --- streaming: the same clusters from a date-ordered stream ----------------------------------------------


class _Unordered(Exception):
    """Events of a day arrived after a later day: the stream was not in date order."""


@dataclass
class _Component:
    """A connected component of the compatibility graph: its events, its scored pairs, its last day."""

    items: list[_Item]
    pairs: list[tuple[float, str, str]]
    last: int

    def clusters(self) -> list[list[Event]]:
        if not self.pairs:
            return [[self.items[0].event]]
        self.pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
        return _merge(self.items, self.pairs)


class _Linker:
    """Connected components of the compatibility graph over dated events that arrive in date order.

    The greedy merge never joins events of two components (it only merges along compatible pairs) and
    decides inside a component from that component's pairs alone, in the same relative order, so
    merging each component on its own gives exactly the clusters of the whole set. A component is
    complete once the stream is more than ``max_days`` past its last day. Memory: the events of the
    last ``max_days`` + 1 days plus the components still open; a chain of events linked day after day
    stays open as a whole, since the greedy order can carry a decision along the whole chain.
    """

    def __init__(self, matcher: _Matcher) -> None:
        self.matcher = matcher
        self.parent: dict[str, str] = {}  # union-find over the events of open components
        self.open: dict[str, _Component] = {}  # by root id
        self.live: dict[int, dict[str, list[_Item]]] = {}  # day -> type block -> events; ascending days
        self.today: int | None = None

    def _root(self, eid: str) -> str:
        root = eid
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[eid] != root:
            self.parent[eid], eid = root, self.parent[eid]
        return root

    def _link(self, score: float, a: str, b: str) -> None:
        pair = (score, a, b) if a < b else (score, b, a)
        ra, rb = self._root(a), self._root(b)
        if ra != rb:
            big, small = (ra, rb) if len(self.open[ra].items) >= len(self.open[rb].items) else (rb, ra)
            into, other = self.open[big], self.open.pop(small)
            into.items.extend(other.items)
            into.pairs.extend(other.pairs)
            into.last = max(into.last, other.last)
            self.parent[small] = big
            ra = big
        self.open[ra].pairs.append(pair)

    def add_day(self, items: Sequence[_Item]) -> list[_Component]:
        """Take every event of the next day; return the components that can no longer grow."""
        day = items[0].day
        assert day is not None and all(it.day == day for it in items)
        if self.today is not None and day <= self.today:
            raise _Unordered(items[0].event.id)
        done = self._close_before(day - self.matcher.max_days)
        self.today = day
        score, link = self.matcher.score, self._link
        # Canonical order, as cluster_events: each pair is scored with the canonically earlier event
        # first, and events of one type block follow each other (their block stays in the CPU cache).
        for it in sorted(items, key=lambda it: it.order):
            eid = it.event.id
            self.parent[eid] = eid
            self.open[eid] = _Component(items=[it], pairs=[], last=day)
            block = self.matcher.type_block(it.event.event_type)
            same_day = self.live.setdefault(day, {}).setdefault(block, [])
            for d in range(day - self.matcher.max_days, day + 1):  # earlier days first, then today's
                for other in self.live.get(d, {}).get(block, ()):
                    if (s := score(other, it)) is not None:
                        link(s, other.event.id, eid)
            same_day.append(it)
        return done

    def _close_before(self, first_open_day: int) -> list[_Component]:
        roots: dict[str, None] = {}
        while self.live and (day := next(iter(self.live))) < first_open_day:
            for bucket in self.live.pop(day).values():
                for it in bucket:
                    root = self._root(it.event.id)
                    if self.open[root].last < first_open_day:
                        roots[root] = None
        return self._pop(roots)

    def _pop(self, roots: Iterable[str]) -> list[_Component]:
        done = [self.open.pop(r) for r in roots]
        for comp in done:
            for it in comp.items:
                del self.parent[it.event.id]
        return done

    def finish(self) -> list[_Component]:
        self.live.clear()
        return self._pop(list(self.open))


def _fuse_stream(
    events: Iterable[Event],
    *,
    article_meta: Callable[[set[str]], Mapping[str, Mapping[str, Any]]],
    matcher: _Matcher,
    page: int,
) -> Iterator[FusedEvent]:
    """The fused events of ``fuse_events`` over a stream ordered by date (undated anywhere), unsorted.

    Finished clusters are fused ``page`` at a time with one ``article_meta`` call for their articles.
    Undated events only ever fuse with undated ones: they are held and clustered at the end. Raises
    ``_Unordered`` when a dated event comes after a later day.
    """
    linker = _Linker(matcher)
    undated: list[Event] = []
    ready: list[list[Event]] = []

    def fused_page() -> list[FusedEvent]:
        meta = article_meta({e.article_id for c in ready for e in c})
        out = [_fuse_cluster(c, meta) for c in ready]
        ready.clear()
        return out

    day: list[_Item] = []  # the events of the day being read
    for event in events:
        it = _item(event)
        if it.day is None:
            undated.append(event)
            continue
        if day and it.day != day[0].day:
            for comp in linker.add_day(day):
                ready.extend(comp.clusters())
            day = []
            if len(ready) >= page:
                yield from fused_page()
        day.append(it)
    if day:
        for comp in linker.add_day(day):
            ready.extend(comp.clusters())
    for comp in linker.finish():
        ready.extend(comp.clusters())
        if len(ready) >= page:
            yield from fused_page()
    items = _canonical_items(undated)
    ready.extend(_merge(items, _candidate_pairs(items, matcher)))
    yield from fused_page()


class _Spill:
    """Fused events parked in a private temporary file; re-iterable, since ``replace_fused`` may retry.

    Pickle is safe here: this process writes the file and reads it back.
    """

    def __init__(self, *, page: int) -> None:
        self.page = page
        self.count = 0
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by __exit__

    def __enter__(self) -> _Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def write(self, fused: Iterable[FusedEvent]) -> None:
        chunk: list[FusedEvent] = []
        for fe in fused:
            chunk.append(fe)
            if len(chunk) >= self.page:
                self._dump(chunk)
        self._dump(chunk)

    def _dump(self, chunk: list[FusedEvent]) -> None:
        if chunk:
            pickle.dump(chunk, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += len(chunk)
            chunk.clear()

    def __iter__(self) -> Iterator[FusedEvent]:
        self.file.seek(0)
        while True:
            try:
                chunk = pickle.load(self.file)
            except EOFError:
                return
            yield from chunk


# --- store-facing helpers -------------------------------------------------------------------------------


def _shift(iso: str | None, days: int) -> str | None:
    if not iso:
        return None
    return (date.fromisoformat(iso[:10]) + timedelta(days=days)).isoformat()


def article_meta_from_store(store: Store, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``{article_id: {"source", "url", "published"}}`` for the given articles that the store knows."""
    return {
        aid: {"source": m.get("source"), "url": m.get("url"), "published": m.get("published")}
        for aid, m in store.article_meta(sorted(set(article_ids))).items()
    }


def refresh_fusion(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    max_km: float = 50.0,
    max_days: int = 1,
) -> int:
    """Recompute fused events from the store's raw events and write them; return how many were written.

    Without a window this is a full rebuild with the result of ``fuse_events`` over every raw event, in
    bounded memory: raw events stream oldest first, each finished component of the compatibility graph
    is fused and parked in a temporary file, and the file is copied into the table in one transaction
    (so the write lock is held no longer than the copy). With ``since``/``until`` it re-fuses only the
    raw events dated inside the window widened by ``max_days`` on each side, plus every member of a
    stored cluster that touches them, and replaces only those stored clusters.
    """
    from sitrep.store.base import EventQuery

    matcher = _Matcher(max_km=max_km, max_days=max_days, type_groups=DEFAULT_TYPE_GROUPS)
    if since is None and until is None:
        with _Spill(page=_PAGE) as spill:
            try:
                spill.write(
                    _fuse_stream(
                        store.iter_events(EventQuery(limit=None)),
                        article_meta=lambda ids: article_meta_from_store(store, ids),
                        matcher=matcher,
                        page=_PAGE,
                    )
                )
            except _Unordered:  # dates the store does not sort as days (not YYYY-MM-DD): fuse in memory
                every = list(store.iter_events(EventQuery(limit=None)))
                meta = article_meta_from_store(store, (e.article_id for e in every))
                fused = fuse_events(every, article_meta=meta, max_km=max_km, max_days=max_days)
                store.replace_fused(fused)
                return len(fused)
            store.replace_fused(spill)
            return spill.count

    window = EventQuery(since=_shift(since, -max_days), until=_shift(until, max_days), limit=None)
    raw = {e.id: e for e in store.iter_events(window)}
    touched: set[str] = set()  # stored fused ids to replace
    frontier = list(raw)
    while frontier:  # pull in every member of a stored cluster the window touches, transitively
        grown: list[str] = []
        for fe in store.fused_of_events(frontier):
            if fe.event.id in touched:
                continue
            touched.add(fe.event.id)
            for missing in sorted({s.event_id for s in fe.sources} - raw.keys()):
                ev = store.get_event(missing)
                if ev is not None:
                    raw[missing] = ev
                    grown.append(missing)
        frontier = grown
    new = fuse_events(
        list(raw.values()),
        article_meta=article_meta_from_store(store, (e.article_id for e in raw.values())),
        max_km=max_km,
        max_days=max_days,
    )
    store.replace_fused(new, remove=touched)
    return len(new)


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
