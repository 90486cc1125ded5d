"""Tags: negated, hypothetical, future and historical, read off the trigger's clause.

The walk goes from the trigger up to the sentence root and stops at reporting
verbs, so "officials said they would not attack" is negated and future, while
"the army, which had been weighing an attack, struck on Monday" is neither.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from sitrep.pipeline.dates import year_mentioned
from sitrep.pipeline.registry import stage
from sitrep.pipeline.resources import Resources
from sitrep.pipeline.state import Candidate, DocState

HYPOTHETICAL_VERBS = frozenset(["consider", "weigh", "contemplate", "mull", "debate", "explore"])
# Nouns whose to-clause is not (yet) an act: "the ability to evacuate", "demands to release".
HYPOTHETICAL_NOUNS = frozenset(
    "ability possibility option plan prospect threat risk chance capacity demand call appeal request plea "
    "offer proposal promise pledge ultimatum bid attempt effort order refusal".split()
)
HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether"})
MODAL_HYPOTHETICAL = frozenset({"may", "might", "could", "would", "should"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HISTORICAL_ADJ = frozenset({"late", "former", "ousted", "deposed", "slain"})


def _has_own_tense(tok: Token) -> bool:
    return any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in tok.children)


def _path_to_root(trigger: Token, reporting: frozenset[str]) -> list[Token]:
    """The trigger and the clauses above it whose tense and polarity it inherits."""
    path = [trigger]
    node = trigger
    while node.head.i != node.i:
        if node.dep_ in {"conj", "advcl", "relcl"} and _has_own_tense(node):
            break  # a clause with its own subject or auxiliary keeps its own tense
        node = node.head
        if node.lemma_.lower() in reporting:
            break
        path.append(node)
    return path


def tags_for(cand: Candidate, *, reporting: frozenset[str], published: dt.date | None) -> list[str]:
    trigger = cand.trigger
    path = _path_to_root(trigger, reporting)
    top = path[-1]
    reported = top.head.i != top.i and top.head.lemma_.lower() in reporting
    tags: set[str] = set()
    for node in path:
        for child in node.children:
            if child.dep_ == "neg" or (
                child.lower_ in {"never", "not", "n't", "no"} and child.dep_ in {"neg", "advmod", "det"}
            ):
                if node.i == trigger.i or node.pos_ in {"VERB", "AUX"}:
                    tags.add("negated")
            if child.dep_ == "aux" and child.lower_ in MODAL_HYPOTHETICAL:
                # "said it would withdraw" reports a plan (future), not a conditional
                tags.add("future" if reported and child.lower_ == "would" else "hypothetical")
            if child.dep_ == "aux" and child.lower_ in FUTURE_AUX:
                tags.add("future")
            if child.dep_ == "mark" and child.lower_ in HYPOTHETICAL_MARKS:
                tags.add("hypothetical")
        if node.i != trigger.i:
            lemma = node.lemma_.lower()
            if lemma in HYPOTHETICAL_VERBS:
                tags.add("hypothetical")
            if node.pos_ == "NOUN" and lemma in HYPOTHETICAL_NOUNS:
                tags.add("hypothetical")
            if lemma in {"plan", "intend", "prepare"} and node.pos_ == "VERB":
                tags.add("future")
            if lemma in {"ready", "prepared", "willing", "poised"} and node.pos_ == "ADJ":
                tags.add("future")
    # "going to attack"
    if any(n.lower_ == "going" and any(c.lower_ == "to" for c in trigger.children) for n in path[1:2]):
        tags.add("future")
    # "refused to meet" is a REJECT, not a negated CONSULT: control verbs already carry the polarity
    if cand.event_type in {"REJECT"}:
        tags.discard("negated")
    # Events against people who are gone or stripped of office are background.
    for mention in cand.recipients:
        if any(t.lower_ in HISTORICAL_ADJ for t in mention.head.subtree if t.dep_ == "amod"):
            tags.add("historical")
    year = year_mentioned(cand.sentence.span)
    if published is not None and year is not None and year < published.year - 1:
        tags.add("historical")
    if cand.date and published is not None and cand.date < (published - dt.timedelta(days=365)).isoformat():
        tags.add("historical")
    return sorted(tags)


@stage("tags", requires=["candidates", "candidates.date"], assigns=["candidates.tags"])
def assign_tags(state: DocState, res: Resources) -> None:
    reporting = res.lexicon.reporting_verbs
    for cand in state.candidates:
        cand.tags = tags_for(cand, reporting=reporting, published=state.published)
