"""open_store(): URL resolution, SQLite settings and one-line errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sitrep.errors import StoreError
from sitrep.store import open_store
from sitrep.store.url import resolve


def test_bare_path_is_an_absolute_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = resolve("data.db")
    assert target.backend == "sqlite"
    assert target.path == tmp_path / "data.db"
    assert not target.memory


def test_sqlite_urls(tmp_path: Path) -> None:
    assert resolve(f"sqlite:///{tmp_path}/a.db").path == tmp_path / "a.db"
    for memory in (":memory:", "sqlite://", "sqlite:///:memory:"):
        assert resolve(memory).memory, memory


def test_postgres_urls_use_psycopg3() -> None:
    for raw in ("postgresql://u:pw@db.example:5433/x", "postgres://u:pw@db.example:5433/x"):
        target = resolve(raw)
        assert target.url.drivername == "postgresql+psycopg"
        assert target.url.port == 5433
        assert "pw" not in target.display


def test_env_var_then_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SITREP_DB", str(tmp_path / "from-env.db"))
    assert resolve().path == tmp_path / "from-env.db"
    assert resolve("explicit.db").path == tmp_path / "explicit.db"
    monkeypatch.delenv("SITREP_DB")
    assert resolve().path == tmp_path / "sitrep.db"


def test_missing_directory_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "nope" / "x.db"
    with pytest.raises(StoreError) as err:
        open_store(str(bad))
    assert str(err.value) == f"cannot open database {bad}: directory does not exist"


def test_directory_and_non_database_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        open_store(str(tmp_path))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database " * 200)
    with pytest.raises(StoreError, match=r"cannot open database .*junk\.db: file is not a database"):
        open_store(str(junk))


def test_unsupported_scheme() -> None:
    with pytest.raises(StoreError, match="unsupported database URL scheme 'mysql'"):
        open_store("mysql://localhost/x")


def test_unreachable_postgres_hides_the_password() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError) as err:
        open_store(f"postgresql://user:s3cret@127.0.0.1:{port}/x")
    message = str(err.value)
    assert message.startswith(f"cannot open database postgresql://user:***@127.0.0.1:{port}/x: ")
    assert "s3cret" not in message
    assert "\n" not in message


def test_sqlite_file_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_url_reopens_the_same_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = open_store("rel.db")
    monkeypatch.chdir("/")
    second = open_store(first.url)  # workers in another directory must reach the same file
    assert second.url == first.url == f"sqlite:///{tmp_path}/rel.db"
    first.close()
    second.close()


def test_in_memory_store_keeps_its_data_across_calls() -> None:
    from store_factories import result

    store = open_store(":memory:")
    store.save([result("Rebel fighters attacked a base.", "Rebel fighters attacked a base.")])
    assert store.counts() == {"articles": 1, "events": 1, "fused_events": 0}
    store.close()
