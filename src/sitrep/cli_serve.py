"""``sitrep serve``: the REST API and the offline dashboard, run by uvicorn."""

from __future__ import annotations

import click

from sitrep.api.settings import TOKEN_ENV


@click.command("serve")
@click.option(
    "--db",
    "db",
    metavar="URL",
    envvar="SITREP_DB",
    show_envvar=True,
    help="Database: a file path, sqlite:///PATH or postgresql://... [default: sitrep.db]",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True, help="TCP port."
)
def serve_command(db: str | None, host: str, port: int) -> None:
    """Serve the REST API (OpenAPI at /openapi.json) and the web dashboard at /.

    The dashboard works offline: no CDN, fonts or map tiles. When $SITREP_API_TOKEN is set, writes
    (POST /api/articles) need "Authorization: Bearer <token>". The extraction models load on
    the first POST, so a read-only server starts fast. Listening on anything but 127.0.0.1
    exposes the data to the network: set a token first.

    Example:

    \b
        sitrep serve --db sitrep.db
        SITREP_API_TOKEN=secret sitrep serve --host 0.0.0.0 --port 8080
    """
    import uvicorn

    from sitrep.api import Settings, create_app
    from sitrep.store import open_store

    settings = Settings.from_env()
    store = open_store(db)
    try:
        if host not in ("127.0.0.1", "localhost", "::1") and settings.api_token is None:
            click.echo(f"warning: serving on {host} without {TOKEN_ENV}: anyone can write", err=True)
        click.echo(f"sitrep: serving {store.backend} database on http://{host}:{port}/", err=True)
        uvicorn.run(create_app(settings, store), host=host, port=port, log_level="info")
    finally:
        store.close()
