"""The ``gwrkit`` command line.  Each command parses options, calls :mod:`gwrkit.api`, formats.

Exit codes: 0 ok, 1 a domain error (a one-line message naming the file), 2 usage error.
Data goes to stdout; progress and errors to stderr.
"""

from __future__ import annotations

import sys

import click

from gwrkit.core.errors import GwrkitError

FORMATS = click.Choice(["table", "json"])


def fail(message: str) -> None:
    """One line on stderr: ``gwrkit: error: <message>``."""
    click.echo(f"gwrkit: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gwrkit")
def cli() -> None:
    """Read Chinese government work reports into structured, traceable data.

    Example: gwrkit extract report.txt
    """


def main() -> None:
    """Entry point: run the CLI, turning any stray gwrkit error into a one-line message."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        fail("aborted")
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except GwrkitError as exc:
        fail(str(exc))
        sys.exit(1)


from gwrkit.cli import collection, reading, regions, serving  # noqa: E402  (commands register)

__all__ = ["FORMATS", "cli", "collection", "fail", "main", "reading", "regions", "serving"]
