"""``gwrkit serve``: the dashboard and JSON API over a stored collection."""

from __future__ import annotations

import os

import click

from gwrkit import api
from gwrkit.cli import cli
from gwrkit.cli.collection import db_option
from gwrkit.core.extras import needs


@cli.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--write-token",
    envvar="GWRKIT_WRITE_TOKEN",
    default=None,
    help="Allow uploads and re-extraction to whoever gives this token "
    "[env GWRKIT_WRITE_TOKEN]; without it the server is read-only.",
)
@click.option(
    "--data-dir",
    default=None,
    type=click.Path(file_okay=False),
    help="Where uploaded files are kept [default: uploads/ beside the database].",
)
@click.option(
    "--workers",
    envvar="GWRKIT_WORKERS",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes [env GWRKIT_WORKERS]; more serve more readers at once on a "
    "machine with more cores.",
)
def serve_command(
    db: str | None,
    host: str,
    port: int,
    write_token: str | None,
    data_dir: str | None,
    workers: int,
) -> None:
    """Serve the dashboard (reports, reader, targets, indicator charts, search) and the
    JSON API under /api/ (OpenAPI at /openapi.json).

    Example: gwrkit serve --db corpus.db --port 8000
    """
    uvicorn = needs("uvicorn", "web", "gwrkit serve")
    needs("fastapi", "web", "gwrkit serve")
    from gwrkit.serve.app import SERVE_DATA, SERVE_DB, SERVE_TOKEN, create_app

    url = api.resolve_url(db)
    app = create_app(url, write_token, data_dir)  # checks the store before any worker starts
    mode = "read-write (token required)" if write_token else "read-only"
    click.echo(f"gwrkit: serving {url} on http://{host}:{port}/ ({mode})", err=True)
    level = os.environ.get("GWRKIT_LOG", "warning")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level=level)
        return
    # several processes: each builds its app from these settings (app.from_environment)
    os.environ.update({SERVE_DB: url, SERVE_TOKEN: write_token or "", SERVE_DATA: data_dir or ""})
    from gwrkit.serve.app import serve_processes

    serve_processes(host, port, workers, level)
