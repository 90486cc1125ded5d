"""Situation report: counting, ordering and self-contained rendering, on hand-built fused events."""

from __future__ import annotations

import re
from datetime import date

import pytest

from sitrep.analysis.escalation import detect_alerts
from sitrep.analysis.escalation_eval import synthetic_series
from sitrep.analysis.report import build_report, describe_realignment, render_html, render_markdown, toll_text
from sitrep.analysis.report_svg import MapPoint, fit_bbox, load_outlines, render_chart, render_map, sparkline
from sitrep.models import Event, Evidence, FusedEvent, Location, Party, SourceReport

TRIPOLI = Location(text="Tripoli", name="Tripoli", country="LBY", lat=32.89, lon=13.19, precision="city")
BENGHAZI = Location(text="Benghazi", name="Benghazi", country="LBY", lat=32.12, lon=20.07, precision="city")
TOBRUK = Location(text="Tobruk", name="Tobruk", country="LBY", lat=32.08, lon=23.96, precision="city")
SIGONELLA = Location(
    text="Sigonella", name="Sigonella", country="ITA", lat=37.40, lon=14.92, precision="place"
)

HAFTAR = Party(text="the renegade general", name="Khalifa Haftar", country="LBY", sector="MIL")
CONGRESS = Party(text="the national assembly", name="General National Congress", country="LBY", sector="LEG")
COMMANDER = Party(text="a special forces colonel", name="Wanis Bukhmada", country="LBY", sector="MIL")
MILITIA = Party(text="an Islamist militia", name="Ansar al-Sharia", country="LBY", sector="REB")
USA = Party(text="Washington", name="United States", country="USA", sector="GOV")


def fused(
    event_id: str,
    event_type: str,
    day: str | None,
    sentence: str,
    *,
    actors: list[Party],
    recipients: list[Party] | None = None,
    location: Location | None = None,
    dead: int | None = None,
    injured: int | None = None,
    outlets: tuple[str, ...] = ("Desk One",),
    tags: list[str] | None = None,
    intensity: float = -5.0,
) -> FusedEvent:
    evidence = Evidence(sentence=sentence, start=0, end=len(sentence))
    event = Event(
        id=event_id,
        article_id=f"art-{event_id}-0",
        event_type=event_type,
        evidence=evidence,
        actors=actors,
        recipients=recipients or [],
        date=day,
        location=location,
        dead=dead,
        injured=injured,
        intensity=intensity,
        tags=tags or [],
        confidence=0.8,
    )
    sources = [
        SourceReport(article_id=f"art-{event_id}-{i}", event_id=event_id, evidence=evidence, source=name)
        for i, name in enumerate(outlets)
    ]
    return FusedEvent(event=event, sources=sources)


def libya_events() -> list[FusedEvent]:
    """A crisis in the shape of the sample article, written in our own words. Toll: 4 killed, 90 injured."""
    return [
        fused(
            "e-support",
            "SUPPORT",
            "2014-05-19",
            "A colonel of the special forces said his unit now backs the general.",
            actors=[COMMANDER],
            recipients=[HAFTAR],
            location=BENGHAZI,
            intensity=3.0,
        ),
        fused(
            "e-assault",
            "ASSAULT",
            "2014-05-18",
            "Gunmen loyal to the general attacked the assembly building.",
            actors=[HAFTAR],
            recipients=[CONGRESS],
            location=TRIPOLI,
            dead=4,
            injured=90,
            outlets=("Desk One", "Wire Two", "Paper Three"),
            intensity=-9.0,
        ),
        fused(
            "e-mobilize",
            "MOBILIZE",
            "2014-05-20",
            "Washington moved aircraft and marines to a base in Sicily.",
            actors=[USA],
            location=SIGONELLA,
            intensity=-2.0,
        ),
        fused(
            "e-threat",
            "THREATEN",
            "2014-05-20",
            "The militia vowed to fight the general's forces.",
            actors=[MILITIA],
            recipients=[HAFTAR],
            location=BENGHAZI,
            intensity=-4.0,
        ),
        fused(
            "e-maybe",
            "ASSAULT",
            "2014-05-21",
            "Officials feared clashes could kill dozens next week.",
            actors=[MILITIA],
            recipients=[HAFTAR],
            location=TOBRUK,
            dead=30,
            tags=["hypothetical"],
        ),
    ]


NETWORK = {
    "nodes": [
        {"id": "n1", "name": "Khalifa Haftar", "country": "LBY", "sector": "MIL", "bloc": 0, "events": 4},
        {"id": "n2", "name": "Wanis Bukhmada", "country": "LBY", "sector": "MIL", "bloc": 0, "events": 1},
        {"id": "n3", "name": "Ansar al-Sharia", "country": "LBY", "sector": "REB", "bloc": 1, "events": 1},
    ],
    "edges": [
        {"source": "n2", "target": "n1", "relation": "ally", "weight": 1.0, "event_ids": ["e-support"]},
        {"source": "n3", "target": "n1", "relation": "hostile", "weight": 2.5, "event_ids": ["e-threat"]},
    ],
    "blocs": [["Khalifa Haftar", "Wanis Bukhmada"], ["Ansar al-Sharia"]],
}


def test_toll_text() -> None:
    assert toll_text(4, 90) == "4 killed and 90 injured"
    assert toll_text(0, 3) == "3 injured"
    assert toll_text(0, 0) == "no deaths or injuries reported"


def test_report_counts_headline_toll_and_leaves_tagged_events_out() -> None:
    report = build_report(fused_events=libya_events(), network=NETWORK, alerts=[])
    assert (report.killed, report.injured, report.events, report.left_out) == (4, 90, 4, 1)
    assert "4 killed and 90 injured" in report.headline
    assert dict(report.by_type) == {"ASSAULT": 1, "SUPPORT": 1, "MOBILIZE": 1, "THREATEN": 1}
    assert [code for code, _, _ in report.countries] == ["LBY", "ITA"]
    assert report.period == "from 2014-05-18 to 2014-05-20"
    assert [d.events for d in report.daily] == [1, 1, 2]
    assert report.sources == 6  # three outlets for the assault, one for each other event


def test_markdown_states_toll_and_sections() -> None:
    md = render_markdown(build_report(fused_events=libya_events(), network=NETWORK, alerts=[]))
    assert "4 killed" in md and "90 injured" in md
    for heading in (
        "## Summary",
        "## Places",
        "## Activity",
        "## Timeline",
        "## Factions and alliances",
        "## Alerts",
    ):
        assert heading in md
    assert "| Tripoli | LBY |" in md
    assert "3: Desk One, Wire Two, Paper Three" in md
    assert "Khalifa Haftar → **ASSAULT** → General National Congress" in md
    assert "Officials feared" not in md  # hypothetical event left out


def test_timeline_is_in_date_order() -> None:
    report = build_report(fused_events=libya_events(), network=None, alerts=[])
    dates = [t.date for t in report.timeline]
    assert dates == sorted(dates) and dates[0] == "2014-05-18"
    html = render_html(report)
    positions = [html.index(s) for s in ("attacked the assembly", "now backs the general", "moved aircraft")]
    assert positions == sorted(positions)


def test_filters_by_country_and_window() -> None:
    report = build_report(
        fused_events=libya_events(), alerts=[], country="LBY", since="2014-05-19", until=date(2014, 5, 20)
    )
    assert {t.event_id for t in report.timeline} == {"e-support", "e-threat"}
    assert report.killed == 0 and report.title == "Situation report: Libya"


def test_html_is_self_contained_with_map_and_chart() -> None:
    html = render_html(
        build_report(fused_events=libya_events(), network=NETWORK, alerts=[], title="Libya <crisis>")
    )
    assert html.count("<svg") >= 2
    assert 'class="map"' in html and 'class="chart"' in html
    assert "Libya &lt;crisis&gt;" in html  # autoescaped
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(\s*['\"]?(https?:)?//", html, re.I)
    assert not re.search(r"\bsrc\s*=", html, re.I)
    assert "http://" not in html and "https://" not in html
    assert "4 killed and 90 injured" in html
    assert "Tripoli" in html and "Bloc 1" in html


def test_html_escapes_event_text() -> None:
    events = [
        fused(
            "x",
            "PROTEST",
            "2014-05-18",
            "<script>alert(1)</script> crowds",
            actors=[CONGRESS],
            location=TRIPOLI,
        )
    ]
    html = render_html(build_report(fused_events=events, alerts=[]))
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_map_draws_country_outlines_around_events() -> None:
    outlines = load_outlines()
    if not outlines:
        pytest.skip("country outlines not built (scripts/build-map-data.sh)")
    libya = next(c for c in outlines if c["iso3"] == "LBY")
    assert 9 < libya["bbox"][0] < 10 and 33 < libya["bbox"][3] < 34
    svg = str(
        render_map(
            [MapPoint(lat=32.89, lon=13.19, place="Tripoli", event_type="ASSAULT", events=1, dead=4)],
            highlight=["LBY"],
        )
    )
    assert "<title>Libya</title>" in svg and "<title>Tunisia</title>" in svg
    assert "<title>Brazil</title>" not in svg  # far outside the fitted box


def test_fit_bbox_pads_and_keeps_aspect() -> None:
    (west, south, east, north), height = fit_bbox(
        [(13.0, 32.0), (24.0, 32.5)], width=760, min_height=300, max_height=560
    )
    assert west < 13.0 and east > 24.0 and south < 32.0 and north > 32.5
    assert 300 <= height <= 560


def test_chart_and_sparkline() -> None:
    report = build_report(fused_events=libya_events(), alerts=[])
    svg = str(render_chart(report.daily))
    assert svg.count('class="bar"') == 3 and "events per day" in svg and "killed per day" in svg
    assert sparkline([0, 1, 2]) == "▁▅█" and sparkline([0, 0]) == "▁▁"


def test_realignment_lines() -> None:
    assert describe_realignment({"actor": "Wanis Bukhmada", "from": 1, "to": 0, "date": "2014-05-19"}) == (
        "2014-05-19: Wanis Bukhmada moved from bloc 2 to bloc 1"
    )
    assert describe_realignment({"message": "X changed sides"}) == "X changed sides"
    shaped_like_network = {
        "actor": "Wanis Bukhmada",
        "from_bloc_members": ["Ansar al-Sharia"],
        "to_bloc_members": ["Khalifa Haftar"],
        "second_window": ["2014-05-19", "2014-05-20"],
        "turned_hostile": True,
    }
    assert describe_realignment(shaped_like_network) == (
        "2014-05-19: Wanis Bukhmada moved from Ansar al-Sharia to Khalifa Haftar"
        " and turned hostile to former allies"
    )
    md = render_markdown(
        build_report(
            fused_events=libya_events(), network=NETWORK, alerts=[], realignments=[{"actor": "A", "to": 0}]
        )
    )
    assert "### Changes of allegiance" in md and "- A joined bloc 1" in md


def test_report_lists_alert_for_injected_spike() -> None:
    data = synthetic_series(seed=3, n_spikes=3)
    alerts = detect_alerts(data.events)
    found = sorted(set(data.spikes) & {(a.key, a.date) for a in alerts})
    assert found
    country, day = found[0]
    report = build_report(fused_events=data.events, alerts=alerts, country=country)
    md = render_markdown(report)
    assert all(a.key == country for a in report.alerts)
    assert day in {a.date for a in report.alerts} and "## Alerts" in md
    assert all(a.message in md for a in report.alerts)
    html = render_html(report)
    assert html.count('class="alert ') == len(report.alerts)
