"""nonpolitical: conflict verbs borrowed by nature, sport and accidents make no event (real pipeline)."""

from __future__ import annotations

import pytest

from sitrep.models import Article
from sitrep.pipeline import Pipeline

pytestmark = pytest.mark.model


def run(pipeline: Pipeline, text: str) -> list[str]:
    return [e.event_type for e in pipeline.extract(Article(text=text, published="2021-03-10")).events]


@pytest.mark.parametrize(
    "sentence",
    [
        "In the north, locusts have invaded thousands of hectares of farmland.",
        "Eleven miners died when a gas explosion tore through the pit.",
        "Salah struck twice as Liverpool beat Chelsea 3-1 at Anfield.",
        "A minibus overturned on the highway, killing seven passengers.",
    ],
)
def test_conflict_verbs_in_nature_sport_and_accidents_are_not_events(
    pipeline: Pipeline, sentence: str
) -> None:
    assert run(pipeline, sentence) == []


def test_deaths_when_forces_open_fire_are_still_an_attack(pipeline: Pipeline) -> None:
    assert "ASSAULT" in run(
        pipeline, "Three protesters died when soldiers opened fire on the march in Khartoum."
    )
