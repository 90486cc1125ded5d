"""The real pipeline, loaded once for the model tests of this directory."""

from __future__ import annotations

import pytest

from sitrep.pipeline import Pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    from sitrep.pipeline import load_pipeline

    return load_pipeline()
