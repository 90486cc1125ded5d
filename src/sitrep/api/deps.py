"""Dependencies shared by the routers: the store, the settings, the write lock, the lazy pipeline, auth.

Everything hangs off ``app.state`` (set by ``create_app``), never off module globals, so two apps over
two stores can live in one process (tests do this).
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from sitrep.api.errors import ApiError
from sitrep.api.settings import Extractor, Settings
from sitrep.store import Store


@dataclass
class AppState:
    """What one app owns: its store and settings, plus the pipeline once a write has needed it."""

    settings: Settings
    store: Store
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    pipeline_lock: threading.Lock = field(default_factory=threading.Lock)
    pipeline: Extractor | None = None

    def get_pipeline(self) -> Extractor:
        """Load the pipeline on first use (seconds: spaCy and the classifier), once, even under races."""
        if self.pipeline is None:
            with self.pipeline_lock:
                if self.pipeline is None:
                    self.pipeline = self.settings.pipeline_factory()
        return self.pipeline


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.sitrep
    return state


def get_store(state: Annotated[AppState, Depends(get_state)]) -> Store:
    return state.store


def get_settings(state: Annotated[AppState, Depends(get_state)]) -> Settings:
    return state.settings


def require_write_token(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> None:
    """Writes need ``Authorization: Bearer <token>`` when a token is configured; 401 otherwise."""
    if settings.api_token is None:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), settings.api_token.encode()):
        raise ApiError(401, "invalid bearer token", headers={"WWW-Authenticate": "Bearer"})


def get_pipeline_loader(state: Annotated[AppState, Depends(get_state)]) -> Callable[[], Extractor]:
    """A loader rather than the pipeline itself: the route calls it only once the request is known good,
    so a malformed or unauthorized POST never pays for loading spaCy."""
    return state.get_pipeline


StateDep = Annotated[AppState, Depends(get_state)]
StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
PipelineLoaderDep = Annotated[Callable[[], Extractor], Depends(get_pipeline_loader)]
WriteAuth = Depends(require_write_token)
