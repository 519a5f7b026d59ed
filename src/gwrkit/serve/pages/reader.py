"""The report reader (the original text with every fact marked and every sentence
anchored), its JSON twin, and single facts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from gwrkit import api
from gwrkit.serve import page_store
from gwrkit.serve.params import Id
from gwrkit.serve.reader import reading
from gwrkit.serve.respond import db, html, respond, wants_json

router = APIRouter()


@router.get("/api/reports/{rid}", tags=["reports"])
@router.get("/reports/{rid}", include_in_schema=False)
def report(request: Request, rid: Id) -> Response:
    """One report: its record, the original text under `text`, sections, paragraphs,
    sentences and facts."""
    if not wants_json(request):
        kept = page_store.stored(db(request), rid)
        if kept is not None:  # rendered when the report was stored
            title, main = kept
            page = html(request, "report.html", title=title, stored_main=page_store.PLACE)
            return page_store.put_in(page, main)
    d = api.report_detail(rid, db(request))
    if wants_json(request):
        return respond(request, "", {
            "report": d.report, "text": d.text, "sections": d.sections,
            "paragraphs": d.paragraphs, "sentences": d.sentences, "facts": d.facts,
            "phrases": d.phrases,
        })  # fmt: skip
    return respond(request, "report.html", reading(d))


@router.get("/api/facts/{fid}", tags=["facts"])
@router.get("/facts/{fid}", include_in_schema=False)
def fact(request: Request, fid: Id) -> Response:
    """One fact with its evidence: quote, span, sentence, rule and rules version; the
    page is the fact in its report."""
    found = api.fact(fid, db(request))
    if wants_json(request):
        return respond(request, "", {"fact": found})
    return RedirectResponse(f"/reports/{found.report_id}#fact-{fid}", status_code=303)
