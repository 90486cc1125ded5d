"""Analysis over stored events: fusion, actors, faction network (escalation and reports live alongside).

Every analysis function is pure over lists of ``Event``/``FusedEvent``; the ``*_from_store`` helpers and
``refresh_fusion`` are the thin layer that reads a ``Store``. Nothing here parses text.
"""

from __future__ import annotations

from sitrep.analysis.actors import (
    ActorRecord,
    ActorRegistry,
    actors_from_store,
    build_actor_registry,
    build_registry,
    filter_actors,
    normalize_name,
)
from sitrep.analysis.fusion import cluster_events, events_from_store, fuse_events, refresh_fusion
from sitrep.analysis.network import (
    Network,
    Realignment,
    build_network,
    detect_realignments,
    network_from_store,
    realignments_from_store,
)

__all__ = [
    "ActorRecord",
    "ActorRegistry",
    "Network",
    "Realignment",
    "actors_from_store",
    "build_actor_registry",
    "build_network",
    "build_registry",
    "cluster_events",
    "detect_realignments",
    "events_from_store",
    "filter_actors",
    "fuse_events",
    "network_from_store",
    "normalize_name",
    "realignments_from_store",
    "refresh_fusion",
]
