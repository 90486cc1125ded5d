"""The local ingest engine: counts, idempotence, bad inputs, worker pool == single process."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from fake_pipeline import FakePipeline, load_fake

from sitrep.engine import IngestProgress, get_engine, ingest
from sitrep.engine.local import RssRecorder
from sitrep.errors import InputError, SitrepError
from sitrep.ingest import BadInput
from sitrep.store import EventQuery, open_store

ARTICLES = [
    {
        "id": "a1",
        "title": "Clashes in the capital",
        "text": "Militia fighters attacked a police station in Tripoli, killing 3. Residents fled.",
        "published": "2014-05-18",
        "source": "Wire One",
    },
    {
        "id": "a2",
        "title": "Protest in Benghazi",
        "text": "Students protested outside the university in Benghazi. Shops stayed closed.",
        "published": "2014-05-19",
        "source": "Wire Two",
    },
    {
        "id": "a3",
        "title": "Border incident",
        "text": "Smugglers attacked a border patrol near Cairo, killing 1. The army sent reinforcements.",
        "published": "2014-05-20",
        "source": "Wire One",
    },
]


def write_jsonl(path: Path, records: list[dict[str, object] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three good articles, a malformed line (feed.jsonl:2) and a repeat of the first article."""
    root = tmp_path / "corpus"
    root.mkdir()
    write_jsonl(root / "feed.jsonl", [ARTICLES[0], "{not json", ARTICLES[1]])
    write_jsonl(root / "more.jsonl", [ARTICLES[2], {**ARTICLES[0], "id": "a1-copy"}])
    return root


def test_summary_counts_and_bad_input(corpus: Path, tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    seen: list[IngestProgress] = []
    summary = ingest([str(corpus)], store=store, loader=load_fake, on_progress=seen.append)
    assert (summary.read, summary.stored, summary.unchanged) == (4, 3, 0)
    assert (summary.skipped, summary.duplicates, summary.events) == (1, 1, 3)
    assert len(summary.bad) == 1 and "feed.jsonl:2" in summary.bad[0]
    assert [p.bad for p in seen if p.bad] == summary.bad
    assert seen[-1].stored == 3 and seen[-1].read == 4
    counts = store.counts()
    assert counts["articles"] == 3 and counts["events"] == 3
    store.close()


def test_second_run_is_unchanged(corpus: Path, tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    ingest([str(corpus)], store=store, loader=load_fake)
    before = store.counts()
    FakePipeline.calls = 0
    again = ingest([str(corpus)], store=store, loader=load_fake)
    assert (again.stored, again.unchanged, again.events, again.duplicates) == (0, 3, 0, 1)
    assert FakePipeline.calls == 0  # stored articles are not extracted again
    assert store.counts() == before
    store.close()


def test_fusion_is_refreshed(corpus: Path, tmp_path: Path) -> None:
    if importlib.util.find_spec("sitrep.analysis.fusion") is None:
        pytest.skip("fusion is not in this build")
    store = open_store(str(tmp_path / "s.db"))
    ingest([str(corpus)], store=store, loader=load_fake)
    fused = store.query_fused(EventQuery(limit=None)).events
    assert fused
    assert sorted(s.event_id for fe in fused for s in fe.sources) == sorted(
        e.id for e in store.iter_events(EventQuery(limit=None))
    )
    store.close()


def test_failed_extraction_is_skipped_alone(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "f.jsonl",
        [ARTICLES[0], {"id": "boom", "text": "Something EXPLODE happened here.", "title": "t"}, ARTICLES[1]],
    )
    store = open_store(str(tmp_path / "s.db"))
    summary = ingest([str(path)], store=store, loader=load_fake, batch_size=8)
    assert (summary.stored, summary.skipped, summary.read) == (2, 1, 3)
    assert "extraction failed" in summary.bad[0] and "f.jsonl:2" in summary.bad[0]
    store.close()


def test_bad_published_raises_before_reading(corpus: Path, tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    with pytest.raises(InputError):
        ingest([str(corpus)], store=store, loader=load_fake, published="yesterday")
    assert store.counts()["articles"] == 0
    store.close()


def _events(db: str) -> list[dict[str, object]]:
    store = open_store(db)
    try:
        return sorted(
            (e.to_dict() for e in store.iter_events(EventQuery(limit=None))), key=lambda d: str(d["id"])
        )
    finally:
        store.close()


def test_workers_two_equals_workers_one(corpus: Path, tmp_path: Path) -> None:
    # Enough articles for several chunks in flight, so ordering across workers is exercised.
    many = [
        {**ARTICLES[i % 3], "id": f"n{i}", "text": ARTICLES[i % 3]["text"] + f" Report {i}."}
        for i in range(40)
    ]
    write_jsonl(corpus / "many.jsonl", many)
    summaries = []
    for workers in (1, 2):
        store = open_store(str(tmp_path / f"w{workers}.db"))
        summaries.append(ingest([str(corpus)], store=store, loader=load_fake, workers=workers, batch_size=5))
        store.close()
    one, two = summaries
    assert one.to_dict() | {"elapsed": 0} == two.to_dict() | {"elapsed": 0}
    assert one.stored == 43
    assert _events(str(tmp_path / "w1.db")) == _events(str(tmp_path / "w2.db"))


def test_get_engine() -> None:
    assert get_engine("local") is ingest
    with pytest.raises(SitrepError, match="unknown engine"):
        get_engine("spark")
    if importlib.util.find_spec("sitrep.engine.ray") is None:
        with pytest.raises(SitrepError, match="the ray engine is not available in this build"):
            get_engine("ray")
    else:
        assert callable(get_engine("ray"))


def test_workers_must_be_positive(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    with pytest.raises(ValueError):
        ingest([], store=store, loader=load_fake, workers=0)
    store.close()


class _BrokenInstall:
    def extract(self, article: object) -> object:
        raise ModuleNotFoundError("No module named 'sitrep.missing'")

    def extract_many(self, articles: object, *, batch_size: int = 16) -> object:
        raise ModuleNotFoundError("No module named 'sitrep.missing'")


def test_installation_errors_stop_the_run(corpus: Path, tmp_path: Path) -> None:
    """An error that would fail every article is raised, not reported once per article."""
    store = open_store(str(tmp_path / "s.db"))
    with pytest.raises(ModuleNotFoundError):
        ingest([str(corpus)], store=store, loader=_BrokenInstall)  # type: ignore[arg-type]
    assert store.counts()["articles"] == 0
    store.close()


def test_rss_recorder_samples_every_n_articles_and_passes_progress_on() -> None:
    passed: list[IngestProgress] = []
    recorder = RssRecorder(every=4, then=passed.append)
    states = [IngestProgress(read=n) for n in (0, 3, 5, 9, 10, 13)]
    for state in states:
        recorder(state)
    assert passed == states
    assert [read for read, _, _ in recorder.samples] == [5, 9, 13]
    if Path("/proc/self/status").exists():
        assert all(rss > 0 for _, _, rss in recorder.samples)
    with pytest.raises(ValueError):
        RssRecorder(every=0)


def test_rss_recorder_as_the_progress_hook_of_a_run(corpus: Path, tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    recorder = RssRecorder(every=1)
    summary = ingest([str(corpus)], store=store, loader=load_fake, batch_size=1, on_progress=recorder)
    store.close()
    reads = [read for read, _, _ in recorder.samples]
    assert reads and reads == sorted(set(reads)) and reads[-1] == summary.read == 4


def _worker_pids(articles: int) -> set[str]:
    from fake_pipeline import load_pid

    from sitrep.engine import local
    from sitrep.models import Article

    stream = (Article(text=f"Article number {i}.", id=f"a{i}") for i in range(articles))
    batches = local._in_pool(stream, loader=load_pid, workers=1, batch_size=1)
    return {r.article.source or "" for batch in batches for r in batch if not isinstance(r, BadInput)}


def test_pool_workers_are_replaced_after_a_fixed_number_of_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.engine import local

    assert len(_worker_pids(4)) == 1  # well under the limit: one worker does everything
    monkeypatch.setattr(local, "WORKER_RECYCLE_CHUNKS", 2)
    assert len(_worker_pids(6)) == 3  # 6 one-article chunks, a new worker every 2
