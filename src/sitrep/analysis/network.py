"""The faction network: who is allied with or hostile to whom, and how that changes over time.

Edges come from events whose actor and recipient both resolve to registry actors
(``sitrep.analysis.actors``):

- **ally**: SUPPORT, COOPERATE, AGREE, AID; CONSULT counts half (talking is weak evidence of alignment).
- **hostile**: ASSAULT, THREATEN, ACCUSE, COERCE, SANCTION, REJECT; PROTEST and MOBILIZE count half
  (a MOBILIZE with a recipient is forces gathered *against* it: a show of force, weaker than an attack).
- **co-actors**: the members of one compound actor list ("Haftar and the air base stormed ...") are allies,
  at half the event's weight, for any event of the two lists above.
- **affiliation**: a party whose own wording ties it to another actor ("forces loyal to X", "X's Libyan
  National Army", see ``sitrep.analysis.actors.affiliation_target``) is an ally of X, with weight
  ``AFFILIATION_WEIGHT × decay`` for each event that mentions it so, whatever the event's type. The tie is
  what the wording states, so it needs no event between the two.
- Other types (REQUEST, CONCEDE, RETREAT) and events tagged negated or hypothetical add no edge.

An event adds ``|intensity| / 10 × type factor × decay`` to its edge, where ``intensity`` is the event's own
(else a PLOVER-scale default per type, ``DEFAULT_INTENSITY``) and ``decay = 0.5 ** (age / half_life_days)``,
the age counted back from the window end (``until``, else the newest event). ``half_life_days=None`` turns
decay off. With a window, undated events are left out; without one they count at full weight. A pair may
have both an ally and a hostile edge; blocs use their difference (the *net* sign).

Blocs come from structural balance: find the partition that minimises *frustration*, the weight of
negative (net hostile) edges inside blocs plus positive edges across blocs. Start from the connected
components of the positive graph, then repeatedly move single nodes (in id order) to the neighbouring or a
new bloc that lowers frustration the most; each move strictly lowers it, so the search ends, and the fixed
order makes it deterministic. Blocs are numbered by size (largest first), then by their first name.

``to_dot`` writes DOT with a small serializer of its own (pydot is not a dependency): nodes are labelled
with the actor name, ally edges are solid green and hostile edges dashed red.
"""

from __future__ import annotations

import io
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import networkx as nx

from sitrep.analysis.actors import ActorRecord, ActorRegistry, affiliation_target, build_registry
from sitrep.analysis.fusion import day_ordinal
from sitrep.models import Event, FusedEvent

if TYPE_CHECKING:
    from sitrep.store.base import Store

ALLY_TYPES = {"SUPPORT": 1.0, "COOPERATE": 1.0, "AGREE": 1.0, "AID": 1.0, "CONSULT": 0.5}
HOSTILE_TYPES = {
    "ASSAULT": 1.0,
    "THREATEN": 1.0,
    "ACCUSE": 1.0,
    "COERCE": 1.0,
    "SANCTION": 1.0,
    "REJECT": 1.0,
    "PROTEST": 0.5,
    "MOBILIZE": 0.5,
}
CO_ACTOR_FACTOR = 0.5
AFFILIATION_WEIGHT = 0.5
# PLOVER intensities (-10 hostile .. +10 cooperative) for events that carry none; they mirror
# sitrep/ontology/data/event_types.json (a test keeps the two in step).
DEFAULT_INTENSITY = {
    "AGREE": 4.2,
    "CONSULT": 2.1,
    "SUPPORT": 4.6,
    "CONCEDE": 5.0,
    "COOPERATE": 6.8,
    "AID": 7.4,
    "RETREAT": 7.6,
    "REQUEST": -5.0,
    "ACCUSE": -2.0,
    "REJECT": -4.2,
    "THREATEN": -5.1,
    "PROTEST": -6.6,
    "SANCTION": -5.2,
    "MOBILIZE": -5.3,
    "COERCE": -7.2,
    "ASSAULT": -9.3,
}
SKIP_TAGS = frozenset({"negated", "hypothetical"})


@dataclass
class Node:
    id: str
    name: str
    country: str | None
    sector: str | None
    bloc: int | None = None
    events: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Edge:
    source: str  # the smaller actor id: edges are undirected
    target: str
    relation: str  # "ally" | "hostile"
    weight: float = 0.0
    first: str | None = None
    last: str | None = None
    event_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "weight": round(self.weight, 4)}


def _in_window(ev: Event, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if not ev.date:
        return False
    day = ev.date[:10]
    return (since is None or day >= since[:10]) and (until is None or day <= until[:10])


def _frustration(blocs: dict[str, int], net: dict[tuple[str, str], float]) -> float:
    total = 0.0
    for (u, v), w in net.items():
        same = blocs[u] == blocs[v]
        if (w < 0 and same) or (w > 0 and not same):
            total += abs(w)
    return total


def balance_partition(nodes: Iterable[str], net: dict[tuple[str, str], float]) -> dict[str, int]:
    """Bloc label per node minimising frustration by local search (see the module docstring)."""
    order = sorted(set(nodes))
    adj: dict[str, dict[str, float]] = {n: {} for n in order}
    for (u, v), w in net.items():
        if u != v and w != 0:
            adj[u][v] = adj[u].get(v, 0.0) + w
            adj[v][u] = adj[v].get(u, 0.0) + w
    positive = nx.Graph()
    positive.add_nodes_from(order)
    positive.add_edges_from((u, v) for u in order for v, w in adj[u].items() if w > 0)
    comps = sorted((sorted(c) for c in nx.connected_components(positive)), key=lambda c: c[0])
    bloc = {n: i for i, comp in enumerate(comps) for n in comp}

    def cost(node: str, label: int) -> float:
        return sum(
            abs(w)
            for v, w in adj[node].items()
            if (w < 0 and bloc[v] == label) or (w > 0 and bloc[v] != label)
        )

    for _ in range(10 * len(order) + 10):  # each move lowers frustration; this bound is never reached
        moved = False
        for node in order:
            current = bloc[node]
            here = cost(node, current)
            fresh = max(bloc.values()) + 1
            options = [*sorted({bloc[v] for v in adj[node]} - {current}), fresh]
            best, best_cost = current, here
            for label in options:
                c = cost(node, label)
                if c < best_cost - 1e-9:
                    best, best_cost = label, c
            if best != current:
                bloc[node] = best
                moved = True
        if not moved:
            break
    return bloc


class Network:
    """Nodes, edges and blocs of one window, with JSON, GraphML and DOT output."""

    def __init__(
        self,
        nodes: list[Node],
        edges: list[Edge],
        *,
        since: str | None = None,
        until: str | None = None,
    ) -> None:
        self.nodes = nodes
        self.edges = edges
        self.since = since
        self.until = until
        self._by_id = {n.id: n for n in nodes}

    # -- queries --
    def node(self, actor_id: str) -> Node | None:
        return self._by_id.get(actor_id)

    def net_weight(self, a: str, b: str) -> float:
        """Ally weight minus hostile weight between two actors."""
        u, v = sorted((a, b))
        return sum(
            e.weight if e.relation == "ally" else -e.weight
            for e in self.edges
            if (e.source, e.target) == (u, v)
        )

    def edges_between(self, a: str, b: str) -> list[Edge]:
        u, v = sorted((a, b))
        return [e for e in self.edges if (e.source, e.target) == (u, v)]

    @property
    def blocs(self) -> list[list[str]]:
        """Actor names per bloc, bloc 0 first."""
        groups: dict[int, list[str]] = defaultdict(list)
        for n in self.nodes:
            if n.bloc is not None:
                groups[n.bloc].append(n.name)
        return [sorted(groups[b]) for b in sorted(groups)]

    def bloc_of(self, actor_id: str) -> set[str]:
        """Ids of the actors in the same bloc as ``actor_id`` (itself included)."""
        node = self._by_id.get(actor_id)
        if node is None or node.bloc is None:
            return set()
        return {n.id for n in self.nodes if n.bloc == node.bloc}

    @property
    def frustration(self) -> float:
        net: dict[tuple[str, str], float] = defaultdict(float)
        for e in self.edges:
            net[(e.source, e.target)] += e.weight if e.relation == "ally" else -e.weight
        labels = {n.id: n.bloc if n.bloc is not None else -1 for n in self.nodes}
        return _frustration(labels, dict(net))

    # -- output --
    def to_dict(self) -> dict[str, Any]:
        """The CONTRACT network record."""
        return {
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
            "blocs": self.blocs,
        }

    def to_networkx(self) -> nx.MultiGraph:
        """A MultiGraph (one edge per pair and relation) with scalar attributes only."""
        graph = nx.MultiGraph()
        for n in self.nodes:
            graph.add_node(
                n.id,
                name=n.name,
                country=n.country or "",
                sector=n.sector or "",
                bloc=-1 if n.bloc is None else n.bloc,
                events=n.events,
            )
        for e in self.edges:
            graph.add_edge(
                e.source,
                e.target,
                key=e.relation,
                relation=e.relation,
                weight=round(e.weight, 4),
                first=e.first or "",
                last=e.last or "",
                event_ids=",".join(e.event_ids),
            )
        return graph

    def to_graphml(self, path_or_buffer: str | Path | IO[bytes]) -> None:
        """Write GraphML (``event_ids`` joined by commas, missing values as "")."""
        nx.write_graphml(self.to_networkx(), path_or_buffer)

    def to_graphml_string(self) -> str:
        buffer = io.BytesIO()
        self.to_graphml(buffer)
        return buffer.getvalue().decode("utf-8")

    def to_dot(self) -> str:
        """DOT text for Graphviz (see the module docstring)."""

        def q(value: object) -> str:
            return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

        lines = ["graph sitrep {", "  node [shape=box];"]
        for n in self.nodes:
            bloc = -1 if n.bloc is None else n.bloc
            lines.append(f"  {q(n.id)} [label={q(n.name)}, bloc={bloc}, events={n.events}];")
        for e in self.edges:
            style = "color=darkgreen" if e.relation == "ally" else "color=red, style=dashed"
            lines.append(
                f"  {q(e.source)} -- {q(e.target)} [relation={q(e.relation)}, "
                f"weight={round(e.weight, 4)}, {style}];"
            )
        lines.append("}")
        return "\n".join(lines) + "\n"


def _event_of(item: Event | FusedEvent) -> Event:
    return item.event if isinstance(item, FusedEvent) else item


def _affiliations(ev: Event, registry: ActorRegistry) -> list[tuple[ActorRecord, ActorRecord]]:
    """(party record, the record its wording ties it to) for every party of ``ev`` that states a tie."""
    out: dict[tuple[str, str], tuple[ActorRecord, ActorRecord]] = {}
    for party in [*ev.actors, *ev.recipients]:
        member = registry.resolve(party)
        if member is None:
            continue
        for wording in [party.text, *party.attributes]:
            target = affiliation_target(wording)
            leader = registry.find(target) if target else None
            if leader is not None and leader.id != member.id:
                out[(member.id, leader.id)] = (member, leader)
    return [out[k] for k in sorted(out)]


def build_network(
    events: Sequence[Event | FusedEvent],
    *,
    since: str | None = None,
    until: str | None = None,
    half_life_days: float | None = 30.0,
    registry: ActorRegistry | None = None,
    include_isolated: bool = False,
) -> Network:
    """The signed actor network of the events dated in [since, until] (rules in the module docstring).

    Node ids come from ``registry`` (built over *all* ``events`` when not given, so ids stay the same
    across windows). ``include_isolated`` keeps actors with no edge as nodes without a bloc.
    """
    evs = sorted((_event_of(e) for e in events), key=lambda e: e.id)
    registry = registry or build_registry(evs)
    selected = [e for e in evs if _in_window(e, since, until) and not SKIP_TAGS & set(e.tags)]
    days = [d for d in (day_ordinal(e.date) for e in selected) if d is not None]
    end = day_ordinal(until) or (max(days) if days else None)

    def decay(ev: Event) -> float:
        day = day_ordinal(ev.date)
        if half_life_days is None or day is None or end is None:
            return 1.0
        return 0.5 ** (max(0, end - day) / half_life_days)

    def resolve(parties: Iterable[Any]) -> list[ActorRecord]:
        found = {}
        for p in parties:
            rec = registry.resolve(p)
            if rec is not None:
                found[rec.id] = rec
        return [found[k] for k in sorted(found)]

    edges: dict[tuple[str, str, str], Edge] = {}
    involved: dict[str, ActorRecord] = {}
    event_count: dict[str, int] = defaultdict(int)

    def add(a: str, b: str, relation: str, weight: float, ev: Event) -> None:
        u, v = sorted((a, b))
        edge = edges.setdefault((u, v, relation), Edge(source=u, target=v, relation=relation))
        edge.weight += weight
        if ev.id not in edge.event_ids:
            edge.event_ids.append(ev.id)
        if ev.date:
            edge.first = min(filter(None, (edge.first, ev.date[:10])))
            edge.last = max(filter(None, (edge.last, ev.date[:10])))

    for ev in selected:
        actors, recipients = resolve(ev.actors), resolve(ev.recipients)
        for rec in {r.id: r for r in actors + recipients}.values():
            involved[rec.id] = rec
            event_count[rec.id] += 1
        for member, leader in _affiliations(ev, registry):
            involved.setdefault(leader.id, leader)
            add(member.id, leader.id, "ally", AFFILIATION_WEIGHT * decay(ev), ev)
        relation = (
            "ally" if ev.event_type in ALLY_TYPES else "hostile" if ev.event_type in HOSTILE_TYPES else None
        )
        if relation is None:
            continue
        factor = ALLY_TYPES.get(ev.event_type) or HOSTILE_TYPES[ev.event_type]
        intensity = ev.intensity if ev.intensity is not None else DEFAULT_INTENSITY.get(ev.event_type, 5.0)
        weight = abs(intensity) / 10.0 * factor * decay(ev)
        for a in actors:
            for r in recipients:
                if a.id != r.id:
                    add(a.id, r.id, relation, weight, ev)
        for i, a in enumerate(actors):
            for b in actors[i + 1 :]:
                add(a.id, b.id, "ally", weight * CO_ACTOR_FACTOR, ev)

    edge_list = sorted(edges.values(), key=lambda e: (e.source, e.target, e.relation))
    linked = {e.source for e in edge_list} | {e.target for e in edge_list}
    net: dict[tuple[str, str], float] = defaultdict(float)
    for e in edge_list:
        net[(e.source, e.target)] += e.weight if e.relation == "ally" else -e.weight
    raw_blocs = balance_partition(linked, dict(net))

    names = {rid: rec.name for rid, rec in involved.items()}
    groups: dict[int, list[str]] = defaultdict(list)
    for rid, label in raw_blocs.items():
        groups[label].append(rid)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), min(names[r] for r in g), min(g)))
    bloc_of = {rid: i for i, g in enumerate(ordered) for rid in g}

    keep = sorted(involved) if include_isolated else sorted(linked)
    nodes = [
        Node(
            id=rid,
            name=involved[rid].name,
            country=involved[rid].country,
            sector=involved[rid].sector,
            bloc=bloc_of.get(rid),
            events=event_count[rid],
        )
        for rid in keep
    ]
    nodes.sort(key=lambda n: (n.bloc if n.bloc is not None else 1 << 30, n.name, n.id))
    return Network(nodes, edge_list, since=since, until=until)


# --- realignment --------------------------------------------------------------------------------------


@dataclass
class Realignment:
    """An actor whose bloc changed between two consecutive windows."""

    actor_id: str
    actor: str
    from_bloc_members: list[str]  # names of its bloc-mates in the first window
    to_bloc_members: list[str]  # names of its bloc-mates in the second window (may be empty)
    first_window: tuple[str | None, str | None]
    second_window: tuple[str | None, str | None]
    evidence: list[str] = field(default_factory=list)  # event ids of the ties it left and made
    turned_hostile: bool = False  # it has a hostile edge to a former bloc-mate in the second window

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["first_window"] = list(self.first_window)
        data["second_window"] = list(self.second_window)
        return data


def _default_windows(events: Sequence[Event], split: str | None) -> list[tuple[str | None, str | None]]:
    days = sorted(d for d in (day_ordinal(e.date) for e in events) if d is not None)
    if split is None:
        if len(days) < 2 or days[0] == days[-1]:
            return []
        split_day = days[0] + (days[-1] - days[0] + 1) // 2
    else:
        split_day = day_ordinal(split)  # type: ignore[assignment]
        if split_day is None:
            return []
    first_end = date.fromordinal(split_day - 1).isoformat()
    start = date.fromordinal(days[0]).isoformat() if days else None
    end = date.fromordinal(days[-1]).isoformat() if days else None
    return [(start, first_end), (date.fromordinal(split_day).isoformat(), end)]


def _crossers(n1: Network, n2: Network, anchors: set[str]) -> set[str]:
    """Anchors whose second-window bloc is the continuation of a first-window bloc other than their own.

    Each second-window bloc continues at most one first-window bloc: a maximum-weight matching of blocs,
    weighted by the activity (events in both windows) of the anchors they share, so a camp keeps its
    identity through its most active members. An actor that was alone in its first-window bloc only
    crosses over when it was hostile to the camp it joins (joining someone new is not a change of side).
    """
    weight: dict[tuple[int, int], float] = defaultdict(float)
    for a in anchors:
        u, v = n1.node(a), n2.node(a)
        if u is not None and v is not None and u.bloc is not None and v.bloc is not None:
            weight[(u.bloc, v.bloc)] += u.events + v.events
    graph = nx.Graph()
    for (b1, b2), w in sorted(weight.items()):
        graph.add_edge((1, b1), (2, b2), weight=w)
    origin: dict[int, int] = {}
    for x, y in nx.max_weight_matching(graph):
        first, second = (x, y) if x[0] == 1 else (y, x)
        origin[second[1]] = first[1]
    out = set()
    for a in anchors:
        u, v = n1.node(a), n2.node(a)
        if u is None or v is None or v.bloc not in origin or origin[v.bloc] == u.bloc:
            continue
        camp = {n.id for n in n1.nodes if n.bloc == origin[v.bloc]}
        if n1.bloc_of(a) - {a} or any(n1.net_weight(a, b) < 0 for b in camp):
            out.add(a)
    return out


def detect_realignments(
    events: Sequence[Event | FusedEvent],
    *,
    windows: list[tuple[str, str]] | None = None,
    split: str | None = None,
    half_life_days: float | None = 30.0,
) -> list[Realignment]:
    """Actors that change bloc between consecutive windows.

    ``windows`` are inclusive ``(since, until)`` date pairs; else ``split`` cuts the data into before/from
    that date; else the date range is cut in half. Only *anchors* (actors with edges in both windows) are
    compared. An actor realigns when it left some anchors and joined others (a *mover*), or when it left
    anchors it is now hostile to, unless everyone it left is a mover (then the move is theirs, not its), or
    when it *crossed over*: its second-window bloc continues another first-window bloc than its own (see
    ``_crossers``). The last rule catches a unit that joins the other side while its old patron simply
    drops out of the news, so that nobody it left is an anchor.
    """
    evs = [_event_of(e) for e in events]
    registry = build_registry(evs)
    spans: list[tuple[str | None, str | None]] = list(windows) if windows else _default_windows(evs, split)
    out: list[Realignment] = []
    for w1, w2 in itertools.pairwise(spans):
        n1 = build_network(evs, since=w1[0], until=w1[1], half_life_days=half_life_days, registry=registry)
        n2 = build_network(evs, since=w2[0], until=w2[1], half_life_days=half_life_days, registry=registry)
        anchors = {n.id for n in n1.nodes} & {n.id for n in n2.nodes}
        lost: dict[str, set[str]] = {}
        gained: dict[str, set[str]] = {}
        for a in anchors:
            before = (n1.bloc_of(a) & anchors) - {a}
            after = (n2.bloc_of(a) & anchors) - {a}
            lost[a], gained[a] = before - after, after - before
        movers = {a for a in anchors if lost[a] and gained[a]}
        crossers = _crossers(n1, n2, anchors)
        for a in sorted(anchors):
            hostile_to_lost = {b for b in lost[a] if n2.net_weight(a, b) < 0}
            if a not in movers | crossers and not (hostile_to_lost and not lost[a] <= movers):
                continue
            evidence = sorted(
                {eid for b in lost[a] for e in n1.edges_between(a, b) for eid in e.event_ids}
                | {eid for b in lost[a] | gained[a] for e in n2.edges_between(a, b) for eid in e.event_ids}
            )
            name = n2.node(a).name  # type: ignore[union-attr]
            out.append(
                Realignment(
                    actor_id=a,
                    actor=name,
                    from_bloc_members=sorted(n1.node(b).name for b in n1.bloc_of(a) - {a}),  # type: ignore[union-attr]
                    to_bloc_members=sorted(n2.node(b).name for b in n2.bloc_of(a) - {a}),  # type: ignore[union-attr]
                    first_window=w1,
                    second_window=w2,
                    evidence=evidence,
                    turned_hostile=bool(hostile_to_lost),
                )
            )
    return out


# --- store-facing ---------------------------------------------------------------------------------------


def network_from_store(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    half_life_days: float | None = 30.0,
) -> Network:
    """The network over the store's fused events (raw ones if fusion has not run).

    The registry is built over every stored event so that node ids do not depend on the window.
    """
    from sitrep.analysis.fusion import events_from_store

    events = events_from_store(store)
    return build_network(events, since=since, until=until, half_life_days=half_life_days)


def realignments_from_store(
    store: Store, *, windows: list[tuple[str, str]] | None = None, split: str | None = None
) -> list[Realignment]:
    from sitrep.analysis.fusion import events_from_store

    return detect_realignments(events_from_store(store), windows=windows, split=split)
