"""The web app: HTML pages and their JSON twins under /api/, over one stored collection.

Every route parses its parameters, calls :mod:`gwrkit.api`, and renders or returns JSON.
Errors have one shape: ``{"error": {"status", "code", "message"}}`` (HTML pages show the
same message).  Writes need the server's write token; without one the app is read-only.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path as FilePath
from urllib.parse import urlsplit

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from gwrkit import api
from gwrkit.core.errors import GwrkitError, IngestError, NotFoundError, StoreError, UsageError
from gwrkit.serve import labels, processes, templating
from gwrkit.serve.caching import (
    BodyGuard,
    DropEmptyParams,
    HeadAsGet,
    Options,
    ResponseCache,
    TrailingSlash,
)
from gwrkit.serve.pages import (
    hierarchy,
    indicator,
    phrases,
    reader,
    reports,
    search,
    targets,
    tasks,
    writes,
)
from gwrkit.serve.params import ERRORS
from gwrkit.serve.respond import Server, Stores

_HERE = resources.files("gwrkit.serve")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# the settings a worker process of `gwrkit serve --workers N` builds its app from
SERVE_DB, SERVE_TOKEN, SERVE_DATA = "GWRKIT_SERVE_DB", "GWRKIT_SERVE_TOKEN", "GWRKIT_SERVE_DATA"


def serve_processes(host: str, port: int, workers: int, log_level: str) -> None:
    """``workers`` processes serving the app built from the environment (processes.py)."""
    processes.serve(host, port, workers, log_level)


def from_environment() -> FastAPI:
    """The app of one worker process, from the settings ``gwrkit serve`` put in the
    environment."""
    env = os.environ
    return create_app(env[SERVE_DB], env.get(SERVE_TOKEN) or None, env.get(SERVE_DATA) or None)


# gzip level 4: a reader page of 196 KB to 32.6 KB in 1.3 ms, where Starlette's default
# (9) took 5.1 ms for 30.3 KB
GZIP_LEVEL = 4
READ_THREADS = 4  # requests served at once by one process (GWRKIT_SERVE_THREADS)


def read_threads() -> int:
    """How many requests one process serves at once: a few, not anyio's 40.  Requests are
    short and hold the GIL most of the time; 40 threads contending for it served a third
    as many (/api/targets at 50 clients: 90 req/s with 40, 178 with 4).  Uploads have
    threads of their own (pages/writes.py), so that a long one never holds up reading."""
    value = os.environ.get("GWRKIT_SERVE_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else READ_THREADS


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    to_thread.current_default_thread_limiter().total_tokens = read_threads()
    app.state.write_threads = writes.write_threads()
    yield


def create_app(
    db: str, write_token: str | None = None, data_dir: str | FilePath | None = None
) -> FastAPI:
    """The app over the database at ``db``; uploads are kept under ``data_dir``."""
    # no /docs or /redoc: their pages load scripts from a CDN; /openapi.json is served
    app = FastAPI(
        lifespan=_lifespan,
        title="gwrkit",
        version="0.1.0",
        description=__doc__,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
        responses=ERRORS,  # the real error shape, in place of FastAPI's default 422
    )
    stores = Stores(db)
    local = "://" not in db or db.startswith("sqlite:")
    default = (
        FilePath(db.removeprefix("sqlite:///")).parent / "uploads" if local else FilePath("uploads")
    )
    templates = Jinja2Templates(env=templating.environment())
    templates.env.globals["writes"] = bool(write_token)
    app.state.server = Server(stores, templates, write_token, FilePath(data_dir or default))
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")

    # the one cache: whole responses, keyed by the data version (GWRKIT_NO_CACHE=1 turns it
    # off, to measure the app itself; the security headers stay)
    cache = os.environ.get("GWRKIT_NO_CACHE", "") in ("", "0")
    app.add_middleware(
        ResponseCache, version=stores.version, headers=SECURITY_HEADERS, enabled=cache
    )
    # a multipart body holds the file and its form fields: a little over the file limit
    app.add_middleware(
        BodyGuard,
        max_bytes=api.max_upload() + 65536,
        allowed=lambda token: writes.may_write(token, write_token),
    )
    app.add_middleware(DropEmptyParams)  # before the cache: one entry for ?year= and none
    # compress any answer; inside HeadAsGet, so that HEAD has the length GET has
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=GZIP_LEVEL)
    app.add_middleware(HeadAsGet)  # HEAD is served (and cached) as GET
    app.add_middleware(Options)
    app.add_middleware(TrailingSlash)
    app.add_middleware(labels.Language)

    def error(request: Request, status: int, code: str, message: str) -> Response:
        body = {"error": {"status": status, "code": code, "message": message}}
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse(body, status_code=status)
        return templates.TemplateResponse(
            request, "error.html", {"error": body["error"]}, status_code=status
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        code = {404: "not_found", 401: "unauthorized", 403: "forbidden", 405: "method"}.get(
            exc.status_code, "error"
        )
        return error(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return error(request, 422, "invalid", f"{where}: {first.get('msg', 'invalid input')}")

    @app.exception_handler(GwrkitError)
    async def domain_error(request: Request, exc: GwrkitError) -> Response:
        if isinstance(exc, NotFoundError):
            return error(request, 404, "not_found", str(exc))
        if isinstance(exc, UsageError | IngestError):
            return error(request, 400, "bad_request", str(exc))
        if isinstance(exc, StoreError):
            return error(request, 503, "store", str(exc))
        return error(request, 500, "internal", str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        return error(request, 500, "internal", "internal error")

    @app.get("/lang/{code}", include_in_schema=False)
    def switch(code: str, request: Request) -> Response:
        """Set the language of the pages (zh or en) and go back to where the switch was."""
        back = request.headers.get("referer", "/reports")
        path = urlsplit(back).path or "/reports"
        answer = RedirectResponse(path if path.startswith("/") else "/reports", status_code=303)
        if code in labels.LANGUAGES:
            answer.set_cookie(labels.COOKIE, code, max_age=365 * 86400, samesite="lax")
        return answer

    for page in (reports, tasks, reader, targets, indicator, hierarchy, phrases, search, writes):
        app.include_router(page.router)
    return app
