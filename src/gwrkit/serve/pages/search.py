"""Search of every sentence of every report."""

from __future__ import annotations

import html
import re

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from gwrkit import api
from gwrkit.serve.respond import db, respond, wants_json

router = APIRouter()


@router.get("/api/search", tags=["search"])
@router.get("/search", include_in_schema=False)
def search(
    request: Request,
    q: str = Query("", max_length=100),
    limit: int = Query(50, ge=1, le=200),
) -> Response:
    """Sentences of all reports that contain `q`."""
    if not q.strip() and not wants_json(request):
        return respond(request, "search.html", {"query": q, "results": []}, q=q, marked=[])
    hits = api.search(q, db(request), limit if wants_json(request) else 100)
    pattern = re.compile(re.escape(html.escape(api.search_form(q))))
    marked = [
        Markup(pattern.sub(lambda m: f"<mark>{m.group()}</mark>", html.escape(h.text)))
        for h in hits
    ]
    return respond(request, "search.html", {"query": q, "results": hits}, q=q, marked=marked)
