"""Parse: run spaCy paragraph by paragraph (parsed whole, title lines merge into sentences)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitrep.pipeline.registry import stage
from sitrep.pipeline.resources import Resources
from sitrep.pipeline.state import DocState, SentenceView

# A mid-sentence ellipsis ("will join… the army") marks an omission; the parser reads it as a
# sentence break. Replacing it char-for-char keeps every offset valid.
_MID_ELLIPSIS = re.compile(r"…(?=\s*[a-z])")


def parser_text(text: str) -> str:
    return _MID_ELLIPSIS.sub(" ", text)


def parse_batch(states: Sequence[DocState], res: Resources, *, batch_size: int = 64) -> None:
    """Parse the paragraphs of many articles in one ``nlp.pipe`` stream (much faster than one by one)."""
    texts = [parser_text(p.text) for st in states for p in st.paragraphs]
    docs = iter(res.nlp.pipe(texts, batch_size=batch_size))
    for st in states:
        st.docs = [next(docs) for _ in st.paragraphs]
        _index_sentences(st)


def _index_sentences(state: DocState) -> None:
    state.sentences = []
    for paragraph, doc in zip(state.paragraphs, state.docs, strict=True):
        for k, sent in enumerate(doc.sents):
            state.sentences.append(
                SentenceView(
                    span=sent,
                    paragraph=paragraph.index,
                    offset=paragraph.start,
                    index=len(state.sentences),
                    first_in_paragraph=k == 0,
                )
            )


@stage("parse", requires=["paragraphs"], assigns=["docs", "sentences"])
def parse(state: DocState, res: Resources) -> None:
    if not state.docs:
        parse_batch([state], res)
