"""How well fusion groups reports: pairwise and B-cubed precision/recall/F1 against gold clusters.

Clusterings are given either as ``{item_id: cluster_label}`` or as an iterable of clusters (iterables of
item ids). The item universe is the gold items; a gold item the prediction does not mention is a predicted
singleton, and predicted items absent from gold are ignored.

- **Pairwise**: over all pairs of items, a pair is positive when both are in one cluster. Precision is the
  share of predicted together-pairs that gold also puts together; recall the share of gold pairs found.
  With no predicted (gold) pairs precision (recall) is 1.0: nothing claimed, nothing wrong.
- **B-cubed** (Bagga & Baldwin 1998): per item, precision is the share of its predicted cluster that shares
  its gold cluster, recall the share of its gold cluster found in its predicted cluster; averaged over items.

``measure_fusion`` runs the full path (article -> extraction -> fusion) on a reports file; the gold-event
variant ``measure_fusion_gold`` fuses events built from the gold fields alone, testing only the clustering.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sitrep.analysis.fusion import fuse_events
from sitrep.errors import EvalError
from sitrep.models import Article, Event, Evidence, Location, Party, content_hash

Clustering = Mapping[str, Any] | Iterable[Iterable[str]]


def _labels(clustering: Clustering) -> dict[str, Any]:
    if isinstance(clustering, Mapping):
        return dict(clustering)
    out: dict[str, Any] = {}
    for i, cluster in enumerate(clustering):
        for item in cluster:
            out[str(item)] = i
    return out


def _prf(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    precision = tp / n_pred if n_pred else 1.0
    recall = tp / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate_fusion(predicted_clusters: Clustering, gold_clusters: Clustering) -> dict[str, Any]:
    """Pairwise and B-cubed scores of a predicted clustering against gold (see the module docstring)."""
    gold = _labels(gold_clusters)
    raw_pred = _labels(predicted_clusters)
    pred = {item: raw_pred.get(item, ("singleton", item)) for item in gold}

    gold_groups: dict[Any, set[str]] = defaultdict(set)
    pred_groups: dict[Any, set[str]] = defaultdict(set)
    for item in gold:
        gold_groups[gold[item]].add(item)
        pred_groups[pred[item]].add(item)

    def pairs(groups: dict[Any, set[str]]) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for members in groups.values():
            ms = sorted(members)
            out.update((a, b) for i, a in enumerate(ms) for b in ms[i + 1 :])
        return out

    gp, pp = pairs(gold_groups), pairs(pred_groups)
    tp = len(gp & pp)
    pairwise = {**_prf(tp, len(pp), len(gp)), "tp": tp, "fp": len(pp - gp), "fn": len(gp - pp)}

    n = len(gold)
    b_p = b_r = 0.0
    for item in gold:
        same_pred = pred_groups[pred[item]]
        same_gold = gold_groups[gold[item]]
        overlap = len(same_pred & same_gold)
        b_p += overlap / len(same_pred)
        b_r += overlap / len(same_gold)
    if n:
        precision, recall = b_p / n, b_r / n
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        bcubed = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
    else:
        bcubed = _prf(0, 0, 0)
    return {
        "items": n,
        "gold_clusters": len(gold_groups),
        "predicted_clusters": len(pred_groups),
        "pairwise": pairwise,
        "bcubed": bcubed,
    }


# --- reports files ---------------------------------------------------------------------------------------


def read_reports(path: str | Path) -> list[dict[str, Any]]:
    """The records of a reports JSONL file (each an article record plus a gold ``cluster``)."""
    records = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalError(f"cannot read {path}: {exc}") from exc
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{lineno}: bad JSON: {exc.msg}") from exc
        if "cluster" not in rec:
            raise EvalError(f"{path}:{lineno}: record has no gold 'cluster'")
        rec.setdefault("id", content_hash(rec.get("text") or line))
        records.append(rec)
    return records


def _gold(rec: Mapping[str, Any]) -> Mapping[str, Any]:
    """The gold fields of a report: under ``gold`` if nested, else at the top level."""
    nested = rec.get("gold")
    return nested if isinstance(nested, Mapping) else rec


def _party(value: Any) -> Party:
    if isinstance(value, Mapping):
        return Party.from_dict(dict(value))
    return Party(text=str(value))


def gold_event(rec: Mapping[str, Any]) -> Event | None:
    """An Event built from a report's gold fields only (type, date, place, actors, figures)."""
    g = _gold(rec)
    etype = g.get("event_type") or g.get("type")
    if not etype:
        return None
    loc = g.get("location")
    location = None
    if isinstance(loc, Mapping):
        location = Location.from_dict({"text": loc.get("name") or "", "name": loc.get("name") or "", **loc})
    elif g.get("city") or g.get("country"):
        name = str(g.get("city") or g.get("country"))
        location = Location(
            text=name,
            name=name,
            country=g.get("country"),
            lat=g.get("lat"),
            lon=g.get("lon"),
            precision="city" if g.get("city") else "country",
        )
    text = rec.get("title") or rec.get("text") or ""
    return Event(
        article_id=str(rec["id"]),
        event_type=str(etype).upper(),
        evidence=Evidence(sentence=text[:200], start=0, end=min(len(text), 200)),
        actors=[_party(p) for p in g.get("actors") or []],
        recipients=[_party(p) for p in g.get("recipients") or []],
        date=g.get("date") or (rec.get("published") or "")[:10] or None,
        location=location,
        dead=g.get("dead"),
        injured=g.get("injured"),
        confidence=1.0,
    )


def _meta(records: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        str(r["id"]): {"source": r.get("source"), "url": r.get("url"), "published": r.get("published")}
        for r in records
    }


def _report_clusters(
    records: list[dict[str, Any]], events_by_report: dict[str, list[Event]]
) -> dict[str, Any]:
    """Cluster per report: the fused cluster of the report's main event (or a singleton)."""
    events = [e for evs in events_by_report.values() for e in evs]
    fused = fuse_events(events, article_meta=_meta(records))
    cluster_of = {s.event_id: f.event.id for f in fused for s in f.sources}
    labels: dict[str, Any] = {}
    for rec in records:
        rid = str(rec["id"])
        evs = events_by_report.get(rid) or []
        if not evs:
            labels[rid] = ("singleton", rid)
            continue
        gold_type = str(_gold(rec).get("event_type") or _gold(rec).get("type") or "").upper()
        typed = [e for e in evs if e.event_type == gold_type] or evs
        main = min(typed, key=lambda e: (-e.confidence, e.id))
        labels[rid] = cluster_of[main.id]
    return labels


def measure_fusion_gold(reports_path: str | Path) -> dict[str, Any]:
    """Fusion scores when every report yields exactly its gold event: the clustering logic alone."""
    records = read_reports(reports_path)
    by_report: dict[str, list[Event]] = {}
    for rec in records:
        ev = gold_event(rec)
        by_report[str(rec["id"])] = [ev] if ev else []
    gold = {str(r["id"]): r["cluster"] for r in records}
    return evaluate_fusion(_report_clusters(records, by_report), gold)


def measure_fusion(reports_path: str | Path, extract: Callable[[Article], list[Event]]) -> dict[str, Any]:
    """End-to-end fusion scores: extract every report with ``extract``, fuse, compare with gold clusters.

    A report's predicted cluster is that of its main event: the most confident event of the gold type if it
    has one, else its most confident event; a report with no event is a singleton (counted in
    ``reports_without_events``).
    """
    records = read_reports(reports_path)
    by_report: dict[str, list[Event]] = {}
    for rec in records:
        article = Article.from_dict({k: v for k, v in rec.items() if k not in ("cluster", "gold")})
        by_report[str(rec["id"])] = list(extract(article))
    gold = {str(r["id"]): r["cluster"] for r in records}
    result = evaluate_fusion(_report_clusters(records, by_report), gold)
    result["reports_without_events"] = sum(1 for evs in by_report.values() if not evs)
    return result
