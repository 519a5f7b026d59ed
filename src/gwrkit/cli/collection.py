"""Commands on the stored collection: ingest, reports, targets, series, compare, export."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from gwrkit import api
from gwrkit.cli import FORMATS, cli, fail
from gwrkit.cli.output import emit
from gwrkit.cli.reading import overrides_of, set_option
from gwrkit.core.schema import exchanged


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        envvar="GWRKIT_DB",
        default=None,
        metavar="URL",
        help="Database: a file path, sqlite:///path or postgresql://user@host/db "
        "[env GWRKIT_DB; default gwrkit.db here].",
    )(f)


def eta_is_meaningful(done: int, total: int) -> bool:
    """An ETA is shown once a tenth of the files (and at least five) are done: the first
    files include starting the workers and say nothing about the rate."""
    return done >= max(5, total // 10)


def _note_unlinked(db: str | None) -> None:
    """One line on stderr naming the stored reports left out of linking, and why."""
    left = api.unlinked(db)
    if left:
        names = "; ".join(f"{r.name} ({r.missing})" for r in left[:5])
        more = f" and {len(left) - 5} more" if len(left) > 5 else ""
        click.echo(
            f"note: {len(left)} stored report(s) left out of linking: {names}{more}"
            " (ingest them again with --set year=… --set region=…)",
            err=True,
        )


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", type=int, default=None, help="Processes to use [default: all cores].")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--no-index",
    is_flag=True,
    help="Store only: leave the search index and reader pages of the new reports to "
    "gwrkit index (for a collection loaded in parts).",
)
@set_option
def ingest_command(
    paths: tuple[str, ...],
    db: str | None,
    workers: int | None,
    quiet: bool,
    no_index: bool,
    overrides: tuple[str, ...],
) -> None:
    """Read, extract and store reports: files, folders (searched) or globs; then add
    them to the search index and make their reader pages.

    Each report is written whole or not at all; a file that fails is recorded with its
    reason and the batch goes on. Running it again skips what is stored and completes
    what an interrupted run left. --set gives a metadata field to every report of the
    batch, also to one already stored (its facts are extracted again), so a report whose
    year or region was not found can be linked.

    Example: gwrkit ingest ../shared/corpus --db corpus.db
    Example: gwrkit ingest scraped.txt --set year=2024 --set region=阜平县
    """
    fixed = overrides_of(overrides)
    files = api.ingest_paths_count(paths)
    store = api.open_store(db)
    bars = _Bars(not quiet and sys.stderr.isatty(), files)
    try:
        summary = api.ingest(paths, store, workers, bars.ingested, fixed, bars.completing,
                             not no_index)  # fmt: skip
    finally:
        bars.close()
        store.close()
    for path, reason in summary.failures:
        fail(reason if reason.startswith(path) else f"{path}: {reason}")
    click.echo(
        f"{summary.files} files: {summary.added} added, {summary.reextracted} re-extracted, "
        f"{summary.unchanged} unchanged, {summary.failed} failed ({summary.seconds:.1f} s)"
        + ("; interrupted — run again to finish" if summary.interrupted else ""),
        err=True,
    )
    if summary.completion is not None:
        _say_completed(summary.completion)
    if summary.interrupted:
        sys.exit(130)
    if summary.failed:
        sys.exit(1)


class _Bars:
    """The progress bars of a run, one at a time: ``ingesting`` (a file a step, when
    ``files`` are given), then ``indexing`` once completing the collection has work.
    Each is entered and exited once, as a context manager."""

    def __init__(self, show: bool, files: int | None = None) -> None:
        self.show = show
        self.files = files
        self.bar: Any = None
        self.indexing = False
        if files is not None:
            self._start(click.progressbar(length=files, label="ingesting", file=sys.stderr,
                                          hidden=not show, show_eta=False))  # fmt: skip

    def _start(self, bar: Any) -> None:
        self.close()
        self.bar = bar
        bar.__enter__()

    def ingested(self, _path: str) -> None:
        self.bar.update(1)
        self.bar.show_eta = eta_is_meaningful(self.bar.pos, self.files or 0)

    def completing(self, done: int, total: int) -> None:
        if not self.indexing:
            self.indexing = True
            self._start(click.progressbar(length=total, label="indexing", file=sys.stderr,
                                          hidden=not self.show))  # fmt: skip
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _say_completed(done: api.Completion) -> None:
    if done.indexed or done.pages or done.page_failures:
        click.echo(
            f"indexed {done.indexed} reports for search, made {done.pages} reader pages"
            f" ({done.seconds:.1f} s)",
            err=True,
        )
    if done.relinked:
        click.echo("linked the targets to their outcomes again", err=True)
    for rid, reason in done.page_failures[:5]:
        click.echo(
            f"note: report {rid}: no reader page kept ({reason}); it is made when read", err=True
        )


@cli.command("index")
@db_option
@click.option("--workers", type=int, default=None, help="Processes to use [default: all cores].")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def index_command(db: str | None, workers: int | None, quiet: bool) -> None:
    """Complete a stored collection: add reports stored with --no-index (or by a run that
    was interrupted) to the search index, make the reader pages that are missing or
    were made by an earlier version of gwrkit, and link the targets to their outcomes
    again where an earlier version linked them.

    Example: gwrkit index --db corpus.db
    """
    bars = _Bars(not quiet and sys.stderr.isatty())
    try:
        done = api.complete(db, workers, bars.completing)
    finally:
        bars.close()
    _say_completed(done)
    if not (done.indexed or done.pages or done.page_failures or done.relinked):
        click.echo("nothing to do: every report is searchable and has its page", err=True)


REPORT_COLUMNS = ("id", "level", "region", "year", "name", "speaker", "facts", "targets")


@cli.command("reports")
@db_option
@click.option("--region")
@click.option("--level")
@click.option("--year", type=int)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def reports_command(
    db: str | None, region: str | None, level: str | None, year: int | None, fmt: str
) -> None:
    """List stored reports with their counts of facts and targets.

    Example: gwrkit reports --level province --year 2026
    """
    rows = api.reports(db, region=region, level=level, year=year)
    emit(rows, fmt, REPORT_COLUMNS if fmt == "table" else exchanged(api.Report))


TARGET_COLUMNS = (
    "region",
    "year",
    "indicator",
    "measure",
    "modifier",
    "target_value",
    "target_low",
    "target_high",
    "target_unit",
    "stretch",
    "outcome_value",
    "verdict",
    "gap",
    "note",
)


def _tolerance(points: float, relative: float) -> api.Tolerance:
    return api.Tolerance(points=points, relative=relative)


@cli.command("targets")
@db_option
@click.option("--region")
@click.option("--year", type=int)
@click.option("--indicator")
@click.option("--level")
@click.option(
    "--tolerance-points",
    type=float,
    default=0.2,
    show_default=True,
    help="How far (in percentage points) an 'around' target may be missed and met.",
)
@click.option(
    "--tolerance-relative",
    type=float,
    default=0.01,
    show_default=True,
    help="The same for levels, as a share of the target.",
)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--wide", is_flag=True, help="Show the quotes in the table, uncut.")
def targets_command(
    db: str | None, region: str | None, year: int | None, indicator: str | None,
    level: str | None, tolerance_points: float, tolerance_relative: float, fmt: str,
    wide: bool,
) -> None:  # fmt: skip
    """Each target with the outcome the next report states, and a verdict.

    Verdicts: met, exceeded, missed, not_comparable, no_outcome, not_set.

    Example: gwrkit targets --indicator gdp --level national
    """
    tol = _tolerance(tolerance_points, tolerance_relative)
    rows = api.attainment(db, region, year, indicator, level, tol)
    _note_unlinked(db)
    emit(rows, fmt, TARGET_COLUMNS, provenance=True, wide=wide)


SERIES_COLUMNS = (
    "year",
    "measure",
    "modifier",
    "target_value",
    "target_low",
    "target_high",
    "outcome_value",
    "outcome_unit",
    "verdict",
)


@cli.command("series")
@db_option
@click.option("--indicator", required=True)
@click.option("--region", required=True)
@click.option("--measure", help="level, growth, rate … [default: all]")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--wide", is_flag=True, help="Show the quotes in the table, uncut.")
def series_command(
    db: str | None, indicator: str, region: str, measure: str | None, fmt: str, wide: bool
) -> None:
    """Targets and outcomes of one indicator in one region, year by year.

    Example: gwrkit series --indicator gdp --region 青海省
    """
    rows = api.series(indicator, region, db, measure)
    _note_unlinked(db)
    emit(rows, fmt, SERIES_COLUMNS, provenance=True, wide=wide)


COMPARE_COLUMNS = (
    "region",
    "year",
    "modifier",
    "target_value",
    "target_low",
    "target_high",
    "national_target",
    "gap_to_national",
    "outcome_value",
    "verdict",
)


@cli.command("compare")
@db_option
@click.option("--year", type=int, required=True)
@click.option("--indicator", required=True)
@click.option("--level", default="province", show_default=True)
@click.option("--measure", default="growth", show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--wide", is_flag=True, help="Show the quotes in the table, uncut.")
def compare_command(
    db: str | None, year: int, indicator: str, level: str, measure: str, fmt: str, wide: bool
) -> None:
    """All regions of a level side by side for one year, with the national target.

    Example: gwrkit compare --year 2025 --indicator gdp --level province
    """
    rows = api.compare(year, indicator, level, db, measure)
    _note_unlinked(db)
    emit(rows, fmt, COMPARE_COLUMNS, provenance=True, wide=wide)


@cli.command("export")
@db_option
@click.option(
    "--what", type=click.Choice(["reports", "facts", "attainment", "series"]), required=True
)
@click.option(
    "--to", "to", type=click.Choice(["csv", "xlsx", "json", "parquet", "dta"]), required=True
)
@click.option("--out", required=True, type=click.Path(dir_okay=False))
@click.option("--region")
@click.option("--year", type=int)
@click.option("--indicator")
@click.option("--level")
@click.option(
    "--all",
    "all_quantities",
    is_flag=True,
    help="With --what facts: every stored quantity, headline or not, with its open metric.",
)
def export_command(
    db: str | None, what: str, to: str, out: str, region: str | None, year: int | None,
    indicator: str | None, level: str | None, all_quantities: bool,
) -> None:  # fmt: skip
    """Write reports, facts, attainment or a series to a file with its data dictionary.

    Example: gwrkit export --what attainment --to dta --out attainment.dta
    """
    if all_quantities and what != "facts":
        raise click.UsageError("--all goes with --what facts")
    n = api.export(what, to, out, db, region, year, indicator, level, all_quantities)
    if what in ("attainment", "series"):
        _note_unlinked(db)
    click.echo(f"{n} rows written to {out}", err=True)


HIERARCHY_COLUMNS = ("parent_region", "parent_target", "child_region", "child_target",
                     "markup", "child_outcome", "child_verdict")  # fmt: skip
SUMMARY_COLUMNS = ("parent_region", "parent_target", "children", "with_target",
                   "share_higher", "mean_markup", "share_met")  # fmt: skip


@cli.command("hierarchy")
@db_option
@click.option("--indicator", required=True)
@click.option("--year", type=int, required=True)
@click.option("--parent", help="One parent region (河北省, 保定市, 全国) [default: every parent].")
@click.option("--measure", default="growth", show_default=True)
@click.option("--summary", is_flag=True, help="One line per parent instead of one per child.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def hierarchy_command(
    db: str | None, indicator: str, year: int, parent: str | None, measure: str,
    summary: bool, fmt: str,
) -> None:  # fmt: skip
    """Parent against children: each region's target and outcome of YEAR beside its
    parent's (nation → provinces → prefectures → counties, by the division codes of that
    year), with the 加码 (child target minus parent target) and the verdict on its own.

    Example: gwrkit hierarchy --db corpus.db --indicator gdp --year 2025 --summary
    """
    if summary:
        rows: list[Any] = api.hierarchy_summary(indicator, year, db, parent, measure)
        emit(rows, fmt, SUMMARY_COLUMNS if fmt == "table" else exchanged(api.HierarchySummary))
        for s in rows:
            if fmt == "table" and s.missing:
                click.echo(f"{s.parent_region}: no stored target for {'、'.join(s.missing)}")
    else:
        rows = api.hierarchy(indicator, year, db, parent, measure)
        emit(rows, fmt, HIERARCHY_COLUMNS if fmt == "table" else exchanged(api.HierarchyRow))
