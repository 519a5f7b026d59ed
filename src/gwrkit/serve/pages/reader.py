"""The report reader (the original text with every fact marked and every sentence
anchored), its JSON twin, and single facts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from gwrkit import api
from gwrkit.core.schema import Paragraph, ReportDetail, Section, to_json
from gwrkit.serve.params import Id
from gwrkit.serve.reader import render_paragraphs, sentence_anchors
from gwrkit.serve.respond import db, respond, wants_json

router = APIRouter()


@router.get("/api/reports/{rid}", tags=["reports"])
@router.get("/reports/{rid}", include_in_schema=False)
def report(request: Request, rid: Id) -> Response:
    """One report: its record, the original text under `text`, sections, paragraphs,
    sentences and facts."""
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


def _heads(d: ReportDetail) -> dict[int, Section]:
    """Each section by the index of the first paragraph in it.  An entry of a glossary
    (名词解释: 1.六大优势产业：…) is not a heading but a paragraph: it is shown whole."""
    out: dict[int, Section] = {}
    seen: set[int] = set()
    for p in d.paragraphs:
        if p.section is not None and p.section not in seen:
            seen.add(p.section)
            sec = d.sections[p.section]
            if not _glossary_entry(sec):
                out[p.index] = sec
    return out


def _glossary_entry(sec: Section) -> bool:
    return sec.role == "appendix" and sec.level >= 3


def reading(d: ReportDetail) -> dict[str, Any]:
    """What the reader page shows: each paragraph as marked-up text under its heading."""
    heads = _heads(d)
    shown: list[Paragraph] = []
    for p in d.paragraphs:  # a heading that opens its paragraph is shown once, as heading
        head = heads.get(p.index)
        if head is not None and p.start == head.start < head.end:
            cut = head.end
            if d.text[cut : cut + 1] in ("。", ".", "；", ";", "：", ":"):
                cut += 1  # the heading's own full stop
            p = replace(p, start=min(cut, p.end))
        shown.append(p)
    paragraphs = render_paragraphs(
        d.text, shown, d.sentences, d.facts, d.report.format == "html", d.phrases
    )
    for view, orig in zip(paragraphs, d.paragraphs, strict=True):
        head = heads.get(orig.index)
        view["heading"] = head
        # the heading line is its own paragraph: show it once, as the heading
        view["is_heading"] = (
            head is not None and orig.start >= head.start and orig.end <= head.end + 1
        )
        if view["is_heading"]:  # its sentences' anchors go with the heading
            view["anchors"] = sentence_anchors(
                d.sentences[orig.first_sentence : orig.first_sentence + orig.sentence_count]
            )
    version = d.facts[0].rules_version if d.facts else None
    return {
        "report": {**to_json(d.report), "rules_version": version},
        "paragraphs": paragraphs,
        "headline": [f for f in d.facts if f.headline],
        "facts": {str(f.id): to_json(f) for f in d.facts},
        "phrases": [to_json(p) for p in d.phrases],
    }
