"""Entity lookups on a parsed paragraph, computed once per doc.

``Doc.ents`` builds a fresh Span for every entity on each access, and the stages ask
"which entity holds this token?" thousands of times per article. The first lookup
indexes the doc's entities in ``doc.user_data``; later ones are dict accesses.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

_KEY = "sitrep.entities"


def _index(doc: Doc) -> tuple[tuple[Span, ...], dict[int, Span]]:
    cached = doc.user_data.get(_KEY)
    if cached is None:
        ents = tuple(doc.ents)
        cached = doc.user_data[_KEY] = (ents, {i: ent for ent in ents for i in range(ent.start, ent.end)})
    return cached  # type: ignore[no-any-return]


def doc_entities(doc: Doc) -> tuple[Span, ...]:
    return _index(doc)[0]


def entity_at(tok: Token) -> Span | None:
    """The named entity that contains ``tok``, if any."""
    return _index(tok.doc)[1].get(tok.i)


def entities_in(span: Span) -> list[Span]:
    """The entities wholly inside ``span``, as ``span.ents`` gives them."""
    return [ent for ent in _index(span.doc)[0] if span.start <= ent.start and ent.end <= span.end]
