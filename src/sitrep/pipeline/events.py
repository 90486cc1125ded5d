"""Events: find event-bearing clauses, type them, and attach actors and recipients.

Typing has two deciders. The trigger lexicon (resources/data/triggers.json) reads
the verb with its object, particle, preposition and infinitival complement; it is
precise and explains itself. When no lexicon rule fires in a sentence, or only a
weak one or one in a subordinate clause, the embedding classifier reads the
sentence with its main verb, and it may abstain. Reporting verbs
("said", "told") are transparent: the event sits in the clause they govern.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from sitrep.pipeline.actors import Coref, code_party, is_party_head, phrase_span
from sitrep.pipeline.clauses import (
    PASSIVE_SUBJECT_IS_ACTOR,
    clause_depth,
    expand_conjuncts,
    find_actor_head,
    find_recipient_heads,
    is_passive,
    lemma_of,
    main_verb,
    match_trigger,
    nominal_trigger,
    passive_subject_of,
    quote_speaker,
)
from sitrep.pipeline.locations import is_locative
from sitrep.pipeline.nonpolitical import NATURAL_CAUSES, VICTIM_VERBS, not_political
from sitrep.pipeline.registry import stage
from sitrep.pipeline.resources import Resources
from sitrep.pipeline.spans import entities_in, entity_at
from sitrep.pipeline.state import Candidate, DocState, Mention, SentenceView
from sitrep.resources.lexicon import Lexicon

# Below this a classifier-only event is dropped: the sentence probably reports no event.
CLASSIFIER_MIN_PROBABILITY = 0.45
CLASSIFIER_ALONE_WITHOUT_ACTOR = 0.8  # a classifier-only event with no actor needs this much
CLASSIFIER_WEIGHT = 0.75  # a classifier decision is trusted less than a lexicon rule
# A lexicon decision this weak, or one found only in subordinate clauses ("..., killing two"),
# gets a second opinion from the classifier, which reads the main verb.
SECOND_OPINION_BELOW = 0.7
SECOND_OPINION_MIN_PROBABILITY = 0.6
# What a crowd says while it acts ("..., demanding a recount") rather than a separate act.
VOICED_TYPES = frozenset({"REQUEST", "ACCUSE"})
# Verbs whose subject only lives with the act their object names ("would respect the ban", "fled the
# shelling"); other verbs with no rule of their own announce or bring it about ("ordered the closure").
BYSTANDER_VERBS = frozenset(
    "respect obey honor honour abide follow comply heed uphold survive escape evade avoid flee fear"
    " mourn remember commemorate mark witness await expect".split()
)
# Events that are one-sided in PLOVER practice: no recipient is sought by fallback.
NO_RECIPIENT_TYPES = frozenset({"PROTEST", "MOBILIZE"})


@stage("events", requires=["sentences"], assigns=["candidates", "pending"])
def find_events(state: DocState, res: Resources) -> None:
    """Lexicon candidates; sentences left undecided wait for the classifier stage."""
    coref = Coref()
    title_paragraphs = {p.index for p in state.paragraphs if p.is_title}
    for sent in state.sentences:
        if sent.paragraph in title_paragraphs:
            continue
        found = _lexicon_candidates(sent, state, res, coref)
        state.candidates.extend(found)
        # A sentence without a verb reports no event: no need to embed it.
        if needs_classifier(found, lexicon=res.lexicon) and any(t.pos_ == "VERB" for t in sent.span):
            state.pending.append(sent)
        _remember_parties(sent, state, res, coref)


def needs_classifier(found: Sequence[Candidate], *, lexicon: Lexicon) -> bool:
    """Whether the classifier should read a sentence whose lexicon candidates are ``found``."""
    if not found or max(c.weight for c in found) < SECOND_OPINION_BELOW:
        return True
    transparent = lexicon.transparent_verbs
    if any(clause_depth(c.trigger, transparent=transparent, count_conjuncts=False) == 0 for c in found):
        return False
    # Only subordinate clauses fired ("..., killing two"). The main verb may carry an event the lexicon
    # missed when the lexicon has never heard of it, or when it is a copula framing what follows ("it
    # was the first raid since ..."). A verb the lexicon knows had its chance, and reading every such
    # sentence would cost a tenth of the throughput.
    main = main_verb(found[0].sentence.span, lexicon.reporting_verbs)
    if main is None:
        return False
    lemma = lemma_of(main)
    return lemma in {"be", "have"} or (
        lemma not in lexicon.verbs and lemma not in lexicon.control_verbs and lemma not in transparent
    )


@stage("classify", requires=["candidates", "pending"], assigns=["candidates.main"])
def classify(state: DocState, res: Resources) -> None:
    classify_batch([state], res)


def classify_batch(states: Sequence[DocState], res: Resources) -> None:
    """Embed the undecided sentences of many articles in one call, then pick main events.

    One call per batch rather than per article keeps the encoder's batches full; embedding
    costs as much as parsing, so this is where throughput is won or lost.
    """
    classifier = res.classifier
    pending = [(st, sent) for st in states for sent in st.pending]
    if pending and classifier is not None:
        verbs = [main_verb(sent.span, res.lexicon.reporting_verbs) for _, sent in pending]
        predictions = classifier.predict(
            [sent.text for _, sent in pending], [v.lemma_.lower() if v is not None else None for v in verbs]
        )
        for (st, sent), verb, prediction in zip(pending, verbs, predictions, strict=True):
            _apply_prediction(st, sent, verb, prediction, res)
    for st in states:
        st.pending = []
        _mark_main(st, res)


def _lexicon_candidates(sent: SentenceView, state: DocState, res: Resources, coref: Coref) -> list[Candidate]:
    lex = res.lexicon
    span = sent.span
    speaker_tok = quote_speaker(span, lex.reporting_verbs)
    if speaker_tok is not None:
        coref.speaker = code_party(
            phrase_span(speaker_tok), res=res, coref=coref, focus_country=state.focus_country
        )
    consumed: set[int] = set()
    out: list[Candidate] = []
    for tok in span:
        if tok.i in consumed or tok.pos_ not in {"VERB", "AUX", "NOUN"}:
            continue
        if tok.pos_ == "NOUN" or tok.dep_ in {"amod", "compound"}:
            continue  # nouns are a fallback below; "targeted killings" is not a targeting
        lemma = lemma_of(tok)
        rule, frame = match_trigger(tok, lex)
        control_type = lex.control_verbs.get(lemma) if frame.xcomp is not None else None
        # a rule naming the complement or a particle ("called out the army to ...") outranks control
        if control_type and (rule is None or not (rule.xcomp or rule.prt)):
            rule_type, mode, weight, how = control_type, None, 0.85, f"control verb '{lemma} to'"
            if control_type == "AGREE" and _is_hostile_act(frame.xcomp, lex):
                # "pledged to drive out X" promises harm: a threat, not an offer to cooperate
                rule_type, how = "THREATEN", f"control verb '{lemma} to' + hostile act"
        elif rule is not None and rule.event_type is not None:
            rule_type, mode, weight, how = (
                rule.event_type,
                rule.mode,
                rule.weight,
                f"lexicon rule '{rule.describe}'",
            )
        elif (
            rule is None
            and lemma not in BYSTANDER_VERBS
            and (nominal := nominal_trigger(tok, lex)) is not None
        ):
            rule_type, named, noun = nominal
            mode, weight = named.mode, named.weight
            how = f"'{lemma}' + the act named by '{noun.lower_}' (lexicon rule '{named.describe}')"
        else:
            continue
        if frame.xcomp is not None and (control_type or (rule is not None and rule.xcomp)):
            consumed.update(t.i for t in frame.xcomp.subtree if t.pos_ in {"VERB", "AUX"})
        if not_political(tok, span, lex):
            continue
        out.append(_candidate(sent, tok, rule_type, mode, weight, how, rule, state, res, coref))
    if not out:
        noun = _noun_trigger(span, res)
        if noun is not None:
            tok, trig = noun
            out.append(
                _candidate(
                    sent,
                    tok,
                    trig.event_type,
                    trig.mode,
                    trig.weight,
                    f"event noun '{trig.noun}'",
                    None,
                    state,
                    res,
                    coref,
                )
            )
    return _drop_purpose_clauses(_merge_same_type(out))


def _drop_purpose_clauses(candidates: list[Candidate]) -> list[Candidate]:
    """'marched through Tijuana to protest the killings' is one event: the purpose clause
    ("to protest") states why the main event happened, not a second event. So does a demand voiced
    while doing it: 'blocked the road, demanding compensation'."""
    triggers = {c.trigger.i for c in candidates}
    kept = []
    for cand in candidates:
        tok = cand.trigger
        attached = tok.dep_ in {"advcl", "xcomp"} and tok.head.i in triggers
        is_purpose = attached and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        voiced = attached and tok.tag_ == "VBG" and cand.event_type in VOICED_TYPES
        if not (is_purpose or voiced):
            kept.append(cand)
    return kept


def _is_hostile_act(verb: Token | None, lex: Lexicon) -> bool:
    if verb is None:
        return False
    rule, _ = match_trigger(verb, lex)
    return rule is not None and rule.event_type in {"ASSAULT", "COERCE", "SANCTION", "THREATEN"}


def _noun_trigger(span: Span, res: Resources):  # type: ignore[no-untyped-def]
    for tok in span:
        if tok.pos_ == "NOUN":
            trig = res.lexicon.nouns.get(tok.lemma_.lower())
            # Only a noun that is an argument of the clause: "after protests" is background.
            if trig is not None and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "ROOT", "attr"}:
                if any(c.lemma_.lower() in NATURAL_CAUSES for c in tok.children if c.dep_ == "compound"):
                    continue  # "a gas explosion"
                return tok, trig
    return None


def _candidate(
    sent: SentenceView,
    trigger: Token,
    event_type: str,
    mode: str | None,
    weight: float,
    how: str,
    rule,  # type: ignore[no-untyped-def]
    state: DocState,
    res: Resources,
    coref: Coref,
) -> Candidate:
    explain = [how]
    actors: list[Mention] = []
    recipients: list[Mention] = []
    advice = _advice(trigger, res)
    if advice is not None:
        # "Amnesty said Egypt should release the prisoners": Amnesty's REQUEST to Egypt
        speaker, addressee = advice
        return Candidate(
            sentence=sent,
            trigger=trigger,
            event_type="REQUEST",
            mode=None,
            weight=weight,
            explain=f"{how}; what a speaker says another should do is a REQUEST (PLOVER)",
            actors=[_mention(h, state, res, coref) for h in expand_conjuncts(speaker)],
            recipients=[_mention(h, state, res, coref) for h in expand_conjuncts(addressee)],
        )
    if trigger.pos_ in {"VERB", "AUX"}:
        actor_head, actor_how = find_actor_head(trigger)
        passive_subject = passive_subject_of(trigger)
        if actor_head is None and passive_subject is not None and event_type in PASSIVE_SUBJECT_IS_ACTOR:
            actor_head, actor_how = passive_subject, "moved party (passive)"
        # "aid workers abducted in Mali were freed": the noun a participle modifies suffers the act;
        # but when that noun is the root, the parser took the main verb for a participle
        modifies_its_patient = trigger.dep_ == "acl" and trigger.tag_ == "VBN" and trigger.head.dep_ != "ROOT"
        if actor_head is None and _misparsed_main_verb(trigger):
            actor_head, actor_how = trigger.head, "noun before a main verb parsed as a participle"
        if actor_head is None and not modifies_its_patient:
            actor_head, actor_how = _nearest_party_before(trigger, sent.span)
        actor_head = _resolve_clause_pronoun(actor_head)
        if actor_head is not None and lemma_of(trigger) in VICTIM_VERBS and actor_how == "subject":
            # "three protesters died": the subject of a victim verb suffers the event
            recipients = _mentions(actor_head, state, res, coref)
            explain.append("recipient from subject of a victim verb")
            actor_head = None
        if actor_head is not None and is_party_head(actor_head):
            actors = _mentions(actor_head, state, res, coref)
            explain.append(f"actor from {actor_how}")
        seen = {m.head.i for m in actors + recipients}
        for head, rec_how in find_recipient_heads(trigger, rule, event_type):
            if head.i in seen:
                continue
            for mention in _mentions(head, state, res, coref):
                if mention.head.i not in seen or mention.start != mention.head.i:
                    recipients.append(mention)
            seen.update(h.i for h in expand_conjuncts(head))
            explain.append(f"recipient from {rec_how}")
        if not recipients and event_type not in NO_RECIPIENT_TYPES:
            after = _nearest_party_after(trigger, sent.span, taken=seen)
            if after is not None:
                recipients.append(_mention(after, state, res, coref))
                explain.append("recipient from nearest party after trigger")
        if is_passive(trigger):
            explain.append("passive voice")
    return Candidate(
        sentence=sent,
        trigger=trigger,
        event_type=event_type,
        mode=mode,
        weight=weight,
        explain="; ".join(explain),
        actors=actors,
        recipients=recipients,
    )


def _advice(trigger: Token, res: Resources) -> tuple[Token, Token] | None:
    """(speaker, addressee) when the trigger is what a reported speaker says someone should do."""
    if trigger.dep_ != "ccomp" or not any(
        c.dep_ == "aux" and c.lower_ in {"should", "must"} for c in trigger.children
    ):
        return None
    head = trigger.head
    if head.lemma_.lower() not in res.lexicon.reporting_verbs:
        return None
    speaker = next((c for c in head.children if c.dep_ == "nsubj"), None)
    addressee = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
    if speaker is None or addressee is None or not (is_party_head(speaker) and is_party_head(addressee)):
        return None
    return speaker, addressee


def _resolve_clause_pronoun(tok: Token | None) -> Token | None:
    """'the embassy has declared it is considering ...': 'it' is the subject of the governing verb."""
    if tok is None or tok.pos_ != "PRON" or tok.lower_ not in {"it", "they", "he", "she", "we"}:
        return tok
    clause = tok.head
    if clause.dep_ == "ccomp" or (clause.dep_ in {"xcomp"} and clause.head.dep_ == "ccomp"):
        gov = clause.head if clause.dep_ == "ccomp" else clause.head.head
        subj = next((c for c in gov.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None and subj.pos_ != "PRON" and is_party_head(subj):
            return subj
    return tok


def _nearest_party_after(trigger: Token, span: Span, *, taken: set[int]) -> Token | None:
    """Fallback recipient: the first named party after the trigger in its sentence.

    Dependency roles miss recipients in prepositional and nominal constructions ("held talks
    in Tokyo with ...", "a visit to Baku"); the first named actor after the verb is a classic
    event-coder heuristic and is right far more often than leaving the recipient empty.
    """
    for tok in span[trigger.i - span.start + 1 :]:
        if tok.i in taken or tok.ent_iob_ == "O" or tok.ent_type_ not in {"GPE", "ORG", "PERSON", "NORP"}:
            continue
        ent = entity_at(tok)
        if ent is None or any(i in taken for i in range(ent.start, ent.end)):
            continue
        if any(a.lower_ == "according" for a in tok.ancestors):
            continue  # the source of the report, not a party to the event
        root = ent.root
        # "the Israeli peace movement": a nationality adjective stands for the phrase it modifies
        if (
            root.dep_ in {"amod", "compound"}
            and root.head.pos_ in {"NOUN", "PROPN"}
            and is_party_head(root.head)
        ):
            return root.head
        return root
    return None


def _misparsed_main_verb(trigger: Token) -> bool:
    """ "The rebels handed in their rifles." parsed as a bare noun phrase: a participle with an object
    hung on the root noun is the sentence's verb, and that noun its subject."""
    return (
        trigger.dep_ == "acl"
        and trigger.head.dep_ == "ROOT"
        and trigger.head.i < trigger.i
        and any(c.dep_ == "dobj" for c in trigger.children)
        and is_party_head(trigger.head)
    )


def _nearest_party_before(trigger: Token, span: Span) -> tuple[Token | None, str]:
    """Fallback when the parse gives no subject: the closest entity to the left in the clause."""
    for tok in reversed(span[: trigger.i - span.start]):
        if (
            tok.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
            and tok.ent_iob_ in {"B", "I"}
            and not is_locative(tok)
        ):
            ent = entity_at(tok)
            root = ent.root if ent is not None else tok
            if (
                root.dep_ in {"amod", "compound"}
                and root.head.pos_ in {"NOUN", "PROPN"}
                and is_party_head(root.head)
            ):
                root = root.head  # "two American aid groups": the groups, not the adjective
            return root, "nearest entity before trigger"
        if tok.pos_ in {"VERB"} and tok.dep_ not in {"amod", "acl"}:
            break
    return None, "none"


def _mentions(head: Token, state: DocState, res: Resources, coref: Coref) -> list[Mention]:
    """Mentions for a head and its conjuncts. "Hungarian and Romanian officials" is two parties,
    Hungarian officials and Romanian officials: a compound actor stays a list."""
    out: list[Mention] = []
    for h in expand_conjuncts(head):
        nationalities = [c for c in h.children if c.dep_ == "amod" and c.ent_type_ == "NORP"]
        nationalities += [
            c for n in nationalities for c in n.children if c.dep_ == "conj" and c.ent_type_ == "NORP"
        ]
        if len(nationalities) > 1 and h.pos_ == "NOUN":
            for adj in nationalities:
                party = code_party(
                    h.doc[adj.i : adj.i + 1], res=res, coref=coref, focus_country=state.focus_country
                )
                party.text, party.name = f"{adj.text} {h.text}", f"{adj.text} {h.text}"
                out.append(Mention(party=party, head=h, start=adj.i, end=h.i + 1))
        else:
            out.append(_mention(h, state, res, coref))
    return out


def _mention(head: Token, state: DocState, res: Resources, coref: Coref) -> Mention:
    span = phrase_span(head)
    party = code_party(span, res=res, coref=coref, focus_country=state.focus_country)
    thing = head.head
    if head.dep_ in {"compound", "amod", "nmod"} and thing.pos_ == "NOUN" and not is_party_head(thing):
        # "struck a Hamas weapons depot": the party is Hamas, the mention is what was struck
        span = phrase_span(thing)
        party.text = span.text
    if head.pos_ == "PRON" and party.name is None:
        antecedent = _antecedent_in_sentence(head)
        if antecedent is not None:
            return _mention(antecedent, state, res, coref)
    return Mention(party=party, head=head, start=span.start, end=span.end)


def _antecedent_in_sentence(pronoun: Token) -> Token | None:
    """An unresolved pronoun's nearest compatible named party earlier in its sentence."""
    wanted = {"PERSON"} if pronoun.lower_ in {"he", "him", "his", "she", "her"} else {"ORG", "GPE", "NORP"}
    for tok in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
        if tok.ent_type_ in wanted and tok.ent_iob_ != "O":
            ent = entity_at(tok)
            return ent.root if ent is not None else tok
    return None


def _remember_parties(sent: SentenceView, state: DocState, res: Resources, coref: Coref) -> None:
    """Keep coreference up to date on sentences that produced no event."""
    for ent in entities_in(sent.span):
        if ent.label_ in {"PERSON", "ORG"}:
            code_party(phrase_span(ent.root), res=res, coref=coref, focus_country=state.focus_country)


def _merge_same_type(candidates: list[Candidate]) -> list[Candidate]:
    """One event per type per sentence: 'were killed and 90 injured' is one assault."""
    by_type: dict[str, Candidate] = {}
    for cand in candidates:
        kept = by_type.get(cand.event_type)
        if kept is None:
            by_type[cand.event_type] = cand
            continue
        if not kept.actors and cand.actors:
            kept.actors = cand.actors
        if not kept.recipients and cand.recipients:
            kept.recipients = cand.recipients
        kept.weight = max(kept.weight, cand.weight)
    return list(by_type.values())


def _apply_prediction(
    state: DocState, sent: SentenceView, verb: Token | None, prediction: tuple[str, float], res: Resources
) -> None:
    label, prob = prediction
    if label == "NONE" or prob < CLASSIFIER_MIN_PROBABILITY:
        return
    lexical = [c for c in state.candidates if c.sentence.index == sent.index]
    if lexical:
        if prob < SECOND_OPINION_MIN_PROBABILITY or any(c.event_type == label for c in lexical):
            return
        # A confident classifier overrules a weak rule for the sentence's main event.
        for c in lexical:
            c.weight *= 0.8
    trigger = verb if verb is not None else sent.span.root
    explain = f"embedding classifier (p={prob:.2f})"
    cand = _candidate(
        sent, trigger, label, None, CLASSIFIER_WEIGHT * prob, explain, None, state, res, Coref()
    )
    if not lexical and not cand.actors and prob < CLASSIFIER_ALONE_WITHOUT_ACTOR:
        return  # "most shops stayed shut": no one acts, and no rule saw an event
    state.candidates.append(cand)


def _mark_main(state: DocState, res: Resources) -> None:
    """In each sentence, the shallowest trigger (reporting verbs not counted) is the main event."""
    transparent = res.lexicon.transparent_verbs
    by_sentence: dict[int, list[Candidate]] = {}
    for cand in state.candidates:
        by_sentence.setdefault(cand.sentence.index, []).append(cand)
    for group in by_sentence.values():
        best = min(
            group, key=lambda c: (clause_depth(c.trigger, transparent=transparent), -c.weight, c.trigger.i)
        )
        best.is_main = True
