"""The docs cannot drift: every command has help text and a section in docs/cli.md (as in sqlite-utils)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from sitrep.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = ROOT / "docs" / "cli.md"


def walk(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        full = f"{prefix}{name}"
        yield full, command
        if isinstance(command, click.Group):
            yield from walk(command, f"{full} ")


COMMANDS = sorted(walk(cli))


def test_there_are_commands() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"extract", "ingest", "events", "export", "summary"} <= names


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    assert command.help and command.help.strip(), f"sitrep {name} has no help text"
    assert "Example" in command.help, f"the help of sitrep {name} has no Example block"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"option {param.opts[0]} of sitrep {name} has no help"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_is_documented(name: str, command: click.Command) -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    assert re.search(rf"^## sitrep {re.escape(name)}\s*$", text, re.M), (
        f"docs/cli.md lacks '## sitrep {name}'"
    )


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_documented_options_exist(name: str, command: click.Command) -> None:
    """Every option of a command is mentioned in its section of docs/cli.md."""
    text = CLI_DOC.read_text(encoding="utf-8")
    match = re.search(rf"^## sitrep {re.escape(name)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/cli.md lacks '## sitrep {name}'"
    section = match.group(1)
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            long = max(param.opts, key=len)
            assert long in section, f"docs/cli.md, sitrep {name}: option {long} is not documented"


def test_readme_leads_with_make_demo_and_make_test() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    head = readme[:1500]
    assert "make demo" in head and "make test" in head, "README must lead with make demo / make test"


def test_docs_links_resolve() -> None:
    for doc in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"
