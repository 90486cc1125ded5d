"""Build a benchmark corpus: JSONL articles of 8-20 real news sentences each.

Sentences come from the shared event-location data set when it is present (read at run time, never copied
into the repository), else from the demo articles. They are shuffled with a fixed seed and grouped into
articles; each pass over the sentences reshuffles, so a corpus larger than the pool still holds distinct
articles (ingest would drop repeats by content hash).

    python -m sitrep.bench_corpus --out /tmp/bench.jsonl --articles 500
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "event_location" / "event_location_all.jsonl"
DEMO = ROOT / "demo" / "articles"
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def sentence_pool(*, shared: Path = SHARED, demo: Path = DEMO) -> tuple[list[str], str]:
    """The sentences to draw from, and where they came from."""
    if shared.is_file():
        out = []
        with shared.open(encoding="utf-8") as fh:
            for line in fh:
                text = str(json.loads(line).get("text", "")).strip()
                if len(text.split()) >= 4:
                    out.append(text)
        return out, str(shared)
    out = []
    for path in sorted(demo.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    text = str(json.loads(line).get("text", ""))
                    out.extend(s.strip() for s in _SPLIT.split(text) if len(s.split()) >= 4)
    return out, str(demo)


def articles(
    pool: list[str], *, n: int, seed: int = 13, min_sentences: int = 8, max_sentences: int = 20
) -> Iterator[dict[str, str]]:
    """``n`` article records; the same pool and seed give the same corpus."""
    if not pool:
        raise ValueError("no sentences to build articles from")
    rng = random.Random(seed)
    order: list[str] = []
    start = date(2014, 1, 1)
    for i in range(n):
        k = rng.randint(min_sentences, max_sentences)
        while len(order) < k:
            fresh = pool[:]
            rng.shuffle(fresh)
            order.extend(fresh)
        picked, order = order[:k], order[k:]
        # Paragraphs of 2-4 sentences, as in wire copy.
        paragraphs, j = [], 0
        while j < len(picked):
            step = rng.randint(2, 4)
            paragraphs.append(" ".join(picked[j : j + step]))
            j += step
        yield {
            "id": f"bench-{seed}-{i}",
            "title": f"Bench article {i}",
            "text": "\n\n".join(paragraphs),
            "published": (start + timedelta(days=rng.randrange(3 * 365))).isoformat(),
            "source": f"outlet{i % 7}",
        }


def write_corpus(out: Path, *, n: int, seed: int = 13) -> dict[str, object]:
    """Write ``n`` articles to ``out``; returns counts and the sentence source."""
    pool, origin = sentence_pool()
    words = 0
    with out.open("w", encoding="utf-8") as fh:
        for record in articles(pool, n=n, seed=seed):
            words += len(record["text"].split())
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {"articles": n, "words": words, "sentences_from": origin, "path": str(out)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", required=True, type=Path, help="JSONL file to write")
    parser.add_argument("--articles", type=int, default=500, help="number of articles (default 500)")
    parser.add_argument("--seed", type=int, default=13, help="shuffle seed (default 13)")
    args = parser.parse_args(argv)
    info = write_corpus(args.out, n=args.articles, seed=args.seed)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
