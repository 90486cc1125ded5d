"""Training examples and the held-out set: coverage, no duplicates, no leak from ../shared, fresh artifact.

The shared evaluation data is read at test time only (never copied), and the leak checks skip when
../shared is absent.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from sitrep.ontology import load_ontology

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
PACKAGE = Path(str(resources.files("sitrep.resources")))
EXAMPLES = PACKAGE / "training" / "examples.jsonl"
CARD = PACKAGE / "models" / "event_classifier.json"
ARRAYS = PACKAGE / "models" / "event_classifier.npz"
HELDOUT = ROOT / "tests" / "data" / "heldout" / "heldout.jsonl"
MIN_PER_TYPE = 40
# Fragments this short ("Police said.") can recur by chance; they are not copied sentences.
MIN_WORDS = 5


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])[\"”’']?\s+", text)


def normalize(sentence: str) -> str:
    """Case, punctuation and spacing do not make a copied sentence new."""
    return " ".join(re.sub(r"[^\w]+", " ", sentence.lower()).split())


def sentence_set(texts: list[str]) -> set[str]:
    return {n for t in texts for s in _sentences(t) if len((n := normalize(s)).split()) >= MIN_WORDS}


def _shared_sentences() -> set[str]:
    files = [SHARED / "data" / "plover_gsr" / "plover_gsr_events.jsonl"]
    files += sorted((SHARED / "data" / "event_location").glob("*.jsonl"))
    texts = [row["text"] for path in files if path.is_file() for row in _rows(path)]
    article = SHARED / "gold" / "seed" / "article.txt"
    if article.is_file():
        texts.append(article.read_text(encoding="utf-8"))
    return sentence_set(texts)


@pytest.fixture(scope="module")
def shared() -> set[str]:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    found = _shared_sentences()
    if not found:
        pytest.skip("../shared holds none of the evaluation files")
    return found


@pytest.fixture(scope="module")
def examples() -> list[dict]:
    return _rows(EXAMPLES)


def test_normalize_ignores_case_punctuation_and_spacing() -> None:
    assert normalize('  "Troops  withdrew," officials SAID. ') == normalize("troops withdrew officials said")
    assert sentence_set(["Rebels shelled the town on Monday. Few left."]) == {
        "rebels shelled the town on monday"
    }


def test_examples_cover_every_plover_type_and_none(examples: list[dict]) -> None:
    counts = Counter(row["event_type"] for row in examples)
    types = set(load_ontology().event_types)
    assert len(types) == 16
    assert set(counts) == types | {"NONE"}
    thin = {t: n for t, n in counts.items() if n < MIN_PER_TYPE}
    assert thin == {}, f"types with fewer than {MIN_PER_TYPE} examples"


def test_examples_are_well_formed(examples: list[dict]) -> None:
    for row in examples:
        assert row["text"].strip(), row
        if row["event_type"] == "NONE":
            assert row.get("trigger") is None, row["text"]
            continue
        assert row["trigger"] and row["trigger"] in row["text"], row["text"]


def test_examples_have_no_duplicates(examples: list[dict]) -> None:
    seen = Counter(normalize(row["text"]) for row in examples)
    assert [t for t, n in seen.items() if n > 1] == []


def test_examples_share_no_sentence_with_the_shared_data(examples: list[dict], shared: set[str]) -> None:
    leaked = sorted(sentence_set([row["text"] for row in examples]) & shared)
    assert leaked == [], f"{len(leaked)} training sentences appear in ../shared, e.g. {leaked[:3]}"


def test_heldout_shares_no_sentence_with_training_examples(examples: list[dict]) -> None:
    heldout = _rows(HELDOUT)
    assert heldout
    overlap = sorted(sentence_set([r["text"] for r in heldout]) & sentence_set([r["text"] for r in examples]))
    assert overlap == [], f"held-out sentences also used for training: {overlap[:3]}"


def test_heldout_shares_no_sentence_with_the_shared_data(shared: set[str]) -> None:
    leaked = sorted(sentence_set([r["text"] for r in _rows(HELDOUT)]) & shared)
    assert leaked == [], f"held-out sentences copied from ../shared: {leaked[:3]}"


def test_the_classifier_was_trained_on_the_current_examples() -> None:
    card = json.loads(CARD.read_text(encoding="utf-8"))
    digest = hashlib.sha256(EXAMPLES.read_bytes()).hexdigest()
    assert card["examples_sha256"] == digest, (
        "src/sitrep/resources/models/event_classifier.* is stale: examples.jsonl changed since it was "
        "trained; retrain with `make train`"
    )


def test_the_classifier_card_matches_its_arrays(examples: list[dict]) -> None:
    card = json.loads(CARD.read_text(encoding="utf-8"))
    assert card["examples"] == len(examples)
    assert set(card["classes"]) == set(load_ontology().event_types) | {"NONE"}
    arrays = np.load(ARRAYS)
    n_classes, n_features = arrays["weights"].shape
    assert n_classes == len(card["classes"]) == arrays["bias"].shape[0]
    assert n_features == 384 + len(card["vocabulary"])  # MiniLM embedding + verb one-hot


@pytest.mark.model
def test_a_sentence_gets_the_same_vector_whatever_else_is_embedded_with_it() -> None:
    from sitrep.resources.classifier import embed

    sentence = "Rebels shelled the airport in Goma on Tuesday, the army said."
    alone = embed([sentence])[0]
    neighbours = [
        "Talks resumed.",
        "Rebels shelled the port in Goma on Monday, the navy said.",  # as many pieces: one batch
        "A much longer sentence about the ceasefire talks in Doha and the prisoners both sides still hold.",
    ]
    together = embed([neighbours[0], sentence, *neighbours[1:]])[1]
    assert np.array_equal(alone, together)
