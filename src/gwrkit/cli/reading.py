"""Commands that read report files: parse, extract, eval, coverage, audit."""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

from gwrkit import api
from gwrkit.cli import DOCUMENT_FORMATS, FORMATS, cli, fail
from gwrkit.cli.output import emit
from gwrkit.core.schema import Document, Evaluation, ScoredFact, SliceScore, exchanged, to_json


class _Batch:
    """The reports of FILE arguments, read one by one: a file that fails is reported on
    stderr in one line and counted, and the batch goes on."""

    def __init__(self, files: tuple[str, ...], overrides: tuple[str, ...] = ()) -> None:
        self.fixed = overrides_of(overrides)
        self.files = files
        self.failed = 0

    def __iter__(self) -> Iterator[tuple[str, Document]]:
        for result in api.parse_many(self.files, self.fixed):
            if result.document is None:
                self.failed += 1
                fail(result.error or "unknown error")
                continue
            yield result.path, result.document

    def exit_if_failed(self) -> None:
        if self.failed:
            sys.exit(1)


def overrides_of(pairs: tuple[str, ...]) -> api.Overrides:
    """--set FIELD=VALUE pairs; a bad one is a usage error (exit code 2)."""
    try:
        return api.parse_overrides(pairs)
    except api.UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="--set") from None


def set_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--set",
        "overrides",
        multiple=True,
        metavar="FIELD=VALUE",
        help="Override a metadata field, e.g. --set year=2025 --set region=青海省.",
    )(f)


@cli.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=DOCUMENT_FORMATS, default="table", show_default=True)
@set_option
@click.option("--no-sentences", is_flag=True, help="Leave sentences out of the JSON output.")
def parse_command(
    files: tuple[str, ...], fmt: str, overrides: tuple[str, ...], no_sentences: bool
) -> None:
    """Print metadata and the outline (with part roles) of each report FILE.

    Reads .txt (any Chinese encoding), .html/.htm, .docx and .pdf.

    Example: gwrkit parse --format json report.docx --set year=2025
    """
    batch = _Batch(files, overrides)
    results: list[dict[str, Any]] = []
    for _path, doc in batch:
        if fmt == "json":
            results.append(api.document_to_dict(doc, sentences=not no_sentences))
        else:
            click.echo(format_table(doc))
    if fmt == "json" and results:
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
    batch.exit_if_failed()


def format_table(doc: Document) -> str:
    """A human-readable summary: metadata, then the outline with roles."""
    lines = [f"== {doc.path}  ({doc.format}, {len(doc.original)} chars)"]
    md = doc.metadata.as_dict()
    for key, field in md.items():
        value = field["value"]
        shown = (
            "—"
            if value is None
            else (", ".join(map(str, value)) if isinstance(value, list) else str(value))
        )
        note = f"  ({field['reason']})" if value is None and field["reason"] else ""
        lines.append(f"  {key:<15} {shown}{note}")
    counts: dict[str, int] = {}
    for p in doc.paragraphs:
        counts[p.role] = counts.get(p.role, 0) + 1
    lines.append(f"  {'paragraphs':<15} {len(doc.paragraphs)}   sentences {len(doc.sentences)}")
    lines.append("  outline:")
    for s in doc.sections:
        if s.level > 2:
            continue
        indent = "    " * s.level
        lines.append(f"  {indent}{s.marker}{s.title[:40]}  [{s.role}]")
    targets = [p for p in doc.paragraphs if p.role == "targets"]
    for p in targets:
        lines.append(f"  targets paragraph: {p.text[:70]}…")
    return "\n".join(lines)


@cli.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option(
    "--all", "all_quantities", is_flag=True, help="Every quantity, not only headline facts."
)
@set_option
def extract_command(
    files: tuple[str, ...], fmt: str, all_quantities: bool, overrides: tuple[str, ...]
) -> None:
    """Print the headline facts of each report FILE, each with the text it came from.

    With --format json: a JSON array, one {"source", "facts": [...]} per file (docs/json.md).

    Example: gwrkit extract --format csv report_2025.txt > facts.csv
    """
    batch = _Batch(files, overrides)
    results: list[dict[str, Any]] = []
    writer = None
    for path, doc in batch:
        facts = api.extract(doc, all_quantities)
        if fmt == "json":
            results.append({"source": path, "facts": [api.fact_to_dict(f) for f in facts]})
        elif fmt == "csv":
            if writer is None:
                writer = csv.writer(sys.stdout, lineterminator="\n")
                writer.writerow(["source", *api.FACT_FIELDS])
            for f in facts:
                row = api.fact_to_dict(f)
                writer.writerow([path, *(_csv_value(row[k]) for k in api.FACT_FIELDS)])
        else:
            click.echo(format_facts(path, facts))
    if fmt == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
    batch.exit_if_failed()


def _csv_value(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else v


def _number(value: float | None, low: float | None, high: float | None) -> str:
    def fmt(x: float) -> str:
        return f"{x:g}"

    if value is not None:
        return fmt(value)
    if low is not None and high is not None:
        return f"{fmt(low)}–{fmt(high)}"
    return "—"


def format_facts(path: str, facts: list[api.Fact]) -> str:
    lines = [f"== {path}  ({len(facts)} facts)"]
    if not facts:
        lines.append("  (no facts found)")
    for f in facts:
        name = f.indicator or f"~{f.metric}"
        flags = ("力争 " if f.stretch else "") + ("↓ " if f.direction == "down" else "")
        number = _number(f.value, f.low, f.high)
        quote = f.quote.replace("\n", " ")
        lines.append(
            f"  {f.status:<7} {f.period:<9} {name[:24]:<24} {f.measure:<11} "
            f"{number:>10} {f.unit or '':<8} {f.modifier:<11} {flags}| {quote[:60]}"
        )
    return "\n".join(lines)


F = TypeVar("F", bound=Callable[..., Any])


def _gold_options(gold_help: str, corpus_help: str) -> Callable[[F], F]:
    """The --gold and --corpus options every scorer takes."""

    def wrap(f: F) -> F:
        f = click.option(
            "--corpus",
            "corpus_dir",
            type=click.Path(file_okay=False),
            default=None,
            help=corpus_help,
        )(f)
        return click.option(
            "--gold", "gold_dir", required=True, type=click.Path(file_okay=False), help=gold_help
        )(f)

    return wrap


@cli.command("eval")
@_gold_options(
    "Folder of <level>/<name>.jsonl gold files.",
    "Folder of <level>/<name>.txt reports [default: corpus/ beside the gold].",
)
@click.option("--format", "fmt", type=DOCUMENT_FORMATS, default="table", show_default=True)
@click.option(
    "--min-f1", type=float, default=None, help="Exit with status 3 when overall F1 is below this."
)
def eval_command(gold_dir: str, corpus_dir: str | None, fmt: str, min_f1: float | None) -> None:
    """Score extraction against hand-made gold answers (rules: the gold folder's README).

    Example: gwrkit eval --gold ../shared/gold --format json
    """
    show = sys.stderr.isatty()

    def progress(name: str) -> None:
        if show:
            click.echo(f"\r  scoring {name:<40}", nl=False, err=True)

    result = api.evaluate(gold_dir, corpus_dir, progress)
    if show:
        click.echo("\r" + " " * 52 + "\r", nl=False, err=True)
    if fmt == "json":
        click.echo(json.dumps(to_json(result), ensure_ascii=False, indent=1))
    else:
        click.echo(format_eval(result))
    if min_f1 is not None and result.f1 < min_f1:
        fail(f"F1 {result.f1:.4f} is below --min-f1 {min_f1}")
        sys.exit(3)


_HEAD = f"  {'':<24} {'precision':>9} {'recall':>7} {'f1':>7} {'tp':>5} {'fp':>5} {'fn':>5}"


def _row(name: str, c: SliceScore) -> str:
    return (
        f"  {name:<24} {c.precision:>9.4f} {c.recall:>7.4f} {c.f1:>7.4f}"
        f" {c.tp:>5} {c.fp:>5} {c.fn:>5}"
    )


def format_eval(r: Evaluation) -> str:
    lines = ["== overall", _HEAD, _row("all", r.overall)]
    for title, table in (("status", r.per_status), ("level", r.per_level), ("era", r.per_era)):
        lines += ["", f"== per {title}", _HEAD]
        lines += [_row(k, v) for k, v in table.items()]
    lines += ["", "== per indicator", _HEAD]
    lines += [_row(k, v) for k, v in r.per_indicator.items()]
    lines += [
        "",
        f"provenance (span overlaps the gold quote): {r.provenance:.4f}",
        f"stretch accuracy: {r.stretch_accuracy:.4f}   "
        f"direction accuracy: {r.direction_accuracy:.4f}",
        f"gold: {r.gold_hash[:16]}",
    ]
    for err in r.errors:
        lines.append(f"unreadable: {err}")

    def fact_line(x: ScoredFact) -> str:
        number = _number(x.value, x.low, x.high)
        return (
            f"  {x.source}: {x.indicator} {x.measure} {x.status} {x.period} "
            f"{number}{x.unit or ''} {x.modifier}\n      quote: {x.quote}\n"
            f"      sentence: {x.sentence[:160]}"
        )

    lines += ["", f"== misses ({len(r.misses)})"] + [fact_line(x) for x in r.misses]
    lines += ["", f"== false positives ({len(r.false_positives)})"]
    lines += [fact_line(x) for x in r.false_positives]
    return "\n".join(lines)


@cli.command("coverage")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--summary", is_flag=True, help="Only the summary line per file, no leftovers.")
def coverage_command(files: tuple[str, ...], fmt: str, summary: bool) -> None:
    """Share of Arabic-digit numbers that end in a quantity or a classified non-quantity
    (year, date, ordinal, name …), and the numbers left, with their context.

    Example: gwrkit coverage ../shared/corpus/*/*.txt
    """
    rows: list[dict[str, Any]] = []
    total = classified = 0
    batch = _Batch(files)
    for path, doc in batch:
        c = api.coverage(doc)
        total += c.total
        classified += c.classified
        row = {
            "source": path,
            "numbers": c.total,
            "classified": c.classified,
            "share": round(c.share, 4),
            "by_class": c.by_class,
            "leftovers": [{"number": n, "context": ctx} for n, ctx in c.leftovers],
        }
        rows.append(row)
        if fmt == "table":
            click.echo(f"{c.share:8.2%}  {c.classified:>5}/{c.total:<5} {path}")
            if not summary:
                for n, ctx in c.leftovers:
                    click.echo(f"          left: {n:<8} …{ctx}…")
    share = classified / total if total else 1.0
    if fmt == "csv":
        emit(rows, fmt, ("source", "numbers", "classified", "share"))
    elif fmt == "json":
        click.echo(
            json.dumps(
                {
                    "numbers": total,
                    "classified": classified,
                    "share": round(share, 4),
                    "files": rows,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    elif len(rows) > 1:
        lowest = min(rows, key=lambda x: x["share"])
        click.echo(
            f"{share:8.2%}  {classified:>5}/{total:<5} all {len(rows)} files "
            f"(lowest {lowest['share']:.2%} {lowest['source']})"
        )
    batch.exit_if_failed()


@cli.command("audit")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option(
    "--reason", "reasons", multiple=True, help="Only items with this reason (e.g. unexplained)."
)
@click.option("--summary", is_flag=True, help="Only the counts, no sentences.")
def audit_command(
    files: tuple[str, ...], fmt: str, reasons: tuple[str, ...], summary: bool
) -> None:
    """Recall without labels: every sentence of a review, targets or plan part that names
    a headline indicator and carries a number but gives no headline fact of it, with the
    reason a rule gives (sub-region, comparison, share, rank, quarterly figure …) or
    `unexplained`; then the counts per reason, indicator and report.

    Example: gwrkit audit --reason unexplained ../shared/corpus/*/*.txt
    """
    items: list[api.AuditItem] = []
    batch = _Batch(files)
    for path, doc in batch:
        found = [i for i in api.audit(doc, path) if not reasons or i.reason in reasons]
        items.extend(found)
        if fmt == "table" and not summary:
            for i in found:
                click.echo(f"{path}  {i.indicator}  {i.reason}  [{i.detail}]")
                click.echo(f"      {i.sentence}")
    counts = api.audit_summary(items)
    if fmt == "csv":
        emit(
            [dataclasses.asdict(i) for i in items],
            fmt,
            [f.name for f in dataclasses.fields(api.AuditItem)],
        )
    elif fmt == "json":
        data = {
            "items": len(items),
            **counts,
            "list": [dataclasses.asdict(i) for i in items],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(f"{len(items)} sentences name an indicator with a number but give no fact of it")
        for title, key in (("reason", "by_reason"), ("indicator", "by_indicator")):
            click.echo(f"  per {title}:")
            for name, n in counts[key].items():
                click.echo(f"    {n:>6}  {name}")
    batch.exit_if_failed()


PHRASE_COLUMNS = ("term", "kind", "count", "start", "end", "expansion", "known")
SPREAD_COLUMNS = ("region", "level", "first_year", "lag", "reports", "per_10k", "first_report")
COUNT_COLUMNS = ("term", "kind", "reports", "uses", "first_year", "national_year", "gloss")


@cli.command("phrases")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--new", "new_only", is_flag=True, help="Only the terms the lexicon lacks.")
@click.option(
    "--db",
    envvar="GWRKIT_DB",
    default=None,
    metavar="URL",
    help="Instead of FILES: the formulations of the stored reports [env GWRKIT_DB].",
)
@click.option("--term", help="With --db: one formulation's first use by region.")
@click.option(
    "--mentions",
    is_flag=True,
    help="With --db: count lexicon terms used without quotation marks too (新质生产力).",
)
@set_option
def phrases_command(
    files: tuple[str, ...], fmt: str, new_only: bool, db: str | None, term: str | None,
    mentions: bool, overrides: tuple[str, ...],
) -> None:  # fmt: skip
    """Print the formulations (提法) of each report FILE: numbered slogans (六稳, 一带一路)
    and quoted coined terms (“放管服”), with first use, count and expansion.  With --db,
    those of the stored reports by use; with --term, one term's spread by region.

    With --format json: a JSON array, one {"source", "phrases": [...]} per file.

    Example: gwrkit phrases --new ../shared/corpus/province/*.txt
    Example: gwrkit phrases --db corpus.db --term 六稳
    """
    if not files and db is None and term is None:
        raise click.UsageError("give report FILEs, or --db (and --term) for stored reports")
    if not files:
        if term:
            emit(api.phrase_spread(term, db, mentions), fmt, SPREAD_COLUMNS)
        else:
            emit(api.phrase_counts(db, mentions), fmt, COUNT_COLUMNS)
        return
    batch = _Batch(files, overrides)
    results: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for path, doc in batch:
        found = [p for p in api.phrases(doc) if not (new_only and p.known)]
        if fmt == "json":
            results.append({"source": path, "phrases": [to_json(p) for p in found]})
        elif fmt == "csv":
            rows.extend({"source": path, **to_json(p)} for p in found)
        else:
            click.echo(f"== {path}  ({len(found)} formulations)")
            for p in found:
                items = "、".join(p.expansion) if p.expansion else ""
                mark = "" if p.known else "  (new)"
                click.echo(f"  {p.kind:<9} {p.count:>3}×  {p.term}{mark}  {items}")
    if fmt == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        for r in rows:
            r["expansion"] = "、".join(r["expansion"]) if r["expansion"] else ""
        emit(rows, fmt, ("source", *PHRASE_COLUMNS))
    batch.exit_if_failed()


@cli.command("eval-phrases")
@_gold_options(
    "Folder of <level>/<name>.jsonl formulation lists.",
    "Folder of the reports [default: corpus/ beside the lists].",
)
@click.option("--format", "fmt", type=DOCUMENT_FORMATS, default="table", show_default=True)
def eval_phrases_command(gold_dir: str, corpus_dir: str | None, fmt: str) -> None:
    """Score formulations against hand-made lists (rules: the lists' README).

    Example: gwrkit eval-phrases --gold ../shared/formulations --corpus ../shared/corpus
    """
    result = api.evaluate_phrases(gold_dir, corpus_dir)
    if fmt == "json":
        click.echo(json.dumps(to_json(result), ensure_ascii=False, indent=1))
        return
    lines = ["== overall", _HEAD, _row("all", result.overall), "", "== per kind", _HEAD]
    lines += [_row(k, v) for k, v in result.per_kind.items()]
    lines += ["", "== per list", _HEAD]
    lines += [_row(k, v) for k, v in result.per_file.items()]
    lines += [
        "",
        f"kind accuracy {result.kind_accuracy:.4f}   expansion accuracy "
        f"{result.expansion_accuracy:.4f} (of {result.expansions_checked})",
        "",
        f"== misses ({len(result.misses)})",
        *(f"  {m}" for m in result.misses),
        "",
        f"== false positives ({len(result.false_positives)})",
        *(f"  {m}" for m in result.false_positives),
    ]
    click.echo("\n".join(lines))


TASK_COLUMNS = ("quote", "value", "unit", "modifier", "direction", "deadline", "metric")


@cli.command("tasks")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@set_option
def tasks_command(files: tuple[str, ...], fmt: str, overrides: tuple[str, ...]) -> None:
    """Print the task items of each report FILE's tasks part and the quantified
    commitments among them (what is promised, the number, its modifier, direction and
    deadline words).

    With --format json: a JSON array, one {"source", "tasks", "commitments"} per file.

    Example: gwrkit tasks --format json report_2025.txt
    """
    batch = _Batch(files, overrides)
    results: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for path, doc in batch:
        items, found = api.tasks(doc), api.commitments(doc)
        if fmt == "json":
            results.append(
                {
                    "source": path,
                    "tasks": [to_json(t) for t in items],
                    "commitments": [to_json(c) for c in found],
                }
            )
        elif fmt == "csv":
            rows.extend({"source": path, **to_json(c)} for c in found)
        else:
            click.echo(f"== {path}  ({len(items)} tasks, {len(found)} commitments)")
            emit(found, "table", TASK_COLUMNS)
    if fmt == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        emit(rows, fmt, ("source", *exchanged(api.Commitment)))
    batch.exit_if_failed()


FOLLOW_COLUMNS = ("quote", "value", "unit", "modifier", "outcome_value", "outcome_unit",
                  "verdict", "outcome_quote")  # fmt: skip


@cli.command("followup")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--db", envvar="GWRKIT_DB", default=None, metavar="URL",
              help="Instead of two files: the stored reports of --region for --year and "
              "the next year [env GWRKIT_DB].")  # fmt: skip
@click.option("--region", help="With --db: the region.")
@click.option("--year", type=int, help="With --db: the year of the commitments.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def followup_command(
    files: tuple[str, ...], db: str | None, region: str | None, year: int | None, fmt: str
) -> None:
    """Each commitment of FILE_Y (a report of year Y) with the result that FILE_NEXT (the
    same region's report of Y+1) states, and a verdict: met, exceeded, short, no_number,
    not_reported.  Or from a database: --db DB --region R --year Y.

    With --format json: {"source", "next", "commitments": [...]}, each commitment's
    fields with outcome_quote, outcome_start, outcome_end, outcome_value … and verdict.

    Example: gwrkit followup china_2019.txt china_2020.txt
    Example: gwrkit followup --db corpus.db --region 浙江省 --year 2025
    """
    if files:
        if len(files) != 2:
            raise click.UsageError("give two files: FILE_Y FILE_NEXT")
        found = api.followup(api.parse(files[0]), api.parse(files[1]))
        source, nxt = files
    elif region and year:
        found = api.followup_stored(region, year, db)
        source, nxt = f"{region} {year}", f"{region} {year + 1}"
    else:
        raise click.UsageError("give FILE_Y FILE_NEXT, or --db with --region and --year")
    rows = [_flat(f) for f in found]
    if fmt == "json":
        data = {"source": source, "next": nxt, "commitments": rows}
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        emit(rows, fmt, FOLLOW_COLUMNS if fmt == "table" else list(rows[0]) if rows else [])


def _flat(f: api.FollowUp) -> dict[str, Any]:
    row = to_json(f)
    return {**row.pop("commitment"), **row}


@cli.command("eval-commitments")
@_gold_options(
    "Folder of <level>/<name>_<year>.jsonl commitment answers.",
    "Folder of the reports [default: corpus/ beside the answers].",
)
@click.option("--format", "fmt", type=DOCUMENT_FORMATS, default="table", show_default=True)
def eval_commitments_command(gold_dir: str, corpus_dir: str | None, fmt: str) -> None:
    """Score commitments and their follow-through against hand-made answers.

    Example: gwrkit eval-commitments --gold ../shared/commitments --corpus ../shared/corpus
    """
    r = api.evaluate_commitments(gold_dir, corpus_dir)
    if fmt == "json":
        click.echo(json.dumps(to_json(r), ensure_ascii=False, indent=1))
        return
    lines = ["== commitments", _HEAD, _row("all", r.overall), "", "== per report", _HEAD]
    lines += [_row(k, v) for k, v in r.per_file.items()]
    lines += [
        "",
        f"of {r.matched} matched: outcome {r.outcome_accuracy:.4f}, verdict "
        f"{r.verdict_accuracy:.4f}",
        "",
        f"== misses ({len(r.misses)})",
        *(f"  {m}" for m in r.misses),
        "",
        f"== false positives ({len(r.false_positives)})",
        *(f"  {m}" for m in r.false_positives),
        "",
        f"== verdicts ({len(r.verdict_errors)} differ)",
        *(f"  {m}" for m in r.verdict_errors),
    ]
    click.echo("\n".join(lines))
