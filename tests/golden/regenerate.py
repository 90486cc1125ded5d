"""Write tests/golden/demo_events.jsonl: the pipeline's events on the demo corpus (demo/articles/*.jsonl).

    python tests/golden/regenerate.py

Run it after a deliberate change to the rules, the lexicon, the classifier or the spaCy model, then
review the diff of demo_events.jsonl before committing it. The first line pins what the output depends
on (spaCy model version, classifier training data, sitrep version); test_golden.py refuses to compare
against a file made with different ones.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GOLDEN = HERE / "demo_events.jsonl"
DEMO = ROOT / "demo" / "articles"


def header() -> dict[str, Any]:
    """What the golden output depends on, as installed now."""
    from importlib.metadata import version

    import sitrep
    from sitrep.pipeline.resources import SPACY_MODEL
    from sitrep.resources.classifier import CARD, _model_dir

    card = json.loads((_model_dir() / CARD).read_text(encoding="utf-8"))
    return {
        "spacy_model": f"{SPACY_MODEL}=={version(SPACY_MODEL)}",
        "classifier_examples_sha256": card["examples_sha256"],
        "sitrep": sitrep.__version__,
    }


def demo_articles() -> list[Any]:
    from sitrep.ingest import BadInput, read_articles

    articles = []
    for item in read_articles([str(DEMO)]):
        if isinstance(item, BadInput):
            raise SystemExit(f"demo corpus has a bad input: {item}")
        articles.append(item)
    return sorted(articles, key=lambda a: a.id)


def event_rows() -> list[dict[str, Any]]:
    """One row per event, in article order then text order; only the fields worth pinning."""
    from sitrep.pipeline import load_pipeline

    rows = []
    for result in load_pipeline().extract_many(demo_articles()):
        for event in result.events:
            rows.append(
                {
                    "article": result.article.id,
                    "event_type": event.event_type,
                    "actors": sorted(p.name or p.text for p in event.actors),
                    "recipients": sorted(p.name or p.text for p in event.recipients),
                    "date": event.date,
                    "location": event.location.name if event.location else None,
                    "dead": event.dead,
                    "injured": event.injured,
                    "trigger": event.evidence.trigger.text if event.evidence.trigger else None,
                }
            )
    return rows


def dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=False)


def main() -> None:
    lines = [dumps(header())] + [dumps(row) for row in event_rows()]
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 1} events to {GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
