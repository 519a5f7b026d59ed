"""Writes: adding a report (JSON API or the upload form) and extracting one again.
Each needs the server's write token; without one the server is read-only."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, File, Form, Header, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.exceptions import HTTPException

from gwrkit import api
from gwrkit.serve.params import Id
from gwrkit.serve.respond import db, html, server

router = APIRouter()
T = TypeVar("T")


def may_write(token: str | None, write_token: str | None) -> int:
    """0 when ``token`` is the write token, else the status to refuse with."""
    if not write_token:
        return 403
    ok = token and secrets.compare_digest(token.encode(), write_token.encode())
    return 0 if ok else 401


def check_token(request: Request, given: str | None) -> None:
    status = may_write(given, server(request).write_token)
    if status == 403:
        raise HTTPException(403, "this server is read-only (started without a write token)")
    if status:
        raise HTTPException(401, "a valid write token is needed")


def bearer(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


WRITE_THREADS = 2  # uploads and extractions at once, beside the threads that serve reading


def write_threads() -> CapacityLimiter:
    """The threads writes run on (made once per app, in its event loop)."""
    return CapacityLimiter(WRITE_THREADS)


async def _in_write_thread(request: Request, fn: Callable[[], T]) -> T:
    """Run a write (reading a file, extracting a report: seconds) on threads of its own,
    so that it never takes one of the few threads that serve reading (app.read_threads)."""
    limiter = getattr(request.app.state, "write_threads", None)
    if limiter is None:  # an app whose lifespan did not run (a test client outside `with`)
        limiter = request.app.state.write_threads = write_threads()
    return await to_thread.run_sync(fn, limiter=limiter)


def _store(request: Request, file: UploadFile) -> int:
    data = file.file.read(api.max_upload() + 1)
    return api.store_upload(data, file.filename or "upload.txt", server(request).uploads,
                            db(request))  # fmt: skip


@router.post("/api/reports", tags=["writes"], status_code=201)
async def upload_json(
    request: Request,
    file: Annotated[UploadFile, File()],
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, int | str]:
    """Add a report (needs `Authorization: Bearer <write token>`)."""
    check_token(request, bearer(authorization))
    rid = await _in_write_thread(request, lambda: _store(request, file))
    return {"id": rid, "url": f"/reports/{rid}"}


@router.post("/api/reports/{rid}/extract", tags=["writes"])
async def reextract_json(
    request: Request, rid: Id, authorization: Annotated[str | None, Header()] = None
) -> dict[str, int | bool]:
    """Extract a stored report again with the current rules (needs the write token)."""
    check_token(request, bearer(authorization))
    done = await _in_write_thread(request, lambda: api.reextract(rid, db(request)))
    return {"id": rid, "extracted": done}


@router.get("/upload", response_class=HTMLResponse, include_in_schema=False)
def upload_page(request: Request) -> HTMLResponse:
    if not server(request).write_token:
        raise HTTPException(403, "this server is read-only (started without a write token)")
    return html(request, "upload.html")


@router.post("/upload", include_in_schema=False)
async def upload_form(
    request: Request, file: Annotated[UploadFile, File()], token: Annotated[str, Form()] = ""
) -> RedirectResponse:
    check_token(request, token)  # the token in the form is what makes it safe against CSRF
    rid = await _in_write_thread(request, lambda: _store(request, file))
    return RedirectResponse(f"/reports/{rid}", status_code=303)
