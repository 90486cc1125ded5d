"""Two writers with overlapping inputs, each with its own store instance, store each article once."""

from __future__ import annotations

import threading

from store_factories import result

from sitrep.store import EventQuery, SaveStats, open_store


def _corpus(n: int):
    return [
        result(f"Report {i}: militia attacked village {i}. Residents fled village {i}.",
               f"Report {i}: militia attacked village {i}.", f"Residents fled village {i}.")
        for i in range(n)
    ]  # fmt: skip


def test_overlapping_concurrent_ingests_store_each_article_once(store_url: str) -> None:
    corpus = _corpus(90)
    inputs = [corpus[:60], list(reversed(corpus[30:]))]  # 30 shared articles, met in opposite orders
    stats: list[list[SaveStats]] = [[], []]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def ingest(k: int) -> None:
        store = open_store(store_url)
        try:
            barrier.wait()
            for i in range(0, len(inputs[k]), 10):
                stats[k].append(store.save(inputs[k][i : i + 10]))
        except BaseException as exc:
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=ingest, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    stored_ids = [i for per in stats for s in per for i in s.stored_ids]
    assert sorted(stored_ids) == sorted(r.article.id for r in corpus)  # every article once, by one writer
    assert sum(s.unchanged for per in stats for s in per) == 30
    assert sum(s.events for per in stats for s in per) == 180
    check = open_store(store_url)
    try:
        assert check.counts() == {"articles": 90, "events": 180, "fused_events": 0}
        assert check.query_events(EventQuery(q="village 42.")).total == 2
    finally:
        check.close()
