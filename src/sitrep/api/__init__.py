"""The REST API and dashboard behind ``sitrep serve``.

Build an app with ``create_app(settings, store)``: no import-time globals, so tests (and embedders) can
serve any store, e.g. a temporary SQLite file, and two apps can coexist in one process.

>>> from sitrep.store import open_store
>>> app = create_app(Settings(), open_store(":memory:"))  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from sitrep import __version__
from sitrep.api.deps import AppState
from sitrep.api.errors import install_error_handlers
from sitrep.api.routers import actors, alerts, articles, events, meta, network, report
from sitrep.api.schemas import ErrorOut, Ok
from sitrep.api.settings import Extractor, Settings
from sitrep.store import Store

__all__ = ["Extractor", "Settings", "create_app", "web_dir"]

# Only what a browser on a closed network may load: this server, nothing else.
DASHBOARD_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in ((404, "Not found"), (422, "Invalid request"))
}


def web_dir() -> Path:
    """The static dashboard (index.html, app.js, app.css), shipped as package data."""
    return Path(str(files("sitrep") / "web"))


def create_app(settings: Settings | None, store: Store) -> FastAPI:
    """A FastAPI app serving ``store``. ``settings`` None means ``Settings.from_env()``.

    The caller owns the store (and closes it); the app never opens or closes one.
    """
    settings = settings or Settings.from_env()
    app = FastAPI(
        title=f"{settings.title} API",
        version=__version__,
        description="PLOVER-coded conflict events extracted from news, fused across outlets, with actors, "
        "faction network, escalation alerts and situation reports. Every error is "
        '`{"ok": false, "error": "one line", "status": 4xx}`.',
        # Swagger UI and ReDoc load their scripts from a CDN, which a closed network cannot reach.
        docs_url=None,
        redoc_url=None,
        responses=ERROR_RESPONSES,
    )
    app.state.sitrep = AppState(settings=settings, store=store)
    install_error_handlers(app)
    for module in (events, actors, network, alerts, report, articles, meta):
        app.include_router(module.router)

    @app.get("/healthz", response_model=Ok, tags=["meta"], summary="Liveness check")
    def healthz() -> Ok:
        return Ok()

    static = web_dir()

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(static / "index.html", headers={"Content-Security-Policy": DASHBOARD_CSP})

    app.mount("/static", StaticFiles(directory=static), name="static")
    return app
