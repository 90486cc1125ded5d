"""Generic fixtures: a PostgreSQL server for the session, and a ``store`` on each backend.

The server comes from scripts/pg-cluster.sh (a throwaway cluster on a free port). Set
SITREP_SKIP_POSTGRES=1 to skip PostgreSQL tests; otherwise a server that fails to start is an error,
not a skip, so CI cannot go green without exercising PostgreSQL.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.store import Store, open_store

PG_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pg-cluster.sh"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def free_port() -> int:
    """A loopback port nothing listens on right now, for servers a test starts."""
    return _free_port()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a PostgreSQL server started for this test session (database ``sitrep_test``)."""
    if os.environ.get("SITREP_SKIP_POSTGRES") == "1":
        pytest.skip("PostgreSQL tests skipped: SITREP_SKIP_POSTGRES=1")
    # Under /tmp, not pytest's 0700 tmp dir: the server runs as the postgres user and must reach it.
    cluster_dir = tempfile.mkdtemp(prefix="sitrep-pg-")
    proc = subprocess.run(
        ["bash", str(PG_SCRIPT), "start", cluster_dir, str(_free_port())],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if proc.returncode != 0:
        subprocess.run(["bash", str(PG_SCRIPT), "stop", cluster_dir], capture_output=True, check=False)
        raise RuntimeError(f"could not start PostgreSQL with {PG_SCRIPT}:\n{proc.stderr[-3000:]}")
    try:
        yield proc.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(PG_SCRIPT), "stop", cluster_dir], capture_output=True, check=False)


@pytest.fixture
def postgres_db_url(postgres_url: str) -> Iterator[str]:
    """A URL whose connections see only a fresh, empty schema: one isolated database per test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    try:
        yield f"{postgres_url}?options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty database on each backend (SQLite file, PostgreSQL schema)."""
    if request.param == "sqlite":
        return str(tmp_path / "sitrep.db")
    return str(request.getfixturevalue("postgres_db_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open, migrated, empty store on each backend."""
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()
