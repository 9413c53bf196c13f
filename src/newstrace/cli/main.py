"""The ``newstrace`` command line (INTERFACE.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from newstrace import __version__
from newstrace.errors import NewstraceError, StageUnavailable
from newstrace.ingest.limits import DOCUMENT_TIME_LIMIT
from newstrace.pipeline import registry

app = typer.Typer(
    name="newstrace",
    help="Who said what, what happened, and who copied whom, across scraped news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class LazyEvalGroup(TyperGroup):
    """``newstrace eval TASK``: a task's module (and its heavy imports, e.g. scikit-learn)
    is loaded only when that task is asked for, not at every start of the CLI."""

    # Context/Command types are typer's vendored click: typed loosely on purpose.
    def list_commands(self, ctx: Any) -> list[str]:
        tasks = [n for n, ref in EVAL_TASKS.items() if registry.available(ref)]
        return [*super().list_commands(ctx), *tasks]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        ref = EVAL_TASKS.get(cmd_name)
        if cmd is None and ref and registry.available(ref):
            single = typer.Typer()
            single.command(cmd_name)(registry.load(ref))
            cmd = typer.main.get_command(single)
        return cmd


eval_app = typer.Typer(
    cls=LazyEvalGroup, help="Score the pipeline on an annotated corpus.", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")

# Sub-commands contributed by stages: name -> "module:function" (a Typer command) or
# "module:app" (a Typer group). Absent modules are simply not offered.
EVAL_TASKS = {
    "polnear": "newstrace.claims.evaluate:eval_polnear",
    "case": "newstrace.events.evaluate:eval_case",
    "muc4": "newstrace.events.evaluate:eval_muc4",
    "events-precision": "newstrace.events.evaluate:eval_events_precision",
    "events-places": "newstrace.events.evaluate:eval_events_places",
    "reuse": "newstrace.reuse.evaluate:eval_reuse",
    "extraction": "newstrace.clean.evaluate:eval_extraction",
    "split": "newstrace.clean.split_eval:eval_split",
    "metadata": "newstrace.metadata.evaluate:eval_metadata",
    "semeval23": "newstrace.framing.evaluate:eval_semeval23",
    "semeval25": "newstrace.framing.evaluate:eval_semeval25",
}
GROUPS = {
    "entities": "newstrace.entities.cli:app",
    "train": "newstrace.training.cli:app",
}


def fail(err: NewstraceError) -> None:
    typer.echo(f"newstrace: {err}", err=True)
    raise typer.Exit(err.exit_code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newstrace {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """newstrace: turn a folder of news pages into a database you can query."""


def source_lines(summary: Any, source_pattern: str) -> list[str]:
    """What file paths told about outlets and dates, so the user sees the guess."""
    lines = []
    for pattern, (count, example) in sorted(summary.path_inferences.items()):
        how = "guessed" if source_pattern.strip().lower() == "auto" else "read"
        lines.append(f"outlet/date {how} from file paths by '{pattern}' for {count} documents (e.g. {example})")
    if lines and source_pattern.strip().lower() == "auto":
        lines.append("set --source-pattern to change this, or --source-pattern none to turn it off")
    if summary.documents_without_outlet:
        lines.append(
            f"{summary.documents_without_outlet} documents have no outlet (no outlet field, site name, "
            "address or path tells it; see --source-pattern)"
        )
    return lines


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
    db: Annotated[str, typer.Option("--db", help="SQLite file (created if missing) or postgresql:// URL.")],
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes.")] = 1,
    engine: Annotated[str, typer.Option("--engine", help="local (processes on this machine) or dask.")] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: the address of a running Dask scheduler (tcp://HOST:8786); "
            "without it a local cluster of --workers processes is started.",
        ),
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Also write a static HTML report here.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list the files skipped (hidden, unknown extension, symlinks).")] = False,
    time_limit: Annotated[
        float,
        typer.Option("--time-limit", min=0, help="Seconds one document's extraction and cleaning may take before it is stopped and reported (0: no limit)."),
    ] = DOCUMENT_TIME_LIMIT,
    follow_symlinks: Annotated[
        bool, typer.Option("--follow-symlinks", help="Read symbolic links that lead out of the input folder, and linked folders.")
    ] = False,
    embeddings: Annotated[
        bool,
        typer.Option(
            "--embeddings/--no-embeddings",
            help="Find and confirm reworded reuse with sentence embeddings (on by default; "
            "--no-embeddings: lexical reuse only, same as NEWSTRACE_EMBEDDINGS=0).",
        ),
    ] = True,
    event_precision: Annotated[
        str | None,
        typer.Option(
            "--event-precision",
            help="Events stage's precision gate: 'precise' (default; blind news precision 0.809, "
            "212 of 322 right events kept) or 'balanced' (lower bars: 0.742, 262 of 322 kept); "
            "data/events/gate_presets.yaml, same as NEWSTRACE_EVENT_PRECISION=NAME. Another "
            "preset re-runs the events stage on analysed articles.",
        ),
    ] = None,
    source_pattern: Annotated[
        str,
        typer.Option(
            "--source-pattern",
            help="What file paths tell: e.g. '{outlet}/{slug}' (a folder per outlet) or "
            "'{outlet}_{date}_{slug}' (breitbart_2015-11-11_x.txt); placeholders {outlet}, {date}, "
            "{slug}, {any}. 'auto' (default) guesses these two layouts; 'none' reads nothing from paths.",
        ),
    ] = "auto",
) -> None:
    """Read, clean and analyse articles into the database."""
    from newstrace.outlets.paths import SourcePatternError, SourcePatterns
    from newstrace.pipeline.analyze import analyze as run_analyze
    from newstrace.pipeline.progress import ProgressReporter
    from newstrace.store import open_store

    if engine not in ("local", "dask"):
        fail(NewstraceError(f"unknown --engine {engine!r}: use local or dask."))
    try:
        patterns = SourcePatterns.parse(source_pattern)
    except SourcePatternError as e:
        fail(NewstraceError(str(e)))
    if not embeddings:
        from newstrace.reuse import embed

        os.environ[embed.ENV] = "0"  # read by the reuse stage, here and in worker processes
    from newstrace.events import presets

    if event_precision is not None:
        os.environ[presets.ENV] = event_precision  # read by the events stage, here and in worker processes
    try:
        presets.from_env()  # an unknown name stops the run before any document is read
    except NewstraceError as e:
        fail(e)
    progress = ProgressReporter(enabled=not quiet)
    try:
        with open_store(db) as store:
            summary = run_analyze(
                paths, store, workers=workers, engine=engine, scheduler=scheduler, progress=progress,
                source_pattern=patterns, follow_symlinks=follow_symlinks, time_limit=time_limit,
            )
            if report is not None:
                _write_report(store, report)
    except NewstraceError as e:
        progress.close()
        fail(e)
    except KeyboardInterrupt:
        progress.close()
        typer.echo(
            "newstrace: interrupted. Finished documents are stored; run the same command "
            "again to finish the rest.",
            err=True,
        )
        raise typer.Exit(130) from None
    progress.close()
    from newstrace.problems.report import counts_phrase, run_lines

    for line in run_lines(summary.problems, db):
        typer.echo(f"newstrace: {line}", err=True)
    for line in source_lines(summary, source_pattern):
        typer.echo(f"newstrace: {line}", err=True)
    if verbose:
        for line in summary.skipped.lines():
            typer.echo(f"newstrace: {line}", err=True)
    skipped = f" Skipped: {summary.skipped.phrase()}." if len(summary.skipped) else ""
    typer.echo(
        f"newstrace: {summary.documents_seen} documents seen, {summary.documents_stored} stored "
        f"({summary.articles_stored} articles), {summary.documents_unchanged} unchanged, "
        f"{summary.articles_analysed} articles analysed, {counts_phrase(summary.problems)}.{skipped}",
        err=True,
    )
    raise typer.Exit(1 if summary.problems else 0)


@app.command()
def problems(
    db: Annotated[str, typer.Option("--db", help="The database written by analyze.")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines (with tracebacks) instead of a table.")] = False,
    stage: Annotated[str | None, typer.Option("--stage", help="Only problems of this stage (read, extract, entities, reuse, ...).")] = None,
) -> None:
    """What went wrong with which document, article and stage (kept until a later run succeeds)."""
    from newstrace.problems.report import as_json_lines, table
    from newstrace.problems.table import iter_problems
    from newstrace.store import open_store

    try:
        with open_store(db, create=False) as store:
            rows = [r for r in iter_problems(store) if stage is None or r["stage"] == stage]
    except NewstraceError as e:
        fail(e)
    if as_json:
        typer.echo(as_json_lines(rows), nl=False)
        return
    if not rows:
        typer.echo("no problems recorded" + (f" for stage {stage!r}" if stage else "") + ".")
        return
    typer.echo(table(rows))
    typer.echo(f"{len(rows)} problem{'s' if len(rows) != 1 else ''}; --json shows tracebacks.")


@app.command()
def export(
    db: Annotated[str, typer.Option("--db", help="The database written by analyze.")],
    what: Annotated[str, typer.Option("--what", help="articles, entities, mentions, claims, events, reuse, stories, techniques, roles, problems, graph.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet (graphml or gexf for graph).")] = "jsonl",
    out: Annotated[str, typer.Option("-o", "--output", help="Output file, or - for stdout.")] = "-",
) -> None:
    """Export records as JSON Lines, CSV or Parquet."""
    from newstrace.export import export as run_export
    from newstrace.store import open_store

    try:
        with open_store(db, create=False) as store:
            n = run_export(store, what, fmt, out)
    except NewstraceError as e:
        fail(e)
    if out != "-":
        typer.echo(f"newstrace: wrote {n} {what} records to {out}", err=True)


@app.command()
def migrate(
    src: Annotated[str, typer.Option("--from", help="The database to copy: a SQLite file or postgresql:// URL.")],
    dst: Annotated[str, typer.Option("--to", help="An empty database to copy into (created if missing).")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Copy a whole corpus to another database, e.g. from SQLite to PostgreSQL."""
    from newstrace.pipeline.progress import ProgressReporter
    from newstrace.store import open_store
    from newstrace.store.copy import copy_store

    progress = ProgressReporter(enabled=not quiet)
    try:
        with open_store(src, create=False) as source, open_store(dst) as target:
            copied = copy_store(source, target, progress)
    except NewstraceError as e:
        progress.close()
        fail(e)
    progress.close()
    rows = sum(copied.values())
    typer.echo(
        f"newstrace: copied {copied.get('articles', 0)} articles ({rows} rows in {len(copied)} tables).",
        err=True,
    )


def _write_report(store: object, out: Path) -> None:
    ref = "newstrace.report.build:write_report"
    if not registry.available(ref):
        raise StageUnavailable(
            "the HTML report is not available in this version yet. Use 'newstrace export' "
            "for JSONL/CSV/Parquet output."
        )
    registry.load(ref)(store, out)


@app.command()
def report(
    db: Annotated[str, typer.Option("--db", help="The database written by analyze.")],
    out: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")],
) -> None:
    """Write one self-contained HTML report."""
    from newstrace.store import open_store

    try:
        with open_store(db, create=False) as store:
            _write_report(store, out)
    except NewstraceError as e:
        fail(e)
    typer.echo(f"newstrace: wrote {out}", err=True)


@app.command()
def serve(
    db: Annotated[str, typer.Option("--db", help="The database written by analyze.")],
    host: Annotated[str, typer.Option("--host", help="Address to bind (local only by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Another host name the app answers to (e.g. a reverse proxy's); repeatable."),
    ] = None,
) -> None:
    """Browse the database in a local web app."""
    ref = "newstrace.web.app:serve"
    try:
        if not registry.available(ref):
            raise StageUnavailable(
                "the web app is not available in this version yet. Use 'newstrace export' "
                "to read the database."
            )
        registry.load(ref)(db, host=host, port=port, allow_hosts=allow_host or [])
    except NewstraceError as e:
        fail(e)


@eval_app.command("tasks")
def eval_tasks() -> None:
    """List the evaluation tasks this build offers."""
    for name, ref in EVAL_TASKS.items():
        state = "available" if registry.available(ref) else "not in this build"
        typer.echo(f"{name}\t{state}")


def _register_plugins() -> None:
    for name, ref in GROUPS.items():
        if registry.available(ref):
            app.add_typer(registry.load(ref), name=name)


_register_plugins()


def run() -> None:
    """Console entry point: an unexpected error becomes one clear line, not a traceback
    (set NEWSTRACE_DEBUG=1 to see it)."""
    import os

    try:
        app()
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("NEWSTRACE_DEBUG"):
            raise
        typer.echo(
            f"newstrace: internal error: {type(e).__name__}: {e}. This is a bug in newstrace: "
            "please report it with the command you ran (NEWSTRACE_DEBUG=1 shows the traceback).",
            err=True,
        )
        sys.exit(3)
