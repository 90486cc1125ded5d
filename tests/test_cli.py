"""The command line: exit codes, one-line errors, ingest counts, event filters and formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sitrep import __version__
from sitrep.cli import cli
from sitrep.store import open_store

# tests/ is on sys.path (rootdir conftest), so the engine tests' fake pipeline is importable.
from engine.fake_pipeline import load_fake  # isort: skip

ARTICLES = [
    {
        "id": "t1",
        "title": "Attack in Tripoli",
        "text": "Militia fighters attacked a police station in Tripoli, killing 3. Residents fled.",
        "published": "2014-05-18",
        "source": "Wire One",
    },
    {
        "id": "t2",
        "title": "Protest in Benghazi",
        "text": "Students protested outside the university in Benghazi. Shops stayed closed.",
        "published": "2014-05-19",
        "source": "Wire Two",
    },
    {
        "id": "t3",
        "title": "Border incident",
        "text": "Smugglers attacked a border patrol near Cairo, killing 1. The army sent reinforcements.",
        "published": "2014-06-02",
        "source": "Wire One",
    },
]


@pytest.fixture(autouse=True)
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sitrep.pipeline.load_pipeline", load_fake, raising=False)
    monkeypatch.delenv("SITREP_DB", raising=False)
    monkeypatch.delenv("SITREP_DEBUG", raising=False)


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def write_jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8"
    )
    return path


def assert_one_line_error(result: Result) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A database holding the three articles above."""
    path = str(tmp_path / "events.db")
    result = run("ingest", str(write_jsonl(tmp_path / "a.jsonl", ARTICLES)), "--db", path, "--workers", "1")
    assert result.exit_code == 0, result.output
    return path


# -- errors -------------------------------------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_nonexistent_db_directory_is_one_line() -> None:
    result = run("events", "--db", "/nonexistent/dir/x.db")
    assert_one_line_error(result)
    assert "directory does not exist" in result.stderr


def test_sitrep_db_environment_variable(db: str) -> None:
    result = CliRunner(env={"SITREP_DB": db}).invoke(cli, ["events", "--raw"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 3


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_bad_published_is_a_user_error(command: str, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", ARTICLES[:1])
    result = run(command, str(path), "--published", "next week", "--db", str(tmp_path / "x.db"))
    if command == "extract":  # extract has no --db: a usage error, so try again without it
        result = run(command, str(path), "--published", "next week")
    assert_one_line_error(result)


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--limit", "many"],
        ["no-such-command"],
        ["ingest"],
        ["export", "--format", "xml", "-o", "x"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_bad_date_filter_is_a_user_error(db: str) -> None:
    assert_one_line_error(run("events", "--db", db, "--since", "last spring"))


def test_unexpected_exception_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken() -> None:
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr("sitrep.pipeline.load_pipeline", broken, raising=False)
    path = str(write_jsonl(tmp_path / "a.jsonl", ARTICLES[:1]))
    result = run("extract", path)
    assert_one_line_error(result)
    assert "internal error: RuntimeError: disk on fire" in result.stderr
    monkeypatch.setenv("SITREP_DEBUG", "1")
    debug = CliRunner().invoke(cli, ["extract", path])
    assert isinstance(debug.exception, RuntimeError)


# -- extract ------------------------------------------------------------------------------------------


def test_extract_prints_a_json_list(tmp_path: Path) -> None:
    result = run("extract", str(write_jsonl(tmp_path / "a.jsonl", ARTICLES)))
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert [e["event_type"] for e in events] == ["ASSAULT", "PROTEST", "ASSAULT"]
    assert events[0]["evidence"]["sentence"].startswith("Militia fighters attacked")


def test_extract_from_stdin_with_published(tmp_path: Path) -> None:
    text = "Raid\n\nGunmen attacked a checkpoint in Benghazi, killing 2.\n"
    result = run("extract", "-", "--published", "2014-05-20", "--format", "jsonl", input=text)
    assert result.exit_code == 0, result.output
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (event["date"], event["dead"], event["location"]["name"]) == ("2014-05-20", 2, "Benghazi")


def test_extract_reports_bad_input_and_keeps_going(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [ARTICLES[0], "{broken", ARTICLES[1]])
    result = run("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert f"{path}:2" in result.stderr


# -- ingest -------------------------------------------------------------------------------------------


def test_ingest_with_a_malformed_line(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "feed.jsonl", [ARTICLES[0], '{"id": "x", "text": ', ARTICLES[1], ARTICLES[2]]
    )
    db = str(tmp_path / "s.db")
    result = run("ingest", str(path), "--db", db, "--workers", "1")
    assert result.exit_code == 1
    assert f"{path}:2" in result.stderr
    assert "Traceback" not in result.output
    assert "3 articles read: 3 stored, 0 unchanged, 1 skipped" in result.stdout
    store = open_store(db)
    assert store.counts()["articles"] == 3
    store.close()


def test_ingest_twice_is_idempotent(tmp_path: Path) -> None:
    path = str(write_jsonl(tmp_path / "feed.jsonl", ARTICLES))
    db = str(tmp_path / "s.db")
    first = run("ingest", path, "--db", db, "--workers", "1")
    assert first.exit_code == 0 and "3 stored, 0 unchanged, 0 skipped" in first.stdout
    store = open_store(db)
    before = store.counts()
    store.close()
    second = run("ingest", path, "--db", db, "--workers", "1")
    assert second.exit_code == 0, second.output
    assert "0 stored, 3 unchanged, 0 skipped, 0 duplicates; 0 events" in second.stdout
    store = open_store(db)
    assert store.counts() == before
    store.close()


# -- events -------------------------------------------------------------------------------------------


def events_json(*args: str) -> list[dict[str, object]]:
    result = run("events", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def test_events_fused_by_default_raw_on_request(db: str) -> None:
    fused = events_json("--db", db)
    raw = events_json("--db", db, "--raw")
    assert len(raw) == 3
    assert all("source_count" in e for e in fused)
    assert not any("source_count" in e for e in raw)


@pytest.mark.parametrize(
    ("args", "types"),
    [
        (["--country", "EGY"], ["ASSAULT"]),
        (["--country", "lby"], ["PROTEST", "ASSAULT"]),
        (["--type", "protest"], ["PROTEST"]),
        (["--actor", "SMUGGLERS"], ["ASSAULT"]),
        (["--since", "2014-05-19", "--until", "2014-05"], ["PROTEST"]),
        (["--since", "2014-06"], ["ASSAULT"]),
        (["--q", "police station"], ["ASSAULT"]),
        (["--limit", "1"], ["ASSAULT"]),
        (["--limit", "1", "--offset", "1"], ["PROTEST"]),
    ],
)
def test_events_filters(db: str, args: list[str], types: list[str]) -> None:
    for raw in ([], ["--raw"]):
        assert [e["event_type"] for e in events_json("--db", db, *raw, *args)] == types


def test_events_jsonl_csv_table(db: str) -> None:
    jsonl = run("events", "--db", db, "--raw", "--format", "jsonl")
    assert [json.loads(line)["date"] for line in jsonl.stdout.splitlines()] == [
        "2014-06-02",
        "2014-05-19",
        "2014-05-18",
    ]
    table = run("events", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [r["location"] for r in rows] == ["Cairo", "Benghazi", "Tripoli"]
    assert rows[2]["dead"] == "3" and rows[2]["actors"] == "Militia fighters"
    assert "source_count" in rows[0]
    shown = run("events", "--db", db, "--format", "table")
    assert shown.exit_code == 0
    assert "event_type" in shown.stdout and "PROTEST" in shown.stdout


def test_events_empty_database(tmp_path: Path) -> None:
    assert events_json("--db", str(tmp_path / "empty.db")) == []


# -- export and summary -------------------------------------------------------------------------------


def test_export_guesses_format_from_extension(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    result = run("export", "--db", db, "-o", str(out), "--country", "LBY")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2


def test_export_needs_a_format(db: str, tmp_path: Path) -> None:
    assert run("export", "--db", db, "-o", str(tmp_path / "events.txt")).exit_code == 2


def test_export_plover_to_stdout(db: str) -> None:
    result = run("export", "--db", db, "--format", "plover", "-o", "-", "--raw")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["source_actor"]["text"] for r in records} == {"Militia fighters", "Students", "Smugglers"}


def test_summary(db: str) -> None:
    data = json.loads(run("summary", "--db", db, "--format", "json").stdout)
    assert (data["articles"], data["raw_events"], data["killed"]) == (3, 3, 4)
    assert data["by_type"] == {"ASSAULT": 2, "PROTEST": 1}
    assert (data["first_date"], data["last_date"]) == ("2014-05-18", "2014-06-02")
    table = run("summary", "--db", db)
    assert table.exit_code == 0 and "Killed: 4" in table.stdout and "Events by type" in table.stdout


# -- the real pipeline --------------------------------------------------------------------------------


@pytest.mark.model
def test_extract_with_the_real_pipeline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.undo()
    pipeline = pytest.importorskip("sitrep.pipeline")
    if not hasattr(pipeline, "load_pipeline"):
        pytest.skip("the pipeline is not in this build yet")
    path = tmp_path / "a.txt"
    path.write_text(
        "Fighting in Benghazi\n\n"
        "Armed men attacked a police station in Benghazi on Sunday, killing four officers.\n",
        encoding="utf-8",
    )
    result = run("extract", str(path), "--published", "2014-05-20")
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert any(e["event_type"] == "ASSAULT" for e in events)
