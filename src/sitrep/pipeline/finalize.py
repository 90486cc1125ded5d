"""Finalize: turn candidates into Event records with ontology scores, ACLED category,
confidence, evidence offsets and a stable id."""

from __future__ import annotations

from sitrep.models import Event, Evidence, Party, Span
from sitrep.ontology import acled_category, load_ontology
from sitrep.pipeline.registry import stage
from sitrep.pipeline.resources import Resources
from sitrep.pipeline.state import Candidate, DocState

# Contexts implied by the sectors of the parties involved.
SECTOR_CONTEXTS = {
    "MIL": "military",
    "REB": "military",
    "UAF": "military",
    "SPY": "intelligence",
    "LEG": "legislative",
    "GOV": "executive",
    "JUD": "legal",
    "COP": "crime",
    "CRM": "crime",
    "REF": "migration",
    "REL": "religion_ethnicity",
}
# Contexts implied by words in the sentence.
WORD_CONTEXTS = {
    "terrorist": "terrorism",
    "terrorism": "terrorism",
    "election": "election",
    "vote": "election",
    "refugee": "migration",
    "migrant": "migration",
    "humanitarian": "humanitarian",
    "peacekeeper": "peacekeeping",
    "peacekeeping": "peacekeeping",
    "sanction": "economic",
    "trade": "economic",
    "diplomat": "diplomatic",
    "embassy": "diplomatic",
    "ambassador": "diplomatic",
    "corruption": "corruption",
    "cyber": "cyber",
    "hacker": "cyber",
    "drug": "illegal_drugs",
    "cartel": "illegal_drugs",
    "nuclear": "cbrn",
    "chemical": "cbrn",
    "court": "legal",
    "parliament": "legislative",
    "congress": "legislative",
    "lawmaker": "legislative",
}

# A purpose or background clause rarely carries the reported event.
SUBORDINATE_FACTOR = 0.6


def _confidence(cand: Candidate) -> float:
    score = cand.weight
    if not cand.is_main:
        score *= SUBORDINATE_FACTOR
    if not cand.actors:
        score *= 0.9
    if cand.tags:
        score *= 0.9
    return round(max(0.01, min(0.99, score)), 3)


def _contexts(cand: Candidate, parties: list[Party]) -> list[str]:
    found = {SECTOR_CONTEXTS[p.sector] for p in parties if p.sector in SECTOR_CONTEXTS}
    for tok in cand.sentence.span:
        context = WORD_CONTEXTS.get(tok.lemma_.lower())
        if context:
            found.add(context)
    return sorted(found)


def _dedupe_parties(parties: list[Party]) -> list[Party]:
    seen: set[str] = set()
    out = []
    for party in parties:
        key = (party.name or party.text).lower()
        if key not in seen:
            seen.add(key)
            out.append(party)
    return out


def to_event(cand: Candidate, *, article_id: str, text: str) -> Event:
    onto = load_ontology()
    etype = onto.event_type(cand.event_type)
    actors = _dedupe_parties([m.party for m in cand.actors])
    actor_names = {(p.name or p.text).lower() for p in actors}
    recipients = [
        p
        for p in _dedupe_parties([m.party for m in cand.recipients])
        if (p.name or p.text).lower() not in actor_names
    ]
    mode = cand.mode if onto.is_valid_mode(cand.event_type, cand.mode) else None
    acled = acled_category(
        event_type=cand.event_type,
        mode=mode,
        tags=cand.tags,
        actor_sectors=[p.sector for p in actors],
        recipient_sectors=[p.sector for p in recipients],
        dead=cand.dead,
    )
    sent = cand.sentence
    trig = cand.trigger
    trig_start = sent.offset + trig.idx
    evidence = Evidence(
        sentence=text[sent.start : sent.end],
        start=sent.start,
        end=sent.end,
        trigger=Span(
            text=text[trig_start : trig_start + len(trig.text)],
            start=trig_start,
            end=trig_start + len(trig.text),
        ),
    )
    return Event(
        article_id=article_id,
        event_type=cand.event_type,
        evidence=evidence,
        mode=mode,
        contexts=_contexts(cand, actors + recipients),
        tags=list(cand.tags),
        actors=actors,
        recipients=recipients,
        date=cand.date,
        date_text=cand.date_text,
        date_source=cand.date_source,
        location=cand.location,
        dead=cand.dead,
        injured=cand.injured,
        arrested=cand.arrested,
        size=cand.size,
        quad_class=etype.quad_class,
        intensity=etype.intensity,
        acled_event_type=acled[0],
        acled_sub_event_type=acled[1],
        confidence=_confidence(cand),
        explain=cand.explain + ("; main clause" if cand.is_main else "; subordinate clause"),
    )


@stage(
    "finalize",
    requires=["candidates.location", "candidates.conventions", "candidates.casualties"],
    assigns=["events"],
)
def finalize(state: DocState, res: Resources) -> None:
    events = [to_event(c, article_id=state.article.id, text=state.article.text) for c in state.candidates]
    events.sort(key=lambda e: (e.evidence.start, -e.confidence))
    # Conventions can retype a candidate into a type its sentence already has ("attacked" by protesters
    # becomes a riot beside "protested"); with the same parties that is the same event, and the same id.
    # The sort puts the more confident of two such events first, and that one is kept.
    unique: dict[str, Event] = {}
    for event in events:
        unique.setdefault(event.id, event)
    state.events = list(unique.values())
