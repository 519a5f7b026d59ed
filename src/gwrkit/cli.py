"""The ``gwrkit`` command line.  Each command parses options, calls :mod:`gwrkit.api`, formats.

Exit codes: 0 ok, 1 a domain error (a one-line message naming the file), 2 usage error.
Data goes to stdout; progress and errors to stderr.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from gwrkit import api
from gwrkit.core.errors import GwrkitError
from gwrkit.core.models import Document

FORMATS = click.Choice(["table", "json"])


def _fail(message: str) -> None:
    click.echo(f"gwrkit: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gwrkit")
def cli() -> None:
    """Read Chinese government work reports into structured, traceable data.

    Example: gwrkit parse samples/lanshan_2024.txt
    """


@cli.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Override a metadata field, e.g. --set year=2025 --set region=青海省.",
)
@click.option("--no-sentences", is_flag=True, help="Leave sentences out of the JSON output.")
def parse_command(
    files: tuple[str, ...], fmt: str, overrides: tuple[str, ...], no_sentences: bool
) -> None:
    """Print metadata and the outline (with part roles) of each report FILE.

    Reads .txt (any Chinese encoding), .html/.htm, .docx and .pdf.

    Example: gwrkit parse --format json report.docx --set year=2025
    """
    try:
        fixed = api.parse_overrides(overrides)
    except GwrkitError as exc:
        raise click.UsageError(str(exc)) from None
    failed = 0
    results: list[dict[str, Any]] = []
    for result in api.parse_many(files, fixed):
        if result.document is None:
            failed += 1
            _fail(result.error or "unknown error")
            continue
        if fmt == "json":
            results.append(api.document_to_dict(result.document, sentences=not no_sentences))
        else:
            click.echo(format_table(result.document))
    if fmt == "json" and results:
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
    if failed:
        sys.exit(1)


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


def main() -> None:
    """Entry point: run the CLI, turning any stray gwrkit error into a one-line message."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _fail("aborted")
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except GwrkitError as exc:
        _fail(str(exc))
        sys.exit(1)
