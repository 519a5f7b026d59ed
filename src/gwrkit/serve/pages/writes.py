"""Writes: adding a report (JSON API or the upload form) and extracting one again.
Each needs the server's write token; without one the server is read-only."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, File, Form, Header, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.exceptions import HTTPException

from gwrkit import api
from gwrkit.serve.params import Id
from gwrkit.serve.respond import db, html, server

router = APIRouter()


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


def _store(request: Request, file: UploadFile) -> int:
    data = file.file.read(api.max_upload() + 1)
    return api.store_upload(data, file.filename or "upload.txt", server(request).uploads,
                            db(request))  # fmt: skip


@router.post("/api/reports", tags=["writes"], status_code=201)
def upload_json(
    request: Request,
    file: Annotated[UploadFile, File()],
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, int | str]:
    """Add a report (needs `Authorization: Bearer <write token>`)."""
    check_token(request, bearer(authorization))
    rid = _store(request, file)
    return {"id": rid, "url": f"/reports/{rid}"}


@router.post("/api/reports/{rid}/extract", tags=["writes"])
def reextract_json(
    request: Request, rid: Id, authorization: Annotated[str | None, Header()] = None
) -> dict[str, int | bool]:
    """Extract a stored report again with the current rules (needs the write token)."""
    check_token(request, bearer(authorization))
    return {"id": rid, "extracted": api.reextract(rid, db(request))}


@router.get("/upload", response_class=HTMLResponse, include_in_schema=False)
def upload_page(request: Request) -> HTMLResponse:
    if not server(request).write_token:
        raise HTTPException(403, "this server is read-only (started without a write token)")
    return html(request, "upload.html")


@router.post("/upload", include_in_schema=False)
def upload_form(
    request: Request, file: Annotated[UploadFile, File()], token: Annotated[str, Form()] = ""
) -> RedirectResponse:
    check_token(request, token)  # the token in the form is what makes it safe against CSRF
    rid = _store(request, file)
    return RedirectResponse(f"/reports/{rid}", status_code=303)
