"""The real pipeline on the shared sample article (skips when ../shared is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "seed" / "gold.json"


@pytest.mark.model
@pytest.mark.skipif(not SEED.is_file(), reason="../shared/gold/seed is absent")
def test_pipeline_meets_the_sample_article_gold() -> None:
    from sitrep.evaluation.seed import evaluate_seed
    from sitrep.pipeline import load_pipeline

    report = evaluate_seed(SEED, load_pipeline().extract_many)
    assert report.missing_required == []
    assert len(report.extra) <= 3, [e.evidence for e in report.extra]
    assert report.violations == []
