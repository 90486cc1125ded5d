"""A small, invented conflict scenario stored by hand (no model), and a stand-in pipeline.

Two weeks of skirmishes between an invented "Northern Brigade" and "Coastal Guard" in Libyan cities, one
event a day, then a burst of seven attacks on 2024-03-15 (so an escalation alert fires), an alliance or
two (so the network has blocs), a protest in Cairo, and one clash reported by two outlets (so fusion has a
cluster with two sources). Every sentence is written for these tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sitrep.analysis import refresh_fusion
from sitrep.models import Article, ArticleResult, Event, Evidence, Location, Party, Span
from sitrep.store import Store

CITIES = {
    "Tripoli": ("LBY", 32.89, 13.18),
    "Benghazi": ("LBY", 32.12, 20.07),
    "Misrata": ("LBY", 32.38, 15.09),
    "Sirte": ("LBY", 31.21, 16.59),
    "Cairo": ("EGY", 30.04, 31.24),
    "Derna": ("LBY", 32.77, 22.64),
    "Tobruk": ("LBY", 32.08, 23.96),
    "Sabha": ("LBY", 27.04, 14.43),
    "Ajdabiya": ("LBY", 30.76, 20.23),
    "Gharyan": ("LBY", 32.17, 13.02),
    "Zliten": ("LBY", 32.47, 14.57),
    "Ghadames": ("LBY", 30.13, 9.50),
}
BURST = ("Derna", "Tobruk", "Sabha", "Ajdabiya", "Gharyan", "Zliten", "Ghadames")
NORTH = ("Northern Brigade", "LBY", "REB")
COAST = ("Coastal Guard", "LBY", "MIL")
DESERT = ("Desert Shield", "LBY", "REB")
UNITY = ("Unity Government", "LBY", "GOV")
STUDENTS = ("student groups", "EGY", "EDU")
VERBS = {
    "ASSAULT": "shelled",
    "AGREE": "signed a truce with",
    "SUPPORT": "sent supplies to",
    "PROTEST": "rallied against",
}
INTENSITY = {"ASSAULT": -9.0, "AGREE": 4.2, "SUPPORT": 4.6, "PROTEST": -6.6}


@dataclass(frozen=True)
class Spec:
    day: str
    event_type: str
    actor: tuple[str, str, str]
    recipient: tuple[str, str, str]
    city: str
    dead: int | None = None
    source: str = "Wire One"
    tag: str = ""


def party(spec: tuple[str, str, str]) -> Party:
    name, country, sector = spec
    return Party(text=f"the {name}", name=name, country=country, sector=sector)


def stored_result(spec: Spec, index: int) -> ArticleResult:
    """One article whose text is a title line and one sentence, with the event that sentence states."""
    who, whom = spec.actor[0], spec.recipient[0]
    toll = f", leaving {spec.dead} dead" if spec.dead else ""
    sentence = f"The {who} {VERBS[spec.event_type]} the {whom} near {spec.city}{toll}."
    title = f"{spec.city} report {index}"
    text = f"{title}\n\n{sentence}"
    start = text.index(sentence)
    art = Article(
        text=text,
        id=f"art-{index:03d}",
        title=title,
        published=spec.day,
        source=spec.source,
        url=f"https://news.example/{index}",
    )
    country, lat, lon = CITIES[spec.city]
    verb = VERBS[spec.event_type].split()[0]
    trigger_at = sentence.index(verb) + start
    event = Event(
        article_id=art.id,
        event_type=spec.event_type,
        evidence=Evidence(
            sentence=sentence,
            start=start,
            end=start + len(sentence),
            trigger=Span(verb, trigger_at, trigger_at + len(verb)),
        ),
        actors=[party(spec.actor)],
        recipients=[party(spec.recipient)],
        date=spec.day,
        date_text=None,
        date_source="published",
        location=Location(text=spec.city, name=spec.city, country=country, lat=lat, lon=lon),
        dead=spec.dead,
        quad_class=4 if spec.event_type == "ASSAULT" else 1,
        intensity=INTENSITY[spec.event_type],
        confidence=0.9,
        tags=[spec.tag] if spec.tag else [],
        explain="hand-built for the API tests",
    )
    return ArticleResult(article=art, events=[event])


def scenario() -> list[Spec]:
    cities = ["Tripoli", "Misrata", "Sirte", "Benghazi"]
    specs = [Spec(f"2024-03-{d:02d}", "ASSAULT", NORTH, COAST, cities[d % 4]) for d in range(1, 15)]
    specs += [Spec("2024-03-15", "ASSAULT", NORTH, COAST, city, dead=i + 2) for i, city in enumerate(BURST)]
    specs += [
        Spec("2024-03-05", "AGREE", NORTH, DESERT, "Misrata"),
        Spec("2024-03-09", "SUPPORT", UNITY, COAST, "Tripoli"),
        Spec("2024-03-10", "ASSAULT", DESERT, UNITY, "Tripoli", dead=3),
        Spec("2024-03-12", "PROTEST", STUDENTS, UNITY, "Cairo"),
        Spec("2024-03-13", "ASSAULT", DESERT, UNITY, "Benghazi", dead=4, tag="hypothetical"),
        # The same clash as the day's first event, told by another outlet with another toll.
        Spec("2024-03-11", "ASSAULT", NORTH, COAST, cities[11 % 4], dead=2, source="Wire Two"),
    ]
    return specs


def fill(store: Store, specs: Iterable[Spec]) -> list[ArticleResult]:
    results = [stored_result(spec, i) for i, spec in enumerate(specs)]
    store.save(results)
    refresh_fusion(store)
    return results


class FakeExtractor:
    """A stand-in pipeline: one SUPPORT event per article whose text mentions "supplies"."""

    def __init__(self) -> None:
        self.articles: list[str] = []

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for art in articles:
            self.articles.append(art.id)
            events = []
            at = art.text.find("supplies")
            if at >= 0:
                events.append(
                    Event(
                        article_id=art.id,
                        event_type="SUPPORT",
                        evidence=Evidence(sentence=art.text, start=0, end=len(art.text)),
                        actors=[party(UNITY)],
                        recipients=[party(COAST)],
                        date=art.published_date,
                    )
                )
            yield ArticleResult(article=art, events=events)


@dataclass
class Loader:
    """Counts how often the app asks for the pipeline: GET requests must never do so."""

    extractor: FakeExtractor
    calls: int = 0

    def __call__(self) -> FakeExtractor:
        self.calls += 1
        return self.extractor
