"""The ``gwrkit`` command line.  Each command parses options, calls :mod:`gwrkit.api`, formats.

Exit codes: 0 ok, 1 a domain error (a one-line message naming the file), 2 usage error.
Data goes to stdout; progress and errors to stderr.
"""

from __future__ import annotations

import sys

import click

from gwrkit.core.errors import GwrkitError

# --format means the same everywhere: a table for people, JSON with the schema's field
# names, CSV with the same columns (for commands whose output is a table)
FORMATS = click.Choice(["table", "json", "csv"])
DOCUMENT_FORMATS = click.Choice(["table", "json"])  # parse, eval: not one table


def fail(message: str) -> None:
    """One line on stderr: ``gwrkit: error: <message>``."""
    click.echo(f"gwrkit: error: {message}", err=True)


class Commands(click.Group):
    """The one error boundary: a gwrkit error in any command becomes one line on stderr
    and exit code 1, never a traceback (click's own usage errors exit with 2)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except GwrkitError as exc:
            fail(str(exc))
            ctx.exit(1)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gwrkit")
def cli() -> None:
    """Read Chinese government work reports into structured, traceable data.

    Example: gwrkit extract report.txt
    """


def main() -> None:
    """Entry point: run the CLI (errors: see ``Commands``)."""
    try:
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)  # ctx.exit(1) of the error boundary comes back as a number
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        fail("aborted")
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


from gwrkit.cli import collection, reading, regions, serving  # noqa: E402  (commands register)

__all__ = [
    "DOCUMENT_FORMATS",
    "FORMATS",
    "cli",
    "collection",
    "fail",
    "main",
    "reading",
    "regions",
    "serving",
]
