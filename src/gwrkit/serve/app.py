"""The web app: HTML pages and their JSON twins under /api/, over one stored collection.

Every route parses its parameters, calls :mod:`gwrkit.api`, and renders or returns JSON.
Errors have one shape: ``{"error": {"status", "code", "message"}}`` (HTML pages show the
same message).  Writes need the server's write token; without one the app is read-only.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from importlib import resources
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, File, Form, Header, Path, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from gwrkit import api
from gwrkit.core.errors import GwrkitError, IngestError, NotFoundError, StoreError, UsageError
from gwrkit.link.attainment import VERDICTS
from gwrkit.serve import views
from gwrkit.serve.caching import (
    BodyGuard,
    DropEmptyParams,
    HeadAsGet,
    Options,
    ResponseCache,
    TrailingSlash,
)
from gwrkit.store.catalog import data_version
from gwrkit.store.database import Database, open_database

_HERE = resources.files("gwrkit.serve")
Year = Annotated[int | None, Query(ge=1949, le=2100)]
Verdict = Annotated[
    str | None, Query(pattern="^(met|exceeded|missed|not_comparable|no_outcome|not_set)$")
]
Limit = Annotated[int | None, Query(ge=1, le=2000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Id = Annotated[int, Path(ge=1, le=2**62)]
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class Stores:
    """One database connection per server thread, and a cache keyed by the data version."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.local = threading.local()
        self.cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.lock = threading.Lock()
        open_database(url).close()  # create and migrate once, at start

    def db(self) -> Database:
        db = getattr(self.local, "db", None)
        if db is None:
            db = open_database(self.url)
            self.local.db = db
        return db

    def cached(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        full = (data_version(self.db()), *key)
        with self.lock:
            if full in self.cache:
                self.cache.move_to_end(full)
                return self.cache[full]
        value = make()
        with self.lock:
            self.cache[full] = value
            while len(self.cache) > 256:
                self.cache.popitem(last=False)
        return value


def create_app(
    db: str, write_token: str | None = None, data_dir: str | FilePath | None = None
) -> FastAPI:
    """The app over the database at ``db``; uploads are kept under ``data_dir``."""
    # no /docs or /redoc: their pages load scripts from a CDN; /openapi.json is served
    app = FastAPI(
        title="gwrkit",
        version="0.1.0",
        description=__doc__,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
    )
    stores = Stores(db)
    local = "://" not in db or db.startswith("sqlite:")
    default = (
        FilePath(db.removeprefix("sqlite:///")).parent / "uploads" if local else FilePath("uploads")
    )
    folder = FilePath(data_dir) if data_dir else default
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    templates.env.globals["writes"] = bool(write_token)
    templates.env.filters["num"] = views.as_written
    app.state.stores = stores
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")

    app.add_middleware(
        ResponseCache, version=lambda: data_version(stores.db()), headers=SECURITY_HEADERS
    )

    def may_write(token: str | None) -> int:
        if not write_token:
            return 403
        ok = token and secrets.compare_digest(token.encode(), write_token.encode())
        return 0 if ok else 401

    # a multipart body holds the file and its form fields: a little over the file limit
    app.add_middleware(BodyGuard, max_bytes=api.max_upload() + 65536, allowed=may_write)
    app.add_middleware(DropEmptyParams)  # before the cache: one entry for ?year= and none
    app.add_middleware(HeadAsGet)  # HEAD is served (and cached) as GET
    app.add_middleware(Options)
    app.add_middleware(TrailingSlash)

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

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

    def check_token(given: str | None) -> None:
        if not write_token:
            raise HTTPException(403, "this server is read-only (started without a write token)")
        if not given or not secrets.compare_digest(given.encode(), write_token.encode()):
            raise HTTPException(401, "a valid write token is needed")

    def bearer(authorization: str | None) -> str | None:
        if authorization and authorization.lower().startswith("bearer "):
            return authorization[7:].strip()
        return None

    # ---- pages and their JSON twins --------------------------------------------------

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/reports", status_code=303)

    @app.get("/api/reports", tags=["reports"])
    def reports_json(
        level: str | None = None, region: str | None = None, year: Year = None
    ) -> dict[str, Any]:
        """Stored reports with counts of facts and targets."""
        return {"reports": views.reports(stores.db(), level, region, year)}

    @app.get("/reports", response_class=HTMLResponse, include_in_schema=False)
    def reports_page(
        request: Request, level: str | None = None, region: str | None = None,
        year: Year = None,
    ) -> HTMLResponse:  # fmt: skip
        rows = views.reports(stores.db(), level or None, region or None, year)
        return page(request, "reports.html", rows=rows, level=level, region=region, year=year)

    @app.get("/api/reports/{rid}", tags=["reports"])
    def report_json(rid: Id) -> dict[str, Any]:
        """One report: metadata, outline, sentences and facts (the text under `text`)."""
        return views.report_json(stores.db(), rid)

    @app.get("/reports/{rid}", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, rid: Id) -> HTMLResponse:
        return page(
            request,
            "report.html",
            **stores.cached(("reader", rid), lambda: views.reader(stores.db(), rid)),
        )

    @app.get("/api/facts/{fid}", tags=["facts"])
    def fact_json(fid: Id) -> dict[str, Any]:
        """One fact with its evidence: quote, span, sentence, rule and rules version."""
        return {"fact": views.fact(stores.db(), fid)}

    @app.get("/api/targets", tags=["targets"])
    def targets_json(
        region: str | None = None, year: Year = None, indicator: str | None = None,
        level: str | None = None, verdict: Verdict = None, sort: str | None = None,
        limit: Limit = None, offset: Offset = 0,
    ) -> dict[str, Any]:  # fmt: skip
        """Each target with its outcome and verdict, a page at a time (`limit`, `offset`;
        `next` is the offset of the next page), filtered by `verdict`, sorted by `sort`
        (a column, `-` before it for descending)."""
        rows = stores.cached(
            ("targets", region, year, indicator, level),
            lambda: views.targets(stores.db(), region, year, indicator, level),
        )
        got = views.table_page(rows, verdict, sort, limit, offset)
        return {"targets": got.pop("rows"), **got}

    @app.get("/api/targets.csv", tags=["targets"])
    def targets_csv(
        region: str | None = None, year: Year = None, indicator: str | None = None,
        level: str | None = None, verdict: Verdict = None, sort: str | None = None,
    ) -> Response:  # fmt: skip
        """The same table as CSV, every row that the filters keep."""
        rows = views.targets(stores.db(), region, year, indicator, level)
        got = views.table_page(rows, verdict, sort, views.MAX_PAGE * 1000, 0)["rows"]
        return Response(views.as_csv(got), media_type="text/csv; charset=utf-8")

    @app.get("/targets", response_class=HTMLResponse, include_in_schema=False)
    def targets_page(
        request: Request, region: str | None = None, year: Year = None,
        indicator: str | None = None, level: str | None = None, verdict: Verdict = None,
        sort: str | None = None, limit: Limit = None, offset: Offset = 0,
    ) -> HTMLResponse:  # fmt: skip
        args = (region or None, year, indicator or None, level or None)
        rows = stores.cached(("targets", *args), lambda: views.targets(stores.db(), *args))
        got = views.table_page(rows, verdict, sort, limit, offset)
        filters = {"region": region, "year": year, "indicator": indicator, "level": level,
                   "verdict": verdict}  # fmt: skip
        query = urlencode({k: v for k, v in filters.items() if v})
        return page(
            request,
            "targets.html",
            **got,
            region=region,
            year=year,
            indicator=indicator,
            level=level,
            verdict=verdict,
            sort=sort,
            query=query,
            verdicts=VERDICTS,
            indicators=views.indicator_ids(),
        )

    @app.get("/api/indicator", tags=["targets"])
    def indicator_json(
        indicator: str = "gdp", region: str | None = None, year: Year = None,
        level: str | None = None, measure: str = "growth",
    ) -> dict[str, Any]:  # fmt: skip
        """A region's series and a comparison of regions in one year."""
        data: dict[str, Any] = stores.cached(
            ("indicator", indicator, region, year, level, measure),
            lambda: views.indicator(stores.db(), indicator, region, year, level, measure),
        )
        return data

    @app.get("/indicator", response_class=HTMLResponse, include_in_schema=False)
    def indicator_page(
        request: Request, indicator: str = "gdp", region: str | None = None,
        year: Year = None, level: str | None = None, measure: str = "growth",
    ) -> HTMLResponse:  # fmt: skip
        data = stores.cached(
            ("indicator", indicator, region, year, level, measure),
            lambda: views.indicator(stores.db(), indicator, region, year, level, measure),
        )
        return page(
            request,
            "indicator.html",
            **views.indicator_charts(data),
            indicators=views.indicator_ids(),
        )

    @app.get("/api/search", tags=["search"])
    def search_json(
        q: str = Query(min_length=1, max_length=100), limit: int = Query(50, ge=1, le=200)
    ) -> dict[str, Any]:
        """Sentences of all reports that contain `q`."""
        return {"query": q, "results": views.search(stores.db(), q, limit)}

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        results = views.search(stores.db(), q, 100) if q.strip() else []
        return page(request, "search.html", q=q, results=results)

    # ---- writes ----------------------------------------------------------------------

    @app.post("/api/reports", tags=["writes"], status_code=201)
    def upload_json(
        file: Annotated[UploadFile, File()], authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        """Add a report (needs `Authorization: Bearer <write token>`)."""
        check_token(bearer(authorization))
        rid = api.store_upload(
            file.file.read(api.max_upload() + 1), file.filename or "upload.txt", folder, stores.db()
        )
        return {"id": rid, "url": f"/reports/{rid}"}

    @app.post("/api/reports/{rid}/extract", tags=["writes"])
    def reextract_json(
        rid: Id, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        """Extract a stored report again with the current rules (needs the write token)."""
        check_token(bearer(authorization))
        return {"id": rid, "extracted": api.reextract(rid, stores.db())}

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_page(request: Request) -> HTMLResponse:
        if not write_token:
            raise HTTPException(403, "this server is read-only (started without a write token)")
        return page(request, "upload.html")

    @app.post("/upload", include_in_schema=False)
    def upload_form(
        request: Request, file: Annotated[UploadFile, File()], token: Annotated[str, Form()] = ""
    ) -> RedirectResponse:
        check_token(token)  # the token in the form is what makes it safe against CSRF
        rid = api.store_upload(
            file.file.read(api.max_upload() + 1), file.filename or "upload.txt", folder, stores.db()
        )
        return RedirectResponse(f"/reports/{rid}", status_code=303)

    return app
