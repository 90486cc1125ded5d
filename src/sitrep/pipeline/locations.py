"""Locations: geocode where each event happened.

Order of evidence: a place attached to the trigger's clause ("deployed ... into
Italy", "clashes in Benghazi", "protect the capital"); a place attached to one of
the event's parties ("the embassy in Tripoli", "the Tobruk air base"); a city
named earlier in the same paragraph; then a country-level fallback (a country in
the sentence, the parties' country, the article's focus country). A city is only
chosen when the text names it: the fallback never guesses a city.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from sitrep.models import Location
from sitrep.pipeline.registry import stage
from sitrep.pipeline.resources import Resources
from sitrep.pipeline.spans import doc_entities, entities_in, entity_at
from sitrep.pipeline.state import Candidate, DocState

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_INTERNATIONAL = {"IGO", "UNO", "NGO", "ISM", "IMG", "MNC"}
EVENT_NOUNS = frozenset(
    "attack attacks bombing bombings blast blasts explosion clash clashes fighting battle raid raids "
    "protest protests demonstration rally riot riots strike strikes airstrike airstrikes offensive "
    "massacre shooting ambush siege violence unrest operation assault shelling".split()
)
PLACE_PREPS = frozenset(
    "in into to at near outside inside across throughout around toward towards on off within "
    "through along past beyond".split()
)
# "the northern city of Tikrit": the name hangs off "of" under a place noun.
PLACE_NOUNS = frozenset(
    "city town village district province region capital area suburb neighbourhood neighborhood "
    "outskirts county state governorate municipality port camp island enclave edge heart centre center "
    "street streets suburbs coast shore shores countryside vicinity gates entrance border".split()
)


def geocode(text: str, *, res: Resources, focus_country: str | None) -> Location | None:
    """A Location for a place name: a country, or a city from the gazetteer."""
    clean = text.strip("“”\"' ,.")
    if clean.lower().startswith("the "):
        clean = clean[4:]
    iso3 = res.gazetteer.country_code(clean)
    if iso3 and iso3 in res.gazetteer.countries:
        return res.gazetteer.countries[iso3].to_location(clean)
    place = res.gazetteer.resolve_place(clean, focus_country=focus_country)
    if place is not None:
        return place.to_location(clean)
    return None


def _capital(tok: Token, *, res: Resources, country: str | None) -> Location | None:
    """'the capital' means the capital of the country in context."""
    if country is None:
        return None
    place = res.gazetteer.capital(country)
    if place is None:
        return None
    loc = place.to_location(place.name)
    loc.text = "the capital"
    return loc


def _ent_of(tok: Token) -> Span | None:
    ent = entity_at(tok)
    return ent if ent is not None and ent.label_ in PLACE_LABELS else None


def _place_of(tok: Token, *, res: Resources, focus: str | None) -> Location | None:
    """The location named by a preposition's object: a geocoded place, or the name as written.

    A name the gazetteer does not know (a district, a village, a camp) is still the place the
    text gives, so it is kept at ``place`` precision without coordinates rather than dropped.
    """
    ent = _ent_of(tok)
    if ent is not None:
        loc = geocode(ent.text, res=res, focus_country=focus)
        if loc is not None:
            return loc
        name = ent.text.strip("“”\"' ,.")
        if name.lower().startswith("the "):
            name = name[4:]
        return Location(text=name, name=name, country=focus, precision="place")
    if tok.pos_ != "PROPN":
        return None
    # The statistical NER misses many small places. A name that a place noun introduces ("the
    # province of Muthanna", "Sinjar town") is a place whatever label the NER gave it; an unlabeled
    # name is looked up in the gazetteer. A bare capitalized word after "in" is too often not a place.
    start, end = tok.i, tok.i + 1
    while (
        start > 0 and tok.doc[start - 1].pos_ == "PROPN" and tok.doc[start - 1].dep_ in {"compound", "flat"}
    ):
        start -= 1
    # Hyphenated names the tokenizer splits: "Al-Bayaa", "al-Thawra"
    while (start > 0 and not tok.doc[start - 1].whitespace_ and tok.doc[start - 1].is_alpha) or (
        start > 1 and tok.doc[start - 1].text == "-" and not tok.doc[start - 2].whitespace_
    ):
        start -= 1
    while (
        end < len(tok.doc)
        and not tok.doc[end - 1].whitespace_
        and (tok.doc[end].is_alpha or tok.doc[end].text == "-")
    ):
        end += 1
    name = tok.doc[start:end].text.strip("-")
    head = tok.head
    after_place_noun = tok.dep_ == "pobj" and head.lower_ == "of" and _place_noun(head.head)
    before_place_noun = tok.dep_ == "compound" and _place_noun(head)
    if tok.ent_type_ in {"", "NORP"} or after_place_noun or before_place_noun:
        place = res.gazetteer.resolve_place(name, focus_country=focus)
        if place is not None:
            return place.to_location(name)
    if after_place_noun or before_place_noun:
        return Location(text=name, name=name, country=focus, precision="place")
    return None


def _clause_places(cand: Candidate, *, res: Resources, focus: str | None) -> Location | None:
    """The most specific place attached inside the trigger's clause, nearest the trigger first.

    An attacked place ("shelled Grozny") counts even though it is also the recipient; other
    places inside a party's phrase belong to the party ("the embassy in Tripoli").
    """
    trigger = cand.trigger
    party_tokens = {i for m in cand.actors + cand.recipients for i in range(m.start, m.end)}
    sent = cand.sentence.span
    found: list[tuple[int, int, Location]] = []
    for tok in trigger.subtree:
        if not sent.start <= tok.i < sent.end:
            continue
        attacked = (
            tok.dep_ == "dobj"
            and tok.head.i == trigger.i
            and (_ent_of(tok) is not None or tok.pos_ == "PROPN")
        )
        # "withdrew from Kabul": inside the event's own clause, an origin is a scene too
        origin = tok.dep_ == "pobj" and tok.head.lower_ == "from" and tok.head.head.i == trigger.i
        # A place can also be the fallback recipient ("captured off Mogadishu"); in a locative slot it
        # is still the scene.
        in_party = tok.i in party_tokens and not _is_place_pobj(tok)
        if not (attacked or origin) and (in_party or not is_locative(tok)):
            continue
        loc = _place_of(tok, res=res, focus=focus)
        if loc is not None:
            rank = 2 if loc.precision == "country" else int(_is_reference(tok) or _broad(loc))
            found.append((rank, abs(tok.i - trigger.i), loc))
    return min(found, key=lambda f: (f[0], f[1]))[2] if found else None


def _capital_in_clause(cand: Candidate, *, res: Resources, focus: str | None) -> Location | None:
    for tok in cand.trigger.subtree:
        if tok.lower_ == "capital" and tok.pos_ == "NOUN" and any(c.lower_ == "the" for c in tok.children):
            return _capital(tok, res=res, country=focus)
    return None


# "his Amman home", "a Sofia restaurant": a city naming where a building stands.
FACILITY_NOUNS = frozenset(
    "home house office restaurant hotel base embassy consulate school mosque church temple market "
    "hospital prison jail airport headquarters station university compound palace checkpoint port plant "
    "factory".split()
)
DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest northern southern eastern western "
    "countryside outskirts suburbs vicinity".split()
)


_BROAD_WORDS = frozenset(
    "sea ocean gulf strait straits bay coast river valley mountains desert region east west north south "
    "mediterranean africa asia europe america peninsula".split()
)


def _broad(loc: Location) -> bool:
    """A sea, coast or region ("the Red Sea", "the Middle East"): less specific than a named town."""
    return loc.precision == "place" and bool(set(loc.name.lower().split()) & _BROAD_WORDS)


def _is_reference(tok: Token) -> bool:
    """A place named only to locate another: "Sinjar, west of Mosul", "a plant outside Baghdad".

    When a sentence names several places, the scene is the one not given as such a landmark.
    """
    node = tok
    for _ in range(4):
        prep = node.head
        if node.dep_ != "pobj":
            return False
        if prep.lower_ in {"near", "outside", "from", "beyond", "toward", "towards"}:
            return True
        if prep.lower_ == "of" and prep.head.lower_ in DIRECTIONS:
            return True
        node = prep.head  # "northeast of the city of Multan": climb through "city"
    return False


def _place_noun(tok: Token) -> bool:
    return tok.lower_ in PLACE_NOUNS or tok.lemma_.lower() in PLACE_NOUNS


def _in_attribution(tok: Token) -> bool:
    """Inside 'according to ...': the source's whereabouts, not the event's."""
    return any(a.lower_ == "according" for a in tok.ancestors)


def _is_place_pobj(tok: Token) -> bool:
    """'in Karachi', or 'in the city of Tikrit'."""
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in PLACE_PREPS:
        return True
    return prep.lower_ == "of" and _place_noun(prep.head)


def is_locative(tok: Token) -> bool:
    """Whether a place name is used as a location: 'in X', 'the X bombing', 'near Y, X'.

    A place as subject or object ("Baghdad said", "condemned Damascus") stands for its
    government and is an actor, not a scene.
    """
    if tok.dep_ == "pobj":
        return _is_place_pobj(tok)
    if tok.dep_ in {"compound", "nmod", "amod"}:
        # "the Karbala bombing", "Khanasir town" - but not "Seville fans" or "Los Angeles police"
        head = tok.head
        return head.pos_ == "NOUN" and (
            _place_noun(head) or head.lower_ in EVENT_NOUNS or head.lemma_.lower() in FACILITY_NOUNS
        )
    if tok.dep_ == "poss":  # "Grozny's streets"
        return _place_noun(tok.head)
    if tok.dep_ in {"appos", "conj"}:
        return is_locative(tok.head)
    return False


def _sentence_places(cand: Candidate, *, res: Resources, focus: str | None) -> Location | None:
    """The named sub-national place nearest the trigger anywhere in the sentence.

    News sentences name one scene; when it is not attached to the trigger's clause, it is
    usually in a neighbouring clause ("..., killing 12 in Karbala"). Countries are left to
    the fallback so a city always wins over the country that contains it.
    """
    actor_tokens = {i for m in cand.actors for i in range(m.start, m.end)}
    sent = cand.sentence.span
    # Place entities, plus proper names that a place noun introduces whatever the NER called them.
    heads = [ent.root for ent in entities_in(sent) if ent.label_ in PLACE_LABELS]
    heads += [
        t
        for t in sent
        if t.pos_ == "PROPN" and t.ent_type_ not in PLACE_LABELS and t.dep_ in {"compound", "pobj"}
    ]
    best: tuple[tuple[int, int], Location] | None = None
    for tok in heads:
        if tok.i in actor_tokens or not is_locative(tok) or _in_attribution(tok):
            continue
        loc = _place_of(tok, res=res, focus=focus)
        if loc is None or loc.precision == "country":
            continue
        distance = (int(_is_reference(tok) or _broad(loc)), abs(tok.i - cand.trigger.i))
        if best is None or distance < best[0]:
            best = (distance, loc)
    return best[1] if best else None


def _party_places(cand: Candidate, *, res: Resources, focus: str | None) -> Location | None:
    doc = cand.trigger.doc
    for mention in cand.actors + cand.recipients:
        span = doc[mention.start : mention.end]
        head = mention.head
        # "the embassy in Tripoli", "the commander of the police in Benghazi"
        for tok in list(head.subtree):
            if (
                tok.dep_ == "pobj"
                and tok.head.lower_ in {"in", "at", "from"}
                and tok.head.head.i in range(span.start, span.end)
            ):
                loc = _place_of(tok, res=res, focus=focus)
                if loc is not None and loc.precision != "country":
                    return loc
        # "the Tobruk air force base"
        for ent in entities_in(span):
            if ent.label_ in PLACE_LABELS and ent.root.dep_ == "compound":
                loc = geocode(ent.text, res=res, focus_country=focus)
                if loc is not None and loc.precision == "city":
                    return loc
    return None


def _paragraph_city(
    cand: Candidate, state: DocState, *, res: Resources, focus: str | None
) -> Location | None:
    """The latest city named earlier in the same paragraph (reports stay in one place)."""
    for sent in reversed(state.sentences[: cand.sentence.index]):
        if sent.paragraph != cand.sentence.paragraph:
            break
        for ent in reversed(entities_in(sent.span)):
            if ent.label_ in PLACE_LABELS:
                loc = geocode(ent.text, res=res, focus_country=focus)
                if loc is not None and loc.precision == "city":
                    return loc
    return None


def _country_fallback(cand: Candidate, *, res: Resources, focus: str | None) -> Location | None:
    for ent in entities_in(cand.sentence.span):
        if ent.label_ == "GPE":
            iso3 = res.gazetteer.country_code(ent.text)
            if iso3 and iso3 in res.gazetteer.countries:
                return res.gazetteer.countries[iso3].to_location(ent.text)
    for mention in cand.actors + cand.recipients:
        iso3 = mention.party.country
        if iso3 and iso3 not in _INTERNATIONAL and iso3 in res.gazetteer.countries:
            country = res.gazetteer.countries[iso3]
            return country.to_location(country.name)
    if focus and focus in res.gazetteer.countries:
        country = res.gazetteer.countries[focus]
        return country.to_location(country.name)
    return None


def focus_country(state: DocState, res: Resources) -> str | None:
    """The country the article is mostly about: most named countries, cities and demonyms."""
    votes: Counter[str] = Counter()
    for doc in state.docs:
        for ent in doc_entities(doc):
            if ent.label_ in {"GPE", "NORP"}:
                code = res.gazetteer.country_of_word(ent.text)
                if code is None and ent.label_ == "GPE":
                    place = res.gazetteer.resolve_place(ent.text)
                    code = place.country if place is not None else None
                if code:
                    votes[code] += 1
        for tok in doc:
            if tok.ent_iob_ == "O" and tok.pos_ == "ADJ":
                code = res.gazetteer.demonym(tok.text)
                if code:
                    votes[code] += 1
    return votes.most_common(1)[0][0] if votes else None


@stage("focus", requires=["docs"], assigns=["focus_country"])
def assign_focus(state: DocState, res: Resources) -> None:
    state.focus_country = focus_country(state, res)


@stage("locations", requires=["candidates", "focus_country"], assigns=["candidates.location"])
def assign_locations(state: DocState, res: Resources) -> None:
    focus = state.focus_country
    for cand in state.candidates:
        cand.location = (
            _clause_places(cand, res=res, focus=focus)
            or _sentence_places(cand, res=res, focus=focus)
            or _capital_in_clause(cand, res=res, focus=focus)
            or _party_places(cand, res=res, focus=focus)
            or _paragraph_city(cand, state, res=res, focus=focus)
            or _country_fallback(cand, res=res, focus=focus)
        )
