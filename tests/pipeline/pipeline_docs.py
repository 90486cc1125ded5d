"""Hand-built spaCy Docs for model-free tests (spaCy style: no trained pipeline is loaded).

A token is written as ``(word, tag, pos, dep, head, lemma)`` with ``head`` the index of its head
(the root points at itself); ``ents`` are IOB tags such as ``"B-DATE"``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.lang.en import English
from spacy.tokens import Doc

from sitrep.pipeline.state import SentenceView

Tok = tuple[str, str, str, str, int, str]

# English lexical attributes (like_num, ...) without any trained component.
_VOCAB = English().vocab


def make_doc(tokens: Sequence[Tok], *, ents: Sequence[str] | None = None) -> Doc:
    """A parsed Doc from token tuples; ``ents`` defaults to no entities."""
    words = [t[0] for t in tokens]
    return Doc(
        _VOCAB,
        words=words,
        tags=[t[1] for t in tokens],
        pos=[t[2] for t in tokens],
        deps=[t[3] for t in tokens],
        heads=[t[4] for t in tokens],
        lemmas=[t[5] for t in tokens],
        ents=list(ents) if ents is not None else ["O"] * len(words),
    )


def sentence_of(doc: Doc, *, offset: int = 0, index: int = 0) -> SentenceView:
    """The whole Doc as one sentence of an article."""
    return SentenceView(span=doc[:], paragraph=0, offset=offset, index=index, first_in_paragraph=True)
