"""The working state of one article as it passes through the stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sitrep.models import Article, Event, Location, Party

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass
class Paragraph:
    text: str
    start: int  # offset of the paragraph in the article text
    index: int
    is_title: bool = False


@dataclass
class SentenceView:
    """A parsed sentence and where it sits in the article."""

    span: Span
    paragraph: int
    offset: int  # article offset of the paragraph (token.idx is paragraph-relative)
    index: int  # position among the article's sentences
    first_in_paragraph: bool = False

    @property
    def start(self) -> int:
        return self.offset + self.span.start_char

    @property
    def end(self) -> int:
        return self.offset + self.span.end_char

    @property
    def text(self) -> str:
        return self.span.text


@dataclass
class Mention:
    """A party mention: a noun phrase in a sentence, coded as a Party."""

    party: Party
    head: Token
    start: int  # token index range in the paragraph doc
    end: int
    place: Location | None = None  # a place attached to the mention ("commander ... in Benghazi")


@dataclass
class Candidate:
    """An event-bearing clause before it becomes an Event."""

    sentence: SentenceView
    trigger: Token
    event_type: str
    mode: str | None
    weight: float
    explain: str
    actors: list[Mention] = field(default_factory=list)
    recipients: list[Mention] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    is_main: bool = False
    date: str | None = None
    date_text: str | None = None
    date_source: str | None = None
    location: Location | None = None
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    size: int | None = None


@dataclass
class DocState:
    article: Article
    published: dt.date | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    docs: list[Doc] = field(default_factory=list)
    sentences: list[SentenceView] = field(default_factory=list)
    focus_country: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    pending: list[SentenceView] = field(default_factory=list)  # undecided sentences for the classifier
    events: list[Event] = field(default_factory=list)
