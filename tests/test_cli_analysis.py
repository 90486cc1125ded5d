"""``sitrep actors|network|alerts|report`` over a hand-built database (no model needed)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from sitrep.analysis.fusion import refresh_fusion
from sitrep.cli import cli
from sitrep.models import Article, ArticleResult, Event, Evidence, Location, Party
from sitrep.store import open_store

TRIPOLI = Location(text="Tripoli", name="Tripoli", country="LBY", lat=32.89, lon=13.19, precision="city")
BENGHAZI = Location(text="Benghazi", name="Benghazi", country="LBY", lat=32.12, lon=20.07, precision="city")


def party(text: str, name: str | None = None, sector: str | None = "MIL") -> Party:
    return Party(text=text, name=name, country="LBY", sector=sector)


def event(
    article: str,
    etype: str,
    actors: list[Party],
    recipients: list[Party] | None = None,
    *,
    day: str,
    where: Location | None = BENGHAZI,
    dead: int | None = None,
    injured: int | None = None,
    n: int = 0,
) -> Event:
    sentence = f"Sentence {n} of {article}: {etype}."
    return Event(
        article_id=article,
        event_type=etype,
        evidence=Evidence(sentence=sentence, start=40 * n, end=40 * n + len(sentence)),
        actors=actors,
        recipients=recipients or [],
        date=day,
        location=where,
        dead=dead,
        injured=injured,
        intensity={"ASSAULT": -9.3, "SUPPORT": 4.6, "COOPERATE": 6.8, "THREATEN": -5.1}.get(etype),
        confidence=0.8,
    )


def corpus() -> list[tuple[Article, list[Event]]]:
    """May: the Misrata Brigade fights beside the Dawn Coalition; July: it backs the Dignity Operation.

    Two outlets report the same Tripoli attack with different tolls, and 12 July is an unusually
    violent day after a month of one clash a day.
    """
    dawn, dignity, misrata = party("Dawn Coalition"), party("Dignity Operation"), party("Misrata Brigade")
    haftar = party("General Khalifa Haftar", "Khalifa Haftar")
    items: list[tuple[Article, list[Event]]] = []

    def article(aid: str, day: str, source: str, events: list[Event]) -> None:
        text = " ".join(e.evidence.sentence for e in events)
        items.append((Article(id=aid, text=text, published=day, source=source, title=aid), events))

    article(
        "may-1",
        "2014-05-10",
        "Wire One",
        [
            event("may-1", "ASSAULT", [dignity], [dawn], day="2014-05-10", n=0),
            event("may-1", "COOPERATE", [misrata], [dawn], day="2014-05-10", n=1),
            event("may-1", "ASSAULT", [misrata], [dignity], day="2014-05-10", n=2),
        ],
    )
    article(
        "jul-1",
        "2014-07-10",
        "Wire One",
        [
            event("jul-1", "ASSAULT", [dignity], [dawn], day="2014-07-10", n=0),
            event("jul-1", "SUPPORT", [misrata], [dignity], day="2014-07-10", n=1),
            event("jul-1", "ASSAULT", [misrata], [dawn], day="2014-07-10", n=2),
            event("jul-1", "SUPPORT", [party("Haftar's forces")], [dignity], day="2014-07-10", n=3),
            event(
                "jul-1",
                "THREATEN",
                [party("Lions of Monotheism", sector="REB")],
                [haftar],
                day="2014-07-10",
                n=4,
            ),
        ],
    )
    # The same attack from two outlets, with different tolls.
    for aid, source, dead, injured in (("tolls-a", "Wire One", 2, 55), ("tolls-b", "Wire Two", 2, 66)):
        article(
            aid,
            "2014-07-11",
            source,
            [
                event(
                    aid,
                    "ASSAULT",
                    [dawn],
                    [party("Congress", sector="LEG")],
                    day="2014-07-11",
                    where=TRIPOLI,
                    dead=dead,
                    injured=injured,
                )
            ],
        )
    # A quiet month (one clash a day), then a burst of ten clashes on 12 July.
    start = date(2014, 6, 10)
    for i in range(33):
        day = (start + timedelta(days=i)).isoformat()
        count = 10 if day == "2014-07-12" else 1
        aid = f"daily-{day}"
        article(
            aid,
            day,
            "Local Radio",
            [event(aid, "ASSAULT", [party(f"Gang {i}-{k}")], [], day=day, n=k) for k in range(count)],
        )
    return items


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("analysis") / "sitrep.db")
    store = open_store(path)
    try:
        store.save(ArticleResult(article=a, events=evs) for a, evs in corpus())
        refresh_fusion(store)
    finally:
        store.close()
    return path


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    return result


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


# -- actors -------------------------------------------------------------------------------------------


def test_actors_json_folds_aliases_and_filters(db: str) -> None:
    records = json.loads(ok("actors", "--db", db, "--name", "haftar"))
    names = {r["name"] for r in records}
    assert names == {"Khalifa Haftar", "Haftar's forces"}
    forces = next(r for r in records if r["name"] == "Haftar's forces")
    assert forces["affiliations"] == ["Khalifa Haftar"]
    busy = json.loads(ok("actors", "--db", db, "--min-events", "3", "--sector", "MIL"))
    assert {r["name"] for r in busy} == {"Dawn Coalition", "Dignity Operation", "Misrata Brigade"}
    assert json.loads(ok("actors", "--db", db, "--sector", "REB")) == [
        json.loads(ok("actors", "--db", db, "--name", "lions"))[0]
    ]


def test_actors_window_and_formats(db: str) -> None:
    may = json.loads(ok("actors", "--db", db, "--until", "2014-05"))
    assert {r["name"] for r in may} == {"Dawn Coalition", "Dignity Operation", "Misrata Brigade"}
    rows = list(csv.DictReader(io.StringIO(ok("actors", "--db", db, "--name", "forces", "--format", "csv"))))
    assert rows[0]["name"] == "Haftar's forces" and rows[0]["affiliations"] == "Khalifa Haftar"
    table = ok("actors", "--db", db, "--format", "table")
    assert "Misrata Brigade" in table and "affiliations" in table
    lines = ok("actors", "--db", db, "--country", "lby", "--format", "jsonl").splitlines()
    assert all(json.loads(line)["country"] == "LBY" for line in lines) and len(lines) > 5


# -- network ------------------------------------------------------------------------------------------


def names_by_bloc(data: dict) -> dict[str, int]:
    return {n["name"]: n["bloc"] for n in data["nodes"]}


def test_network_json_is_the_contract_shape_and_windows_show_the_change(db: str) -> None:
    may = json.loads(ok("network", "--db", db, "--since", "2014-05-01", "--until", "2014-05-31"))
    assert set(may) == {"nodes", "edges", "blocs"}
    assert {"id", "name", "country", "sector", "bloc", "events"} <= set(may["nodes"][0])
    assert {"source", "target", "relation", "weight", "first", "last", "event_ids"} <= set(may["edges"][0])
    bloc = names_by_bloc(may)
    assert bloc["Misrata Brigade"] == bloc["Dawn Coalition"] != bloc["Dignity Operation"]
    july = json.loads(ok("network", "--db", db, "--since", "2014-07-01", "--until", "2014-07-31"))
    bloc = names_by_bloc(july)
    assert bloc["Misrata Brigade"] == bloc["Dignity Operation"] != bloc["Dawn Coalition"]
    # "Haftar's forces" is tied to Haftar by its wording alone; the Lions threaten Haftar.
    assert bloc["Haftar's forces"] == bloc["Khalifa Haftar"] != bloc["Lions of Monotheism"]
    ids = {n["name"]: n["id"] for n in july["nodes"]}
    lions = {(e["source"], e["target"]): e["relation"] for e in july["edges"]}
    assert lions[tuple(sorted((ids["Lions of Monotheism"], ids["Khalifa Haftar"])))] == "hostile"


def test_network_half_life_changes_weights(db: str) -> None:
    def weight(*extra: str) -> float:
        data = json.loads(ok("network", "--db", db, *extra))
        return max(e["weight"] for e in data["edges"])

    assert weight("--half-life", "0") > weight("--half-life", "5")


def test_network_other_formats(db: str, tmp_path: Path) -> None:
    out = tmp_path / "net.graphml"
    result = run("network", "--db", db, "--format", "graphml", "-o", str(out))
    assert result.exit_code == 0 and "wrote" in result.stderr
    graph = nx.read_graphml(out)
    assert "Misrata Brigade" in {d["name"] for _, d in graph.nodes(data=True)}
    assert ok("network", "--db", db, "--format", "dot").startswith("graph sitrep {")
    kinds = {json.loads(line)["kind"] for line in ok("network", "--db", db, "--format", "jsonl").splitlines()}
    assert kinds == {"node", "edge"}
    rows = list(csv.DictReader(io.StringIO(ok("network", "--db", db, "--format", "csv"))))
    assert {"Misrata Brigade", "Dawn Coalition"} <= {r["source_name"] for r in rows} | {
        r["target_name"] for r in rows
    }
    table = ok("network", "--db", db, "--format", "table")
    assert "Blocs" in table and "Edges" in table


def test_network_realignments(db: str) -> None:
    found = json.loads(
        ok(
            "network",
            "--db",
            db,
            "--realignments",
            "--since",
            "2014-05",
            "--until",
            "2014-07-10",
            "--split",
            "2014-06-15",
        )
    )
    assert [r["actor"] for r in found] == ["Misrata Brigade"]
    assert found[0]["from_bloc_members"] == ["Dawn Coalition"]
    assert "Dignity Operation" in found[0]["to_bloc_members"] and found[0]["turned_hostile"]
    table = ok("network", "--db", db, "--realignments", "--split", "2014-06-15", "--format", "table")
    assert "Misrata Brigade" in table


@pytest.mark.parametrize(
    "args",
    [
        ["--split", "2014-06-15"],  # --split without --realignments
        ["--realignments", "--format", "dot"],
        ["--format", "svg"],
    ],
)
def test_network_usage_errors(db: str, args: list[str]) -> None:
    assert run("network", "--db", db, *args).exit_code == 2


# -- alerts -------------------------------------------------------------------------------------------


def test_alerts_flag_the_burst(db: str) -> None:
    found = json.loads(ok("alerts", "--db", db))
    assert {(a["date"], a["key"]) for a in found} == {("2014-07-12", "LBY")}
    events = next(a for a in found if a["metric"] == "events")
    assert events["observed"] == 10 and events["driving"] and events["event_ids"]
    assert json.loads(ok("alerts", "--db", db, "--country", "EGY")) == []
    assert json.loads(ok("alerts", "--db", db, "--until", "2014-07-11")) == []  # nothing after --until
    assert json.loads(ok("alerts", "--db", db, "--min-count", "11")) == []
    rows = list(csv.DictReader(io.StringIO(ok("alerts", "--db", db, "--format", "csv"))))
    assert rows and rows[0]["date"] == "2014-07-12" and "p_value" in rows[0]
    assert "2014-07-12" in ok("alerts", "--db", db, "--format", "table", "--by", "admin1")


def test_alerts_threshold_must_be_a_probability(db: str) -> None:
    assert run("alerts", "--db", db, "--threshold", "2").exit_code == 2


# -- report -------------------------------------------------------------------------------------------


def test_report_markdown_to_stdout(db: str) -> None:
    md = ok("report", "--db", db, "--since", "2014-07-11", "--until", "2014-07-11", "--title", "Tripoli day")
    assert md.startswith("# Tripoli day")
    # Fused once: same-day reports of 55 and 66 injured give the conservative headline, not a sum.
    assert "2 killed and 55 injured" in md and "121 injured" not in md
    assert "Wire One" in md and "Wire Two" in md  # both outlets are cited for the fused attack


def test_report_html_to_a_new_folder(db: str, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "r.html"
    result = run("report", "--db", db, "--format", "html", "-o", str(out), "--country", "LBY")
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "wrote" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "Misrata Brigade" in html


@pytest.mark.parametrize("args", [["--since", "2014-13"], ["--since", "2014-07-02", "--until", "2014-07-01"]])
def test_report_bad_dates_are_one_line_errors(db: str, args: list[str]) -> None:
    result = run("report", "--db", db, *args)
    assert result.exit_code == 1, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_commands_on_an_empty_database(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    assert json.loads(ok("actors", "--db", db)) == []
    assert json.loads(ok("network", "--db", db)) == {"nodes": [], "edges": [], "blocs": []}
    assert json.loads(ok("alerts", "--db", db)) == []
    assert "No events" in ok("report", "--db", db)


# -- network rules the commands rely on (network.py lives with the lead's tests; these are the new rules) --


def test_a_unit_that_crosses_over_while_its_old_patron_falls_silent_is_a_realignment() -> None:
    from sitrep.analysis.network import build_network, detect_realignments

    chief, saiqa, base = party("Chief of Staff", sector="GOV"), party("Saiqa"), party("Tobruk Air Base")
    haftar, lna, lions = party("Khalifa Haftar"), party("Libyan National Army"), party("Lions", sector="REB")
    before, after = "2014-05-16", "2014-05-19"
    events = [
        event("o1", "COOPERATE", [saiqa], [chief], day=before),
        event("o2", "AGREE", [base], [chief], day=before),
        event("o3", "REJECT", [chief], [haftar], day=before),
        event("o4", "ASSAULT", [haftar, lna], [lions], day=before),
        event("n1", "COOPERATE", [saiqa], [haftar], day=after),
        event("n2", "SUPPORT", [base], [haftar], day=after),
        event("n3", "ASSAULT", [haftar, lna], [lions], day=after),
        # Forces gathered against someone are hostile to it.
        event("n4", "MOBILIZE", [lions], [lna], day=after),
    ]
    found = detect_realignments(events, split=after)
    assert sorted(r.actor for r in found) == ["Saiqa", "Tobruk Air Base"]
    saiqa_change = next(r for r in found if r.actor == "Saiqa")
    assert "Chief of Staff" in saiqa_change.from_bloc_members
    assert "Khalifa Haftar" in saiqa_change.to_bloc_members
    net = build_network(events, since=after)
    ids = {n.name: n.id for n in net.nodes}
    assert [e.relation for e in net.edges_between(ids["Lions"], ids["Libyan National Army"])] == ["hostile"]
    # Haftar's camp did not move: neither he nor the army is reported.
    assert detect_realignments([e for e in events if e.article_id != "n1" and e.article_id != "n2"]) == []
