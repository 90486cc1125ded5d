"""Fixtures for the API tests: a store filled with the invented scenario, and a client over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_scenario import FakeExtractor, Loader, fill, scenario
from fastapi.testclient import TestClient

from sitrep.api import Settings, create_app
from sitrep.store import Store, open_store


@pytest.fixture
def filled_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(str(tmp_path / "api.db"))
    try:
        fill(store, scenario())
        yield store
    finally:
        store.close()


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(str(tmp_path / "empty.db"))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def loader() -> Loader:
    return Loader(FakeExtractor())


@pytest.fixture
def client(filled_store: Store, loader: Loader) -> TestClient:
    return TestClient(create_app(Settings(pipeline_factory=loader), filled_store))
