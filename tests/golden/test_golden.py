"""Golden file: the pipeline's events on the demo corpus, pinned to the model and classifier versions.

Predictions drift when the model or the training data change, so the golden file records both; a
mismatch fails loudly with the command to regenerate, instead of a confusing diff (or a test someone
comments out, as happened to textacy's).
"""

from __future__ import annotations

import difflib
import json

import pytest
from regenerate import GOLDEN, dumps, event_rows, header

REGENERATE = "python tests/golden/regenerate.py"

pytestmark = pytest.mark.model


def _golden() -> tuple[dict, list[str]]:
    if not GOLDEN.is_file():
        pytest.fail(f"{GOLDEN.name} is missing: create it with `{REGENERATE}`")
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    return json.loads(lines[0]), lines[1:]


def test_golden_file_was_made_with_the_installed_model_and_classifier() -> None:
    pinned, _ = _golden()
    current = header()
    for key in ("spacy_model", "classifier_examples_sha256"):
        assert pinned.get(key) == current[key], (
            f"{GOLDEN.name} was made with {key}={pinned.get(key)!r}, but {current[key]!r} is installed. "
            f"Predictions are expected to change: rerun `{REGENERATE}`, review the diff and commit it."
        )


def test_demo_events_match_the_golden_file() -> None:
    pinned, expected = _golden()
    current = header()
    if any(pinned.get(k) != current[k] for k in ("spacy_model", "classifier_examples_sha256")):
        pytest.fail(f"{GOLDEN.name} is pinned to other model versions ({pinned}); rerun `{REGENERATE}`")
    actual = [dumps(row) for row in event_rows()]
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(expected, actual, "golden", "pipeline now", lineterm="", n=1))
        pytest.fail(
            f"the pipeline's events on demo/articles differ from {GOLDEN.name}.\n{diff}\n"
            f"If the change is intended, rerun `{REGENERATE}` and commit the new file."
        )
