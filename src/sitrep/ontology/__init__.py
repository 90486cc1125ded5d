"""sitrep's ontology: PLOVER event types, modes, contexts, sectors and actor codes; the CAMEO
crosswalk; and the ACLED categories derived from PLOVER events. Data lives in ``data/*.json``."""

from __future__ import annotations

from sitrep.ontology.acled import acled_category
from sitrep.ontology.ontology import (
    Ontology,
    build_ontology,
    cameo_to_plover,
    event_type,
    is_valid_mode,
    load_ontology,
    sector_for_head_noun,
)
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

__all__ = [
    "QUAD_CLASSES",
    "AcledType",
    "ActorCode",
    "CameoRoot",
    "Context",
    "EventType",
    "Mode",
    "Ontology",
    "Sector",
    "acled_category",
    "build_ontology",
    "cameo_to_plover",
    "event_type",
    "is_valid_mode",
    "load_ontology",
    "sector_for_head_noun",
]
