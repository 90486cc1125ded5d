"""registry: each stage's requirements must be assigned by an earlier stage."""

from __future__ import annotations

from typing import cast

import pytest

from sitrep.errors import PipelineError
from sitrep.pipeline import DEFAULT_STAGES, Pipeline
from sitrep.pipeline.registry import INITIAL_FIELDS, Stage, check_chain, get_stage, stage
from sitrep.pipeline.resources import Resources

NO_RESOURCES = cast(Resources, None)  # building a Pipeline loads nothing


def _noop(state: object, res: object) -> None:
    return None


def test_the_default_stage_list_is_a_valid_chain() -> None:
    stages = [get_stage(name) for name in DEFAULT_STAGES]
    check_chain(stages)  # does not raise
    assert [s.name for s in Pipeline(NO_RESOURCES).stages] == list(DEFAULT_STAGES)


def test_every_required_field_of_the_default_chain_is_assigned_or_initial() -> None:
    assigned = set(INITIAL_FIELDS)
    for name in DEFAULT_STAGES:
        assigned.update(get_stage(name).assigns)
    required = {field for name in DEFAULT_STAGES for field in get_stage(name).requires}
    assert required <= assigned
    assert "events" in assigned


def test_check_chain_names_the_missing_requirement() -> None:
    chain = [
        Stage("a", _noop, requires=("article",), assigns=("x",)),
        Stage("b", _noop, requires=("x", "y"), assigns=()),
    ]
    with pytest.raises(PipelineError, match=r"E003: stage 'b' requires y"):
        check_chain(chain)


def test_order_matters_in_a_chain() -> None:
    with pytest.raises(PipelineError, match="E003"):
        check_chain([get_stage("parse"), get_stage("clean")])


def test_a_pipeline_without_a_needed_stage_fails_when_built() -> None:
    stages = [s for s in DEFAULT_STAGES if s != "parse"]
    with pytest.raises(PipelineError, match="E003: stage 'focus' requires docs"):
        Pipeline(NO_RESOURCES, stages=stages)


def test_unknown_stage_is_an_error_listing_the_known_ones() -> None:
    with pytest.raises(PipelineError, match=r"E002: unknown stage 'parsee' \(known: .*parse"):
        Pipeline(NO_RESOURCES, stages=["clean", "parsee"])


def test_a_name_cannot_be_registered_for_a_second_function() -> None:
    with pytest.raises(PipelineError, match="E001"):
        stage("clean", requires=["article"], assigns=["paragraphs"])(_noop)
    assert get_stage("clean").func is not _noop
