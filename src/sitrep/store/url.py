"""Turn what a user types for ``--db`` / ``SITREP_DB`` into a SQLAlchemy URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from sitrep.errors import StoreError

DEFAULT_DB = "sitrep.db"
ENV_VAR = "SITREP_DB"
_MEMORY = {":memory:", "sqlite://", "sqlite:///:memory:"}


@dataclass(frozen=True)
class DbTarget:
    url: URL
    path: Path | None = None  # the SQLite file; None for in-memory and PostgreSQL

    @property
    def backend(self) -> str:
        return self.url.get_backend_name()

    @property
    def memory(self) -> bool:
        return self.backend == "sqlite" and self.path is None

    @property
    def display(self) -> str:
        """The URL without its password, for messages."""
        if self.path is not None:
            return str(self.path)
        return self.url.render_as_string(hide_password=True).replace(
            "postgresql+psycopg://", "postgresql://", 1
        )


def resolve(url: str | None = None) -> DbTarget:
    """Explicit argument, else ``$SITREP_DB``, else ``sitrep.db`` in the current directory."""
    raw = url if url is not None else os.environ.get(ENV_VAR) or DEFAULT_DB
    raw = raw.strip()
    if not raw:
        raise StoreError("empty database URL")
    if raw in _MEMORY:
        return DbTarget(make_url("sqlite://"))
    if "://" not in raw:
        return _sqlite_file(raw)
    scheme = raw.split("://", 1)[0].lower()
    if scheme == "sqlite":
        try:
            database = make_url(raw).database
        except ArgumentError as exc:
            raise StoreError(f"bad database URL {raw!r}: {exc}") from exc
        return (
            DbTarget(make_url("sqlite://"))
            if not database or database == ":memory:"
            else _sqlite_file(database)
        )
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        try:
            parsed = make_url("postgresql+psycopg://" + raw.split("://", 1)[1])
        except ArgumentError as exc:
            raise StoreError(f"bad database URL: {exc}") from exc
        return DbTarget(parsed)
    raise StoreError(
        f"unsupported database URL scheme {scheme!r}; use a path, sqlite:///PATH or postgresql://..."
    )


def _sqlite_file(raw: str) -> DbTarget:
    path = Path(raw).expanduser().absolute()
    if path.is_dir():
        raise StoreError(f"cannot open database {path}: it is a directory")
    if not path.parent.is_dir():
        raise StoreError(f"cannot open database {path}: directory does not exist")
    return DbTarget(URL.create("sqlite", database=str(path)), path=path)
