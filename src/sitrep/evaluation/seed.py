"""Score one article against sitrep-format gold (``gold.json``; SCORING.md, "The sample article").

The gold file names its article (a path relative to the gold file), its publication date, the gold
events with their match rules, the must-not rules and, optionally, the alliances the network should show.
The rules are applied as the file states them; see ``event_matches`` and ``must_not_violations``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sitrep.errors import EvalError
from sitrep.evaluation.common import Extractor, ratio, run
from sitrep.models import Article, Event, Party

MUTUAL_TYPES = frozenset({"COOPERATE", "AGREE", "CONSULT"})
EXTRA_GOAL = 3


@dataclass
class GoldEvent:
    id: str
    required: bool
    types: list[str]
    what: str = ""
    actor_any: list[str] = field(default_factory=list)
    recipient_any: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    dead: int | None = None
    injured: int | None = None
    location_country: str | None = None
    location_any: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GoldEvent:
        try:
            return cls(
                id=str(data["id"]),
                required=bool(data.get("required", False)),
                types=list(data["types"]),
                what=str(data.get("what", "")),
                actor_any=list(data.get("actor_any") or []),
                recipient_any=list(data.get("recipient_any") or []),
                dates=list(data.get("dates") or []),
                dead=data.get("dead"),
                injured=data.get("injured"),
                location_country=data.get("location_country"),
                location_any=list(data.get("location_any") or []),
            )
        except (KeyError, TypeError) as exc:
            raise EvalError(f"gold event {data.get('id', '?')} is malformed: {exc}") from None

    @property
    def scores_location(self) -> bool:
        return bool(self.location_country or self.location_any)


@dataclass
class SeedGold:
    path: Path
    article: Article
    events: list[GoldEvent]
    must_not: list[dict[str, Any]]
    alliances: dict[str, Any] | None = None


@dataclass
class EventLine:
    """A short, printable view of an extracted event."""

    id: str
    event_type: str
    actors: list[str]
    recipients: list[str]
    date: str | None
    tags: list[str]
    evidence: str

    @classmethod
    def of(cls, event: Event) -> EventLine:
        return cls(
            id=event.id,
            event_type=event.event_type,
            actors=[p.name or p.text for p in event.actors],
            recipients=[p.name or p.text for p in event.recipients],
            date=event.date,
            tags=list(event.tags),
            evidence=event.evidence.sentence,
        )


@dataclass
class GoldOutcome:
    id: str
    required: bool
    what: str
    matched_by: list[str]  # ids of the extracted events that match
    location_ok: bool | None  # None: not matched, or the gold event scores no location


@dataclass
class Violation:
    rule: str
    event: EventLine


@dataclass
class AllianceCheck:
    allied: bool  # every bloc_a actor found sits in one bloc
    hostile: bool  # no bloc_b actor shares that bloc
    missing: list[str]  # members with no actor in the network
    blocs: dict[str, int | None]  # member -> bloc number


@dataclass
class SeedReport:
    gold_file: str
    events: int
    required: int
    required_found: int
    recall: float | None
    missing_required: list[str]
    optional: int
    optional_found: int
    location_scored: int
    location_correct: int
    location_accuracy: float | None
    extra: list[EventLine]
    tagged: list[EventLine]
    violations: list[Violation]
    gold: list[GoldOutcome]
    extra_goal: int = EXTRA_GOAL
    alliance: AllianceCheck | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"format": "sitrep", **asdict(self), "extra_count": len(self.extra)}


def load_seed_gold(path: str | Path) -> SeedGold:
    """Read ``gold.json`` and the article it names."""
    file = Path(path)
    if not file.is_file():
        raise EvalError(f"gold file not found: {file}")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise EvalError(f"{file}: not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or "article" not in data or "events" not in data:
        raise EvalError(f"{file}: a sitrep gold file needs 'article' and 'events'")
    article_path = file.parent / str(data["article"])
    if not article_path.is_file():
        raise EvalError(f"article not found: {article_path}")
    text = article_path.read_text(encoding="utf-8")
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    article = Article(text=text, title=title, published=data.get("published"), origin=str(article_path))
    return SeedGold(
        path=file,
        article=article,
        events=[GoldEvent.from_dict(e) for e in data["events"]],
        must_not=list(data.get("must_not") or []),
        alliances=data.get("alliances"),
    )


def _contains_any(parties: Sequence[Party], needles: Sequence[str]) -> bool:
    """Some party's text or name contains one of ``needles``, case-insensitively."""
    wanted = [n.lower() for n in needles]
    return any(n in (s or "").lower() for p in parties for s in (p.text, p.name) for n in wanted)


def _parties_ok(gold: GoldEvent, actors: Sequence[Party], recipients: Sequence[Party]) -> bool:
    return (not gold.actor_any or _contains_any(actors, gold.actor_any)) and (
        not gold.recipient_any or _contains_any(recipients, gold.recipient_any)
    )


def event_matches(event: Event, gold: GoldEvent) -> bool:
    """The match rule of gold.json; actor and recipient may swap for the mutual types."""
    if event.event_type not in gold.types:
        return False
    if gold.dates and (event.date or "")[:10] not in gold.dates:
        return False
    if gold.dead is not None and event.dead != gold.dead:
        return False
    if gold.injured is not None and event.injured != gold.injured:
        return False
    if _parties_ok(gold, event.actors, event.recipients):
        return True
    return event.event_type in MUTUAL_TYPES and _parties_ok(gold, event.recipients, event.actors)


def location_matches(event: Event, gold: GoldEvent) -> bool:
    """Country equal to ``location_country``; one of ``location_any`` in the name or text (any case)."""
    loc = event.location
    if loc is None:
        return False
    if gold.location_country and loc.country != gold.location_country:
        return False
    if gold.location_any:
        haystacks = [(loc.name or "").lower(), (loc.text or "").lower()]
        return any(a.lower() in h for a in gold.location_any for h in haystacks)
    return True


def must_not_violations(events: Sequence[Event], rules: Sequence[dict[str, Any]]) -> list[Violation]:
    """Events that break a must-not rule. A dated exception needs a date: a null date never qualifies."""
    found: list[Violation] = []
    for rule in rules:
        what = str(rule.get("what", "must-not rule"))
        for event in events:
            if _breaks(event, rule):
                found.append(Violation(rule=what, event=EventLine.of(event)))
    return found


def _breaks(event: Event, rule: dict[str, Any]) -> bool:
    needle = rule.get("evidence_contains")
    if needle and str(needle).lower() not in event.evidence.sentence.lower():
        return False
    for key, parties in (("actor_any", event.actors), ("recipient_any", event.recipients)):
        if rule.get(key) and not _contains_any(parties, rule[key]):
            return False
    if not (needle or rule.get("actor_any") or rule.get("recipient_any")):
        return False  # a rule with no condition we know cannot be checked
    tag = rule.get("allowed_if_tag")
    if tag and tag in event.tags:
        return False
    before = rule.get("allowed_if_date_before")
    return not (before and event.date and event.date[:10] < str(before))


def alliance_check(events: Sequence[Event], alliances: dict[str, Any]) -> AllianceCheck | None:
    """Where the network puts the gold's blocs; None when the network module is unavailable."""
    try:
        from sitrep.analysis.actors import build_registry
        from sitrep.analysis.network import build_network
    except ImportError:
        return None
    registry = build_registry(events)
    network = build_network(events, half_life_days=None, registry=registry)
    blocs: dict[str, int | None] = {}
    missing: list[str] = []
    for member in [*alliances.get("bloc_a", []), *alliances.get("bloc_b", [])]:
        ids = {
            rec.id
            for e in events
            for p in e.actors + e.recipients
            if _contains_any([p], [member]) and (rec := registry.resolve(p)) is not None
        }
        nodes = [n for i in sorted(ids) if (n := network.node(i)) is not None and n.bloc is not None]
        if nodes:
            blocs[member] = nodes[0].bloc
        else:
            missing.append(member)
            blocs[member] = None
    a = {blocs[m] for m in alliances.get("bloc_a", []) if blocs.get(m) is not None}
    b = {blocs[m] for m in alliances.get("bloc_b", []) if blocs.get(m) is not None}
    return AllianceCheck(allied=len(a) == 1, hostile=bool(a) and not (a & b), missing=missing, blocs=blocs)


def score_seed(gold: SeedGold, extract_many: Extractor) -> SeedReport:
    """Extract the gold's article with ``extract_many`` and apply the gold's rules."""
    (result,) = run(extract_many, [gold.article])
    events = result.events
    outcomes: list[GoldOutcome] = []
    matched_any: set[int] = set()  # positions, not ids: two events may share a stable id
    for g in gold.events:
        hits = [i for i, e in enumerate(events) if event_matches(e, g)]
        matched_any.update(hits)
        matches = [events[i] for i in hits]
        loc_ok = any(location_matches(e, g) for e in matches) if matches and g.scores_location else None
        outcomes.append(GoldOutcome(g.id, g.required, g.what, [e.id for e in matches], loc_ok))
    required = [o for o in outcomes if o.required]
    optional = [o for o in outcomes if not o.required]
    scored = [o for o in outcomes if o.location_ok is not None]
    located = sum(1 for o in scored if o.location_ok)
    found_required = sum(1 for o in required if o.matched_by)
    return SeedReport(
        gold_file=str(gold.path),
        events=len(events),
        required=len(required),
        required_found=found_required,
        recall=ratio(found_required, len(required)),
        missing_required=[o.id for o in required if not o.matched_by],
        optional=len(optional),
        optional_found=sum(1 for o in optional if o.matched_by),
        location_scored=len(scored),
        location_correct=located,
        location_accuracy=ratio(located, len(scored)),
        extra=[EventLine.of(e) for i, e in enumerate(events) if not e.tags and i not in matched_any],
        tagged=[EventLine.of(e) for e in events if e.tags],
        violations=must_not_violations(events, gold.must_not),
        gold=outcomes,
        alliance=alliance_check(events, gold.alliances) if gold.alliances else None,
    )


def evaluate_seed(path: str | Path, extract_many: Extractor) -> SeedReport:
    """Read a sitrep gold file and score its article."""
    return score_seed(load_seed_gold(path), extract_many)
