"""spans: entity lookups indexed once per doc, answering as Doc.ents and Span.ents do (model-free)."""

from __future__ import annotations

from pipeline_docs import make_doc

from sitrep.pipeline.spans import doc_entities, entities_in, entity_at

TOKENS = [
    ("Police", "NNS", "NOUN", "nsubj", 1, "police"),
    ("arrested", "VBD", "VERB", "ROOT", 1, "arrest"),
    ("Amina", "NNP", "PROPN", "compound", 3, "Amina"),
    ("Bello", "NNP", "PROPN", "dobj", 1, "Bello"),
    ("in", "IN", "ADP", "prep", 1, "in"),
    ("Kano", "NNP", "PROPN", "pobj", 4, "Kano"),
    (".", ".", "PUNCT", "punct", 1, "."),
]
ENTS = ["O", "O", "B-PERSON", "I-PERSON", "O", "B-GPE", "O"]


def test_the_entity_of_a_token_is_the_whole_named_span() -> None:
    doc = make_doc(TOKENS, ents=ENTS)
    person = entity_at(doc[2])
    assert person is not None and (person.text, person.label_) == ("Amina Bello", "PERSON")
    assert entity_at(doc[3]) == person
    assert entity_at(doc[0]) is None


def test_lookups_agree_with_spacy_ents() -> None:
    doc = make_doc(TOKENS, ents=ENTS)
    assert [(e.start, e.end, e.label_) for e in doc_entities(doc)] == [
        (e.start, e.end, e.label_) for e in doc.ents
    ]
    for start, end in [(0, 7), (2, 4), (3, 7), (0, 3)]:
        span = doc[start:end]
        assert [e.text for e in entities_in(span)] == [e.text for e in span.ents]
