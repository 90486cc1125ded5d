"""Derive an ACLED (event type, sub-event type) from a PLOVER event.

ACLED splits political violence by weapon first, then by who was hit: remote weapons give
"Explosions/Remote violence" whoever the target, unarmed victims give "Violence against
civilians", two armed sides give "Battles". The rules below follow that order. Events ACLED
does not record (talks, accusations, aid, ...) and events that did not happen get (None, None).
"""

from __future__ import annotations

from collections.abc import Sequence

from sitrep.errors import OntologyError
from sitrep.ontology.ontology import Ontology, load_ontology

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

# Tags that mean the event did not (yet) take place, so ACLED would not record it.
UNREAL_TAGS = frozenset({"negated", "hypothetical", "future"})

# ASSAULT modes that decide the sub-type on their own: ACLED codes by weapon before target.
ASSAULT_WEAPON_MODES: dict[str, tuple[str, str]] = {
    "aerial": (REMOTE, "Air/drone strike"),
    "suicide-attack": (REMOTE, "Suicide bomb"),
    "heavy-weapons": (REMOTE, "Shelling/artillery/missile attack"),
    "explosives": (REMOTE, "Remote explosive/landmine/IED"),
    "grenade": (REMOTE, "Grenade"),
    "unconventional": (REMOTE, "Chemical weapon"),
}
# ASSAULT modes whose victims are by nature non-combatants (captives, a population).
ONE_SIDED_MODES = frozenset({"execute", "torture", "massacre", "cleansing"})

PROTEST_RIOT = (RIOTS, "Violent demonstration")
PROTEST_PEACEFUL = (PROTESTS, "Peaceful protest")
PROTEST_REPRESSED = (PROTESTS, "Excessive force against protesters")
COERCE_MODES: dict[str, tuple[str, str]] = {
    "arrest": (STRATEGIC, "Arrests"),
    "confiscate": (STRATEGIC, "Looting/property destruction"),
}
MOBILIZE_RESULT = (STRATEGIC, "Change to group/activity")
AGREEMENT = (STRATEGIC, "Agreement")
TERRITORY_HANDOVER = (STRATEGIC, "Non-violent transfer of territory")
PROPERTY = (STRATEGIC, "Looting/property destruction")

NONE: tuple[None, None] = (None, None)

# Unarmed state bodies: as perpetrators of violence they act through their forces, so they are not
# a "mob"; as victims (an assassinated mayor) they are civilians, as ACLED counts them.
STATE_SECTORS = frozenset({"GOV", "LEG", "JUD"})


def acled_category(
    *,
    event_type: str,
    mode: str | None,
    tags: Sequence[str],
    actor_sectors: Sequence[str | None],
    recipient_sectors: Sequence[str | None],
    dead: int | None = None,
    ontology: Ontology | None = None,
) -> tuple[str, str] | tuple[None, None]:
    """ACLED (event_type, sub_event_type) for a PLOVER event, or (None, None) outside ACLED's scope.

    Unknown event types, modes or sector codes raise OntologyError. A sector of None means
    "not known" and counts as neither armed nor civilian.
    """
    onto = ontology or load_ontology()
    if not onto.is_valid_mode(event_type, mode):
        raise OntologyError(f"{mode!r} is not a mode of {event_type}")
    actors = _armed_flags(onto, actor_sectors)
    recipients = _armed_flags(onto, recipient_sectors)
    if UNREAL_TAGS.intersection(tags):
        return NONE

    if event_type == "ASSAULT":
        perpetrators = _armed_flags(onto, actor_sectors, state_is_armed=True)
        return _assault(mode, perpetrators, recipients, dead)
    if event_type == "PROTEST":
        if mode == "riot":
            return PROTEST_RIOT
        return PROTEST_REPRESSED if dead else PROTEST_PEACEFUL
    if event_type == "COERCE":
        return COERCE_MODES.get(mode or "", NONE)
    if event_type == "MOBILIZE":
        return MOBILIZE_RESULT
    if event_type == "AGREE":
        return AGREEMENT if any(actors + recipients) else NONE
    if event_type == "RETREAT":
        return TERRITORY_HANDOVER if mode == "withdraw" else NONE
    return NONE


def _armed_flags(
    onto: Ontology, sectors: Sequence[str | None], *, state_is_armed: bool = False
) -> list[bool | None]:
    """Per party: True if armed, False if unarmed, None if its sector is unknown."""
    flags: list[bool | None] = []
    for code in sectors:
        if code is None:
            flags.append(None)
            continue
        sector = onto.sector(code)
        flags.append(sector.armed or (state_is_armed and sector.code in STATE_SECTORS))
    return flags


def _assault(
    mode: str | None, actors: list[bool | None], recipients: list[bool | None], dead: int | None
) -> tuple[str, str]:
    if mode in ASSAULT_WEAPON_MODES:
        return ASSAULT_WEAPON_MODES[mode]
    if mode == "destroy" and not dead:
        return PROPERTY
    known_recipients = [flag for flag in recipients if flag is not None]
    recipients_armed = any(known_recipients)
    civilians_hit = bool(known_recipients) and not recipients_armed
    if mode == "sexual":
        return (VAC, "Sexual violence")
    if mode == "abduct":
        return (STRATEGIC, "Other") if recipients_armed else (VAC, "Abduction/forced disappearance")
    if mode in ONE_SIDED_MODES:
        return (VAC, "Attack")
    known_actors = [flag for flag in actors if flag is not None]
    if known_actors and not any(known_actors):
        # unarmed people (villagers, a crowd) attacking: ACLED's mob violence, never a battle
        return (RIOTS, "Mob violence")
    if civilians_hit:
        return (VAC, "Attack")
    # armed recipients, two armed sources, or a target we cannot place: ACLED's default is a clash
    return (BATTLES, "Armed clash")
