"""The reader's page of each report, rendered once after the report is stored (by
ingest's workers, pipeline.complete) and kept in the database beside its facts: reading
a report is then one row, where rendering it (its text with every fact marked, ~230 KB)
took 10 ms of each request.

A page is kept for one extraction (a report extracted again has none until its page is
rendered again) and names the code it was made with (templates, page code, labels): a
page made by other code is not used, and the reader renders the page for the request,
as it does in English (the pages kept are Chinese, the default)."""

from __future__ import annotations

import hashlib
import zlib
from functools import cache
from importlib import resources

import jinja2
from fastapi.responses import Response
from markupsafe import Markup

from gwrkit import api
from gwrkit.core.schema import ReportDetail
from gwrkit.serve import labels
from gwrkit.serve.reader import reading
from gwrkit.serve.templating import environment

LANGUAGE = "zh"  # the language of the pages kept
LEVEL = 3  # zlib: a page of 230 KB keeps as ~52 KB in 2 ms (level 6: ~47 KB in 5 ms)


# what a page is made of besides the stored report: its template, the code that marks
# the text, and the words (labels, indicator names) with the code that reads them
MADE_WITH = (
    ("gwrkit.serve.templates", "report_main.html"),
    ("gwrkit.serve", "reader.py"),
    ("gwrkit.serve", "templating.py"),
    ("gwrkit.serve", "labels.py"),
    ("gwrkit.rules", "labels.yaml"),
    ("gwrkit.rules", "indicators.yaml"),
    ("gwrkit.core", "indicators.py"),
)


@cache
def code_version() -> str:
    """A hash of what a page is made with (MADE_WITH).  A change of the extracting rules
    alone leaves the pages in use: a page shows the extraction it was made for, which
    stays until the report is extracted again (and then gets a page of its own)."""
    digest = hashlib.sha256()
    for package, name in MADE_WITH:
        digest.update(name.encode() + b"\0" + (resources.files(package) / name).read_bytes())
    return digest.hexdigest()[:16]


@cache
def _template() -> jinja2.Template:
    return environment().get_template("report_main.html")


def render(detail: ReportDetail) -> tuple[str, str]:
    """(title, the page's main part) of a report, in the language of the pages kept."""
    token = labels.current.set(LANGUAGE)
    try:
        context = reading(detail)
        return str(context["title"]), _template().render(context)
    finally:
        labels.current.reset(token)


def make_page(db: api.Store, rid: int) -> tuple[str, str, bytes]:
    """(code, title, compressed main part) of a stored report's page, to keep: what
    ingest's workers make beside the writer (pipeline.complete)."""
    title, main = render(api.report_detail(rid, db))
    return code_version(), title, zlib.compress(main.encode("utf-8"), LEVEL)


def stored(db: api.Store, rid: int) -> tuple[str, bytes] | None:
    """(title, main part as UTF-8) of the page kept for a report, when one was made by this
    code for its latest extraction and the request is in the language kept."""
    if labels.current.get() != LANGUAGE:
        return None
    found = api.kept_page(rid, db)
    if found is None or found[0] != code_version():
        return None
    return found[1], zlib.decompress(found[2])


# where the main part goes in the page rendered around it: the main part (~200 KB) is put
# in as the bytes kept, not decoded, rendered and encoded again (0.5 ms of each request)
PLACE = Markup("<!-- gwrkit: the page kept -->")
_PLACE = PLACE.encode("utf-8")


def put_in(page: Response, main: bytes) -> Response:
    """``page`` (rendered with :data:`PLACE` as its main part) with ``main`` there."""
    body = bytes(page.body)
    at = body.index(_PLACE)
    page.body = body[:at] + main + body[at + len(_PLACE) :]
    page.headers["content-length"] = str(len(page.body))
    return page
