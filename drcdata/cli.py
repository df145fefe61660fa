"""The `drcdata` command: a thin Typer shell over drcdata.api.

Data goes to stdout, messages to stderr. User errors print one clear message and exit 1
(bad data) or 2 (bad usage), never a traceback.
"""
# No `from __future__ import annotations`: Typer would eval() every annotation string (5 ms a run).
import datetime as dt
import inspect
from contextlib import contextmanager
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import api
from .errors import DrcdataError, QueryStuck, UsageError, ValidationFailed, format_problems
from .output import cells, shape_of, table_cut_note, write
from .runner import DEFAULT_TIMEOUT

# -h is --help on every command (subcommands inherit context settings); completion is Typer's.
app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="A sourced dataset on the 2025 DRC-US minerals-for-security story, with SQL reports.")
report_app = typer.Typer(no_args_is_help=True, help="Run a named report; each report's parameters are its options.")
app.add_typer(report_app, name="report")


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class DiffFormat(str, Enum):
    markdown = "markdown"
    json = "json"


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    json = "json"


# Options shared by every command that reads data: defined once here.
# The rule behind both defaults is drcdata.paths's; `drcdata info` shows where they point.
DbOpt = Annotated[Optional[Path], typer.Option("--db", help="Database file (default: $DRCDATA_DB, else the package's build/drcdata.duckdb; for the package bundled in an installed wheel, ~/.cache/drcdata/drcdata.duckdb).")]
PackageOpt = Annotated[Optional[Path], typer.Option("--package", help="datapackage.json or its folder (default: $DRCDATA_PACKAGE, else the checkout around the working directory, else the bundled one).")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", min=1, help="Print at most N rows (says so on stderr when it cuts).")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", help="Stop the query (and its output) after this many seconds.")]
MemoryOpt = Annotated[Optional[str], typer.Option("--memory-limit", help="Memory the query may use, e.g. 512MB or 4GB (default: $DRCDATA_MEMORY_LIMIT or 1GB).")]
WideOpt = Annotated[bool, typer.Option("--wide", help="Print every table cell whole (otherwise the table fits the terminal; ids and URLs are never cut).")]
PackageArg = Annotated[Optional[Path], typer.Argument(help="datapackage.json or the folder holding it (default: the bundled one).")]


def show_version(value: bool) -> None:
    if value:
        from . import __version__
        typer.echo(f"drcdata {__version__}")
        raise typer.Exit()


@app.callback()
def common(version: Annotated[bool, typer.Option("--version", callback=show_version, is_eager=True,
                                                help="Print the version of the data and the tool, and exit.")] = False) -> None:
    """A sourced dataset on the 2025 DRC-US minerals-for-security story, with SQL reports."""


def say(message: str) -> None:
    typer.echo(message, err=True)


def emit(result, fmt: Format, wide: bool = False) -> None:
    show(result.columns, [cells(result.rows, fmt.value)], fmt, wide)
    if result.truncated:
        say(f"(output cut at {len(result.rows)} rows; use --limit to change)")


def show(columns, batches, fmt: Format, wide: bool) -> None:
    from .table_view import screen_width, shortened_note
    written = write(columns, batches, fmt.value, sys.stdout, screen_width(sys.stdout, wide))
    if written.shortened:
        say(shortened_note(written.shortened))
    if written.cut:
        say(table_cut_note(written.rows))


def stream(execution, fmt: Format, wide: bool = False) -> None:
    """Print a running query's rows as they arrive; the timeout covers the printing too."""
    for note in execution.notes:
        say(f"note: {note}")
    with user_errors():
        try:
            execution.start()
            show(execution.columns, execution.batches(), fmt, wide)
        finally:
            execution.close()
    if execution.truncated:
        say(f"(output cut at {execution.limit} rows; use --limit to change)")


@contextmanager
def user_errors():
    """Turn a DrcdataError into its message and exit code; anything else is a bug and keeps its traceback."""
    try:
        yield
    except DrcdataError as exc:
        fail(exc)
    except KeyboardInterrupt:
        say("error: interrupted")
        raise typer.Exit(130) from None
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as other tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None


def fail(exc: DrcdataError) -> None:
    if isinstance(exc, QueryStuck):
        # The worker thread cannot be stopped; only ending the process frees its CPU and memory.
        say(f"error: {exc}; ending the process")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exc.exit_code)
    if isinstance(exc, ValidationFailed):
        say("\n".join(format_problems(exc.problems, exc.total)))
        say(f"error: {exc.total} validation error(s); nothing was built")
    else:
        say(f"error: {exc}")
    raise typer.Exit(exc.exit_code)


@app.command()
def build(package: PackageArg = None, db: DbOpt = None) -> None:
    """Validate the package and build the DuckDB database (atomically: a failed build changes nothing)."""
    with user_errors():
        path = api.build(package, db)
    say(f"built {path}")


@app.command()
def validate(package: PackageArg = None,
             show: Annotated[int, typer.Option("--show", min=1, help="How many errors to print.")] = 50) -> None:
    """Check the CSVs against datapackage.json and the dataset's rules. Exit 0 valid, 1 invalid, 2 usage error."""
    from .validation import format_report
    with user_errors():
        report = api.validate(package)
    if report.valid:
        say(format_report(report))
        return
    say(format_report(report, limit=show))
    raise typer.Exit(1)


@app.command()
def tables(db: DbOpt = None, package: PackageOpt = None, fmt: FormatOpt = Format.table, wide: WideOpt = False) -> None:
    """List the tables with their row counts and descriptions."""
    from .dictionary import table_overview
    with user_errors():
        emit(table_overview(package, db), fmt, wide)


@app.command()
def info(db: DbOpt = None, package: PackageOpt = None, fmt: FormatOpt = Format.table, wide: WideOpt = False) -> None:
    """Which package and database the commands use, whether the database is fresh, as_of, rows per table."""
    import json
    from .info import info as gather, info_rows
    from .sandbox import Result
    with user_errors():
        facts = gather(db, package)
    if fmt is Format.json:
        typer.echo(json.dumps(facts, ensure_ascii=False, indent=2))
    else:
        emit(Result(["item", "value"], [], info_rows(facts)), fmt, wide)


@app.command()
def describe(table: Annotated[str, typer.Argument(help="Table name (see `drcdata tables`).")],
             package: PackageOpt = None, fmt: FormatOpt = Format.table, wide: WideOpt = False) -> None:
    """The data dictionary of one table: columns, types, constraints and descriptions."""
    from .dictionary import describe_table
    with user_errors():
        emit(describe_table(table, package), fmt, wide)


@app.command("reports")
def list_reports(package: PackageOpt = None, fmt: FormatOpt = Format.table, wide: WideOpt = False) -> None:
    """List the named reports: name, title, question and parameters."""
    from .sandbox import Result
    with user_errors():
        rows = [(r.name, r.title, r.question,
                 "; ".join(f"{p.name} {p.type} = {p.default or 'NULL'}" for p in r.params))
                for r in api.reports(package)]
    emit(Result(["name", "title", "question", "parameters"], [], rows), fmt, wide)


@app.command()
def query(sql: Annotated[str, typer.Argument(help="One read-only SQL statement.")],
          db: DbOpt = None, package: PackageOpt = None, fmt: FormatOpt = Format.table, wide: WideOpt = False,
          limit: LimitOpt = None, timeout: TimeoutOpt = DEFAULT_TIMEOUT, memory_limit: MemoryOpt = None) -> None:
    """Run one read-only SQL query in the sandbox."""
    with user_errors():
        execution = api.start_query(sql, db=db, package=package, limit=limit, timeout=timeout,
                                    memory_limit=memory_limit, shape=shape_of(fmt.value))
    stream(execution, fmt, wide)


@app.command()
def export(out: Annotated[Path, typer.Option("--out", help="Folder to write one file per table into.")],
           fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format.")] = ExportFormat.parquet,
           db: DbOpt = None, package: PackageOpt = None) -> None:
    """Write every table to a folder as Parquet, CSV or JSON."""
    from .export import export_tables
    with user_errors():
        for path in export_tables(out, fmt.value, db=db, package=package):
            typer.echo(str(path))


@app.command()
def diff(old: Annotated[str, typer.Argument(help="The older package: a folder, or a git revision such as 3628e18.")],
         new: Annotated[str, typer.Argument(help="The newer package: a folder (`.` is the work tree) or a git revision.")] = ".",
         fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.markdown) -> None:
    """What changed between two versions: rows added, removed and corrected, schema changes, per table."""
    import json
    from .diff import diff_packages, render_markdown
    with user_errors():
        changes = diff_packages(old, new)
    typer.echo(json.dumps(changes.to_json(), ensure_ascii=False, indent=2) if fmt is DiffFormat.json
               else render_markdown(changes).rstrip("\n"))


@app.command()
def release(out: Annotated[Path, typer.Option("--out", help="Folder to write the bundle into (must not exist or be empty).")],
            since: Annotated[Optional[str], typer.Option("--since", help="Git revision of the previous version (default: the one CHANGELOG.md names).")] = None,
            site: Annotated[Optional[bool], typer.Option("--site/--no-site", help="Include the explorer (default: when drcdata.site is installed).", show_default=False)] = None) -> None:
    """Write the release bundle: CSVs, Parquet, DuckDB, change file, citation, licences and SHA256SUMS."""
    from .release import build_release
    with user_errors():
        for path in build_release(out, since=since, site=site):
            typer.echo(str(path))


@app.command()
def site(out: Annotated[Path, typer.Option("--out", help="Folder to write the site into (created, or replaced if it holds an earlier site).")],
         db: DbOpt = None, package: PackageOpt = None) -> None:
    """Write the explorer: a static site that opens from disk with no network (needs the 'site' extra)."""
    from .site import build_site
    with user_errors():
        summary = build_site(out, db=db, package=package)
    say(f"wrote {summary.files} files ({summary.bytes / 1e6:.1f} MB) in {summary.seconds:.1f} s; open {summary.out / 'index.html'}")


@app.command()
def shell(db: DbOpt = None, package: PackageOpt = None) -> None:
    """Open the official DuckDB shell on the database, read-only."""
    from .shell import open_shell
    with user_errors():
        open_shell(db, package)


def _report_command(report, choices: dict):
    """A Typer command whose options are the report's parameters, typed from its SQL header."""
    def command(**options):
        fmt, wide = options.pop("fmt"), options.pop("wide")
        common = {k: options.pop(k) for k in ("db", "package", "limit", "timeout", "memory_limit")}
        params = {k: v for k, v in options.items() if v is not None}
        with user_errors():
            execution = api.start_report(report.name, params, **common, shape=shape_of(fmt.value))
        stream(execution, fmt, wide)

    from .date_input import option_date
    kinds = {"DATE": (Optional[dt.date], {"parser": option_date, "metavar": "YYYY-MM-DD"}), "INTEGER": (Optional[int], {}),
             "BIGINT": (Optional[int], {}), "DOUBLE": (Optional[float], {}), "VARCHAR": (Optional[str], {}),
             "BOOLEAN": (Optional[bool], {})}
    params = []
    for p in report.params:
        annotation, extra = kinds[p.type]
        allowed = f"; one of: {', '.join(choices[p.name])}" if p.name in choices else ""
        help_text = f"{p.help} [{p.type}{allowed}; default {p.default or 'none'}]"
        params.append(inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=None,
                                        annotation=Annotated[annotation, typer.Option(help=help_text, show_default=False, **extra)]))
    for name, annotation, default in (("db", DbOpt, None), ("package", PackageOpt, None), ("fmt", FormatOpt, Format.table),
                                      ("wide", WideOpt, False), ("limit", LimitOpt, None), ("timeout", TimeoutOpt, DEFAULT_TIMEOUT),
                                      ("memory_limit", MemoryOpt, None)):
        params.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation))
    command.__signature__ = inspect.Signature(params)
    command.__doc__ = f"{report.title}: {report.question}"
    return command


def _register_reports(argv: list[str] | None = None) -> None:
    """One subcommand per sql/ report, read from the default package (see drcdata.paths).

    `drcdata report NAME ...` builds only NAME's command: building all of them costs more than
    running a report."""
    argv = sys.argv[1:] if argv is None else argv
    wanted = argv[1] if len(argv) > 1 and argv[0] == "report" and not argv[1].startswith("-") else None
    try:
        try:
            chosen = [api.get_report(wanted)] if wanted else api.reports()
        except UsageError:
            chosen = api.reports()  # an unknown name: Typer lists the real ones
        choices = api.report_choices(chosen)
        for report in chosen:
            report_app.command(report.name, help=f"{report.title}: {report.question}")(
                _report_command(report, choices[report.name]))
    except DrcdataError as exc:
        say(f"error: cannot read the reports: {exc}")


def main() -> None:
    # duckdb imports pandas to inspect any bound parameter; no command here needs pandas, so
    # mark it absent and keep `drcdata report` fast (0.5 s of imports otherwise).
    sys.modules.setdefault("pandas", None)
    _register_reports()
    app()


if __name__ == "__main__":
    main()
