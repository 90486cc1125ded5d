"""The Ray engine stores exactly what the local engine stores, on a real local Ray runtime."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitrep.engine import get_engine
from sitrep.engine.local import ingest as local_ingest
from sitrep.store import EventQuery, open_store

pytestmark = [pytest.mark.ray, pytest.mark.model]

# Invented reports, written for this test.
ARTICLES = [
    {
        "id": "r1",
        "title": "Shelling hits market town",
        "text": (
            "Rebel gunners shelled the market in Benghazi on Tuesday, killing five civilians and wounding"
            " twelve.\n\nThe army said it would respond. Local officials closed the schools."
        ),
        "published": "2014-05-21",
        "source": "Harbour Courier",
    },
    {
        "id": "r2",
        "title": "Talks in the capital",
        "text": (
            "The prime minister met tribal elders in Tripoli on Monday to discuss a ceasefire.\n\n"
            "Both sides agreed to exchange prisoners next week."
        ),
        "published": "2014-05-20",
        "source": "Desert Ledger",
    },
    {
        "id": "r3",
        "title": "Protest outside parliament",
        "text": (
            "Hundreds of students protested outside the parliament building in Tripoli on Sunday,"
            " demanding new elections. Police arrested nine demonstrators."
        ),
        "published": "2014-05-19",
        "source": "Harbour Courier",
    },
    {
        "id": "r4",
        "title": "Convoy ambushed",
        "text": (
            "Gunmen ambushed an army convoy near Sirte, killing three soldiers.\n\n"
            "No group claimed the attack. The defence ministry sent reinforcements to the area."
        ),
        "published": "2014-05-22",
        "source": "Desert Ledger",
    },
]


def stored(url: str) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:
    store = open_store(url)
    try:
        events = {e.id: e.to_dict() for e in store.iter_events(EventQuery(limit=None))}
        return store.counts(), events
    finally:
        store.close()


def test_ray_engine_stores_what_the_local_engine_stores(tmp_path: Path) -> None:
    import ray

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    local_db, ray_db = str(tmp_path / "local.db"), str(tmp_path / "ray.db")

    store = open_store(local_db)
    local = local_ingest([str(feed)], store=store, workers=1)
    store.close()

    store = open_store(ray_db)
    ray_ingest = get_engine("ray")
    remote = ray_ingest([str(feed)], store=store, workers=2, batch_size=2)
    assert not ray.is_initialized()  # the runtime it started is shut down
    again = ray_ingest([str(feed)], store=store, workers=2)  # nothing new: Ray is not even started
    store.close()

    assert (remote.read, remote.stored, remote.skipped, remote.events) == (4, 4, 0, local.events)
    assert (again.stored, again.unchanged, again.events) == (0, 4, 0)
    local_counts, local_events = stored(local_db)
    ray_counts, ray_events = stored(ray_db)
    assert local_events, "the pipeline found no event in the test articles"
    assert ray_counts == local_counts
    assert ray_events.keys() == local_events.keys()
    assert ray_events == local_events


def test_ray_engine_joins_a_running_cluster_and_leaves_it_up(tmp_path: Path) -> None:
    """Through the CLI in its own process, as a user would: Ray keeps per-process settings across sessions."""
    import os
    import subprocess
    import sys

    from sitrep.bench import RAY_BENCH_ENV, ray_cluster

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in ARTICLES[:2]) + "\n", encoding="utf-8")
    local_db, ray_db = str(tmp_path / "local.db"), str(tmp_path / "ray.db")
    store = open_store(local_db)
    local_ingest([str(feed)], store=store, workers=1)
    store.close()

    cli = [sys.executable, "-c", "from sitrep.cli import main; main()"]
    env = {**os.environ, **RAY_BENCH_ENV}
    with ray_cluster(1) as address:
        # two workers asked of a one-CPU cluster: the pool shrinks to fit rather than wait for a CPU
        ingest = [*cli, "ingest", str(feed), "--db", ray_db, "--engine", "ray", "--ray-address", address]
        ingest += ["--workers", "2"]
        first = subprocess.run(ingest, env=env, capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stderr[-500:]
        # the run only disconnected: a second client still finds the cluster's CPU
        probe = "import ray, sys; ray.init(address=sys.argv[1]); print(ray.cluster_resources().get('CPU'))"
        alive = subprocess.run(
            [sys.executable, "-c", probe, address], env=env, capture_output=True, text=True, timeout=120
        )
        assert alive.stdout.strip().splitlines()[-1] == "1.0", alive.stderr[-500:]

    assert "2 stored" in first.stdout
    assert stored(ray_db) == stored(local_db)


class _Scrambled:
    """A stand-in for the Ray dispatcher that finishes chunks newest first, with one actor slot of 3."""

    PER_ACTOR = 3

    def __init__(self) -> None:
        self.load = {"actor": 0}
        self.running: dict[int, tuple[int, Any]] = {}

    def can_take(self) -> bool:
        return self.load["actor"] < self.PER_ACTOR

    def submit(self, index: int, chunk: list[Any]) -> None:
        self.load["actor"] += 1
        self.running[index] = (index, chunk)

    def next_finished(self) -> tuple[int, list[Any]]:
        index = max(self.running)
        self.load["actor"] -= 1
        _, chunk = self.running.pop(index)
        return index, chunk


def test_results_come_back_in_input_order_whatever_order_chunks_finish_in() -> None:
    from sitrep.engine.ray import _in_order

    dispatcher = _Scrambled()
    chunks = [[f"a{i}", f"b{i}"] for i in range(10)]
    assert list(_in_order(dispatcher, iter(chunks))) == chunks  # type: ignore[arg-type]
    assert not dispatcher.running


def test_an_address_nothing_listens_at_fails_fast_with_one_clear_error(tmp_path: Path) -> None:
    import socket

    from sitrep.errors import EngineError

    with socket.socket() as probe:  # a free port, closed again: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(ARTICLES[0]) + "\n", encoding="utf-8")
    store = open_store(str(tmp_path / "ray.db"))
    try:
        with pytest.raises(EngineError, match=f"no Ray cluster answers at 127.0.0.1:{port}"):
            get_engine("ray")([str(feed)], store=store, workers=1, ray_address=f"127.0.0.1:{port}")
        assert store.counts()["articles"] == 0
    finally:
        store.close()
