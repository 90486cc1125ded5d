"""What ``create_app`` needs to know besides the store: explicit, so tests build apps without globals."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from sitrep.models import Article, ArticleResult

TOKEN_ENV = "SITREP_API_TOKEN"


class Extractor(Protocol):
    """The part of ``sitrep.pipeline.Pipeline`` that ``POST /api/articles`` uses."""

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ArticleResult]: ...


def default_pipeline() -> Extractor:
    """The process-wide pipeline; imported here so that GET-only use never loads spaCy."""
    from sitrep.pipeline import load_pipeline

    return load_pipeline()


@dataclass(frozen=True)
class Settings:
    """``api_token``: when set, writes need ``Authorization: Bearer <token>``.

    ``pipeline_factory`` is called once, on the first write, and its extractor is kept for the app's life.
    """

    api_token: str | None = None
    pipeline_factory: Callable[[], Extractor] = default_pipeline
    max_articles_per_post: int = 100
    title: str = "sitrep"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings with ``api_token`` read from ``$SITREP_API_TOKEN`` (an empty value means no token)."""
        env = os.environ if environ is None else environ
        token = (env.get(TOKEN_ENV) or "").strip() or None
        return cls(api_token=token, **overrides)  # type: ignore[arg-type]
