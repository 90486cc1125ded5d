"""The ``sitrep`` command line: thin click commands over the library (sqlite-utils style).

Every command turns a ``SitrepError`` into one line on stderr and exit status 1; usage errors exit 2.
An unexpected exception is also one line ("internal error: ...") unless ``SITREP_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sitrep import __version__
from sitrep.errors import SitrepError

if TYPE_CHECKING:
    from sitrep.engine.local import IngestProgress
    from sitrep.models import Article, Event, FusedEvent
    from sitrep.store.base import EventQuery, Store

F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "table")
EXPORT_FORMATS = ("csv", "jsonl", "parquet", "geojson", "plover")
TABLE_COLUMNS = ("date", "event_type", "actors", "recipients", "location", "country", "dead", "injured", "id")


def _one_line(message: str) -> str:
    lines = [line.strip() for line in str(message).strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


class SitrepGroup(click.Group):
    """A group whose commands never show a traceback: errors become one line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SitrepError as exc:
            raise click.ClickException(_one_line(str(exc))) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # e.g. `sitrep events | head`: stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None
        except Exception as exc:
            if os.environ.get("SITREP_DEBUG") == "1":
                raise
            reason = _one_line(str(exc)) if str(exc).strip() else ""
            name = type(exc).__name__
            raise click.ClickException(
                f"internal error: {name}: {reason}" if reason else f"internal error: {name}"
            ) from None


# -- shared option bundles ---------------------------------------------------------------------------


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        metavar="URL",
        envvar="SITREP_DB",
        show_envvar=True,
        help="Database: a file path, sqlite:///PATH or postgresql://... [default: sitrep.db]",
    )(func)


def output_options(func: F) -> F:
    """``--format`` for every command that prints records (JSON by default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(OUTPUT_FORMATS),
        default="json",
        show_default=True,
        help="Output format: a JSON list, JSON lines, CSV or a table.",
    )(func)


def metadata_options(func: F) -> F:
    """Metadata for inputs that carry none of their own."""
    for decorator in reversed(
        (
            click.option("--published", metavar="DATE", help="Publication date for inputs without one."),
            click.option("--source", metavar="NAME", help="Outlet name for inputs without one."),
            click.option("--url", metavar="URL", help="URL for inputs without one."),
        )
    ):
        func = decorator(func)
    return func


def filter_options(func: F) -> F:
    """The event filters shared by ``events`` and ``export``."""
    for decorator in reversed(
        (
            click.option(
                "--country", metavar="ISO3", help="Events located in this country (ISO 3166-1 alpha-3)."
            ),
            click.option(
                "--actor", metavar="TEXT", help="An actor or recipient contains TEXT (case-insensitive)."
            ),
            click.option("--type", "event_type", metavar="TYPE", help="PLOVER event type, e.g. ASSAULT."),
            click.option("--since", metavar="DATE", help="On or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
            click.option("--until", metavar="DATE", help="On or before DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
            click.option("--q", "q", metavar="TEXT", help="The evidence sentence contains TEXT."),
            click.option(
                "--raw", is_flag=True, help="One record per article mention instead of fused events."
            ),
        )
    ):
        func = decorator(func)
    return func


def paths_argument(func: F) -> F:
    return click.argument("paths", nargs=-1, required=True, metavar="PATH...")(func)


# -- helpers ------------------------------------------------------------------------------------------


def _open(db: str | None) -> Store:
    from sitrep.store import open_store

    return open_store(db)


def _query(*, limit: int | None = None, offset: int = 0, **filters: Any) -> EventQuery:
    from sitrep.store.base import EventQuery

    return EventQuery(limit=limit, offset=offset, **filters)


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


def _flatten(record: dict[str, Any]) -> dict[str, Any]:
    from sitrep.export import flatten

    return flatten(record)


def _emit(records: Iterator[dict[str, Any]], fmt: str, *, fused: bool = False) -> int:
    from sitrep.export import CSV_COLUMNS
    from sitrep.output import emit

    columns = CSV_COLUMNS if fused else tuple(c for c in CSV_COLUMNS if c != "source_count")
    table = (*TABLE_COLUMNS[:-1], "source_count", "id") if fused else TABLE_COLUMNS
    return emit(
        records,
        fmt=fmt,
        stream=sys.stdout,
        flatten=_flatten,
        csv_columns=columns,
        table_columns=table,
    )


def _use_fused(store: Store, raw: bool) -> bool:
    return not raw and store.counts().get("fused_events", 0) > 0


# -- commands -----------------------------------------------------------------------------------------


@click.group(cls=SitrepGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="sitrep")
def cli() -> None:
    """News articles in, evidence-linked PLOVER event data out.

    Extract events from articles, store them, query and export them.

    Example:

    \b
        sitrep ingest demo/articles --db sitrep.db
        sitrep events --db sitrep.db --country LBY --format table
    """


@cli.command()
@paths_argument
@metadata_options
@output_options
def extract(
    paths: tuple[str, ...], published: str | None, source: str | None, url: str | None, fmt: str
) -> None:
    """Print the events of the given articles. Stateless: no database.

    PATH is a .txt, .html or .jsonl file, a directory (read recursively) or - for stdin.
    Bad inputs are reported on stderr with their path and line and skipped; the exit status
    is then 1.

    Example:

    \b
        sitrep extract article.txt --published 2014-05-20
        sitrep extract news/ --format jsonl > events.jsonl
    """
    from sitrep.ingest import BadInput, Deduper, read_articles

    items = Deduper()(read_articles(list(paths), published=published, source=source, url=url))
    bad: list[str] = []

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, BadInput):
                bad.append(str(item))
                _echo_err(f"skipped {item}")
            else:
                yield item

    def records() -> Iterator[dict[str, Any]]:
        from sitrep import pipeline

        extractor = pipeline.load_pipeline()  # type: ignore[attr-defined]
        for result in extractor.extract_many(articles()):
            for event in result.events:
                yield event.to_dict()

    _emit(records(), fmt)
    if bad:
        raise click.ClickException(f"{len(bad)} bad input{'s' if len(bad) > 1 else ''} skipped")


@cli.command()
@paths_argument
@db_option
@click.option(
    "--engine",
    type=click.Choice(("local", "ray")),
    default="local",
    show_default=True,
    help="Where extraction runs: local processes, or a Ray cluster.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Extraction processes. [default: the number of CPUs]",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=32,
    show_default=True,
    help="Articles per database write.",
)
@click.option(
    "--ray-address",
    metavar="ADDRESS",
    help="With --engine ray: join this Ray cluster (e.g. auto) instead of starting a local runtime.",
)
@metadata_options
def ingest(
    paths: tuple[str, ...],
    db: str | None,
    engine: str,
    workers: int | None,
    batch_size: int,
    ray_address: str | None,
    published: str | None,
    source: str | None,
    url: str | None,
) -> None:
    """Extract events from articles and store both. Idempotent.

    Articles already stored (same text) are not extracted again. Bad inputs are reported on
    stderr with their path and line, skipped and counted; the good ones are stored and the
    exit status is 1. A progress bar shows on a terminal.

    Example:

    \b
        sitrep ingest demo/articles --db sitrep.db
        sitrep ingest feed.jsonl --db postgresql://user@host/sitrep --workers 4
        cat article.txt | sitrep ingest - --published 2014-05-20
        sitrep ingest feed.jsonl --engine ray --ray-address auto --workers 8
    """
    from sitrep.engine import get_engine

    if ray_address and engine != "ray":
        raise click.UsageError("--ray-address needs --engine ray")
    run = get_engine(engine)
    extra: dict[str, Any] = {"ray_address": ray_address} if engine == "ray" else {}
    store = _open(db)
    try:
        with _ProgressReporter(enabled=sys.stderr.isatty()) as reporter:
            summary = run(
                list(paths),
                store=store,
                published=published,
                source=source,
                url=url,
                workers=workers or os.cpu_count() or 1,
                batch_size=batch_size,
                on_progress=reporter,
                **extra,
            )
    finally:
        store.close()
    click.echo(summary.line())
    if summary.skipped:
        n = summary.skipped
        raise click.ClickException(
            f"{n} bad input{'s were' if n > 1 else ' was'} skipped; the rest was stored"
        )


class _ProgressReporter:
    """``on_progress`` for ingest: a rich progress line on a terminal, plain stderr lines otherwise."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> _ProgressReporter:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]ingest[/]"),
                BarColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("starting", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, state: IngestProgress) -> None:
        if state.bad:
            if self.progress is not None:
                self.progress.console.print(f"skipped {state.bad}", markup=False, highlight=False)
            else:
                _echo_err(f"skipped {state.bad}")
        if self.progress is not None:
            self.progress.update(
                self.task,
                description=(
                    f"{state.read} read, {state.stored} stored, {state.unchanged} unchanged, "
                    f"{state.skipped} skipped, {state.events} events"
                ),
            )


@cli.command()
@db_option
@filter_options
@click.option(
    "--limit", type=click.IntRange(min=0), default=100, show_default=True, help="At most N events (0: all)."
)
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Skip the first N events."
)
@output_options
def events(
    db: str | None,
    country: str | None,
    actor: str | None,
    event_type: str | None,
    since: str | None,
    until: str | None,
    q: str | None,
    raw: bool,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """Query stored events, newest first.

    Gives fused events (one per real-world event, with its sources) once fusion has run, and
    raw article mentions otherwise or with --raw.

    Example:

    \b
        sitrep events --country LBY --type ASSAULT --since 2014-05-16 --format table
        sitrep events --actor haftar --raw --format csv > haftar.csv
    """
    query = _query(
        country=country,
        actor=actor,
        event_type=event_type,
        since=since,
        until=until,
        q=q,
        limit=limit or None,
        offset=offset,
    )
    store = _open(db)
    try:
        fused = _use_fused(store, raw)
        page = store.query_fused(query) if fused else store.query_events(query)
        items: list[Event] | list[FusedEvent] = page.events
        _emit((item.to_dict() for item in items), fmt, fused=fused)
        if sys.stderr.isatty() and page.total > offset + len(items):
            _echo_err(f"showing {len(items)} of {page.total} events; use --limit and --offset for more")
    finally:
        store.close()


def _guess_format(output: str) -> str | None:
    suffixes = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet", ".geojson": "geojson"}
    return suffixes.get(os.path.splitext(output)[1].lower())


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="File format. [default: from the file extension of -o]",
)
@click.option(
    "-o", "--output", required=True, metavar="FILE", help="File to write; - for stdout (not for parquet)."
)
@filter_options
def export(
    db: str | None,
    fmt: str | None,
    output: str,
    country: str | None,
    actor: str | None,
    event_type: str | None,
    since: str | None,
    until: str | None,
    q: str | None,
    raw: bool,
) -> None:
    """Export stored events to a file: CSV, JSONL, Parquet, GeoJSON or PLOVER JSONL.

    Exports every matching event (fused when fusion has run, else raw; --raw forces raw).
    GeoJSON keeps only events with coordinates.

    Example:

    \b
        sitrep export -o events.csv
        sitrep export --format plover -o plover.jsonl --country LBY
        sitrep export --format geojson -o map.geojson --since 2014-05
    """
    from sitrep.export import export_events

    chosen = fmt or _guess_format(output)
    if chosen is None:
        raise click.UsageError("cannot tell the format from the file name; give --format")
    query = _query(country=country, actor=actor, event_type=event_type, since=since, until=until, q=q)
    store = _open(db)
    try:
        items: Any = store.query_fused(query).events if _use_fused(store, raw) else store.iter_events(query)
        count = export_events(items, fmt=chosen, path=output)
    finally:
        store.close()
    if output != "-":
        _echo_err(f"wrote {count} events to {output} ({chosen})")


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
    help="A readable summary, or the same numbers as JSON.",
)
def summary(db: str | None, fmt: str) -> None:
    """Summarize a database: articles, events by type and country, top actors, casualties, dates.

    Counts fused events when fusion has run, so an event reported by several outlets counts once.

    Example:

    \b
        sitrep summary --db sitrep.db
        sitrep summary --format json
    """
    import json

    from rich.console import Console

    from sitrep.cli_summary import print_summary, summarize

    store = _open(db)
    try:
        data = summarize(store)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_summary(data, Console(file=sys.stdout))


# -- commands defined in other modules ----------------------------------------------------------------

from sitrep.cli_analysis import actors, alerts, network, report  # noqa: E402  (they use the helpers above)

cli.add_command(actors)
cli.add_command(network)
cli.add_command(alerts)
cli.add_command(report)

from sitrep.cli_bench import bench_command  # noqa: E402

cli.add_command(bench_command)

from sitrep.cli_eval import eval_command  # noqa: E402

cli.add_command(eval_command)


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="sitrep")


from sitrep.cli_serve import serve_command  # noqa: E402

cli.add_command(serve_command)


if __name__ == "__main__":
    main()
