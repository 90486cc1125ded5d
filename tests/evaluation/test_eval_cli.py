from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from eval_factories import FakeExtractor, event, place

from sitrep import cli_eval
from sitrep.cli_eval import eval_command

TEXTS = ["Border guards fired on smugglers.", "The union called a strike.", "No event in this one."]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeExtractor:
    extractor = FakeExtractor(
        {
            TEXTS[0]: [event("ASSAULT", actors=["border guards"], recipients=["smugglers"])],
            TEXTS[1]: [event("PROTEST", actors=["the union"])],
        }
    )
    monkeypatch.setattr(cli_eval, "_load_extractor", lambda: extractor)
    return extractor


@pytest.fixture
def plover_gold(tmp_path: Path) -> Path:
    labels = ["ASSAULT", "PROTEST", "AID"]
    path = tmp_path / "gold.jsonl"
    lines = [
        {"id": f"r{i}", "text": t, "event_plover2021": lab, "source": [{"text": "union"}], "target": []}
        for i, (t, lab) in enumerate(zip(TEXTS, labels, strict=True))
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def test_json_output_has_every_figure(fake: FakeExtractor, plover_gold: Path) -> None:
    result = CliRunner().invoke(eval_command, [str(plover_gold), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == "plover"
    assert data["correct"] == 2 and data["abstentions"] == 1
    assert data["accuracy"] == pytest.approx(2 / 3)
    assert data["confusion"]["AID"] == {"(none)": 1}
    assert data["source"]["found"] == 1 and data["source"]["total"] == 3
    assert data["target"]["records"] == 0 and data["target"]["rate"] is None
    assert data["failed"] == []


def test_table_output_and_limit(fake: FakeExtractor, plover_gold: Path) -> None:
    result = CliRunner().invoke(eval_command, [str(plover_gold), "--limit", "1", "--format", "plover"])
    assert result.exit_code == 0, result.output
    assert "accuracy" in result.output and "Confusion" in result.output
    assert [a.text for a in fake.seen] == TEXTS[:1]


def test_each_missed_limit_is_one_line_and_exit_1(fake: FakeExtractor, plover_gold: Path) -> None:
    args = [str(plover_gold), "--json", "--min-accuracy", "0.9", "--min-source", "0.2", "--min-target", "0.5"]
    result = CliRunner().invoke(eval_command, args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("accuracy 0.667 is below --min-accuracy 0.9")
    assert lines[1].startswith("target found: not measured")


def test_a_limit_of_another_format_is_refused(fake: FakeExtractor, plover_gold: Path) -> None:
    result = CliRunner().invoke(eval_command, [str(plover_gold), "--max-extra", "3"])
    assert result.exit_code == 1
    assert "--max-extra applies to sitrep gold" in result.output
    assert fake.seen == []


def test_missing_gold_file_is_one_line(fake: FakeExtractor, tmp_path: Path) -> None:
    result = CliRunner().invoke(eval_command, [str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: gold file not found: {tmp_path / 'absent.jsonl'}"]


def test_location_limits(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = "Riot police cleared a square in Dorn on Monday."
    start = text.index("cleared")
    loc = {"text": "Dorn", "start": text.index("Dorn"), "end": text.index("Dorn") + 4}
    gold = tmp_path / "loc.jsonl"
    record = {"id": "x", "text": text, "event_verb": [{"text": "cleared", "start": start, "end": start + 7}]}
    other = {"id": "y", "text": "Talks went on.", "event_verb": [{"text": "went", "start": 6, "end": 10}]}
    lines = [{**record, "event_locations": [loc]}, {**other, "event_locations": []}]
    gold.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    found = event("COERCE", trigger=(start, start + 7), location=place("Dorn"))
    monkeypatch.setattr(cli_eval, "_load_extractor", lambda: FakeExtractor({text: [found]}))
    ok = CliRunner().invoke(eval_command, [str(gold), "--min-location", "0.7", "--max-false-location", "0.2"])
    assert ok.exit_code == 0, ok.output
    assert "location found" in ok.output
    monkeypatch.setattr(cli_eval, "_load_extractor", lambda: FakeExtractor({}))
    bad = CliRunner().invoke(
        eval_command, [str(gold), "--min-location", "0.7", "--max-false-location", "0.2"]
    )
    assert bad.exit_code == 1
    assert bad.stderr.strip().splitlines() == ["location found 0.000 is below --min-location 0.7"]


def test_help_has_an_example() -> None:
    assert eval_command.help and "Example" in eval_command.help
    assert all(p.help for p in eval_command.params if hasattr(p, "help") and p.param_type_name == "option")


def test_sitrep_gold_table_and_max_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    story = "Ferry strike\n\nDock workers walked out in Port Alva on Friday.\n"
    (tmp_path / "story.txt").write_text(story, encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(
        json.dumps(
            {
                "article": "story.txt",
                "published": "2022-06-04",
                "match_rules": "see SCORING.md",
                "events": [{"id": "S1", "required": True, "types": ["PROTEST"], "actor_any": ["dock"]}],
                "must_not": [],
                "alliances": {"bloc_a": ["Dock workers"], "bloc_b": ["Ferry owners"]},
            }
        ),
        encoding="utf-8",
    )
    events = [
        event("PROTEST", actors=["dock workers"], recipients=["ferry owners"], date="2022-06-03"),
        event("AID", actors=["a charity"], sentence="A charity handed out food."),
        event("THREATEN", actors=["ferry owners"], tags=["future"], sentence="Owners may sack them."),
    ]
    monkeypatch.setattr(cli_eval, "_load_extractor", lambda: FakeExtractor({story: events}))
    result = CliRunner().invoke(eval_command, [str(gold), "--max-extra", "0"])
    assert result.exit_code == 1
    assert "Extra events" in result.output and "Tagged events" in result.output
    assert result.stderr.strip().splitlines() == ["extra events 1 is above --max-extra 0"]
    data = json.loads(CliRunner().invoke(eval_command, [str(gold), "--json"]).output)
    assert data["required_found"] == 1 and data["extra_count"] == 1 and len(data["tagged"]) == 1
    assert data["alliance"]["blocs"]["Dock workers"] is not None
