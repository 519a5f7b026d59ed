"""The report reader: the original text, paragraph by paragraph, with every fact
highlighted and every sentence anchored.  Text is escaped here; markup of web copies is
dropped from what is shown (offsets still come from the original text).

>>> from gwrkit.core.schema import Paragraph
>>> p = Paragraph(index=0, section=None, role="review", start=0, end=0)
>>> render_paragraphs("地区生产总值增长5%。", [p], [], [])[0]["html"] == ""
True
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from gwrkit.core.schema import Fact, Paragraph, Phrase, ReportDetail, Section, Sentence, to_json

_TAG = re.compile(r"<[^>]*>|<[^>]*$|^[^<]*>")


def _shown(raw: str, is_html: bool) -> str:
    """The text to show for a slice of the original (markup dropped from web copies)."""
    if is_html:
        raw = html.unescape(_TAG.sub("", raw))
    return html.escape(raw)


def render_paragraphs(
    original: str,
    paragraphs: Sequence[Paragraph],
    sentences: Sequence[Sentence],
    facts: Sequence[Fact],
    is_html: bool = False,
    phrases: Sequence[Phrase] = (),
) -> list[dict[str, Any]]:
    """Each paragraph as safe HTML with <mark> for facts, <abbr> for every use of a
    formulation (the first one anchored ``#ph-START``) and anchors for sentences."""
    chosen = _non_overlapping(facts)
    uses = _phrase_uses(original, phrases, [(f.start, f.end) for f in chosen])
    marked = {f.id for f in chosen}
    unmarked = [f for f in facts if f.id not in marked and f.end > f.start]
    # every piece of markup as (start, end, order, opening, closing), in text order; a
    # fact that overlaps a marked one (the growth in 国内生产总值达到13.65万亿元,比上年增长
    # 9.5%) still gets its anchor, so that every #fact-N link lands on its number
    spans: list[tuple[int, int, int, str, str]] = [
        *((f.start, f.end, 2, _open_mark(f), "</mark>") for f in chosen),
        *((f.start, f.end, 1, _anchor(f), "") for f in unmarked),
        *((a, b, 2, markup, "</abbr>") for a, b, markup in uses),
    ]
    spans.sort(key=lambda x: x[0])
    starts = [x[0] for x in spans]
    out = []
    for p in paragraphs:
        start, end = p.start, p.end
        cuts: list[tuple[int, int, str]] = []  # (position, order, markup)
        for s in sentences[p.first_sentence : p.first_sentence + p.sentence_count]:
            cuts.append((s.start, 1, _sentence_anchor(s)))
        for a, b, order, opening, closing in spans[
            bisect.bisect_left(starts, start) : bisect.bisect_right(starts, end)
        ]:
            if b <= end:
                cuts.append((a, order, opening))
                if closing:
                    cuts.append((b, 0, closing))
        cuts.sort(key=lambda c: (c[0], c[1]))
        pieces, pos = [], start
        for at, _order, markup in cuts:
            at = max(start, min(at, end))
            pieces.append(_shown(original[pos:at], is_html))
            pieces.append(markup)
            pos = at
        pieces.append(_shown(original[pos:end], is_html))
        out.append({"index": p.index, "role": p.role, "html": Markup("".join(pieces).strip())})
    return out


def _sentence_anchor(s: Sentence) -> str:
    return f'<span class="s" id="s-{s.index}"></span>'


def sentence_anchors(sentences: Sequence[Sentence]) -> Markup:
    """The anchors of sentences shown in no paragraph (a heading line's), as links land
    on them (#s-N)."""
    return Markup("".join(_sentence_anchor(s) for s in sentences))


class _Taken:
    """Spans of text already marked, none overlapping another: whether a span is free."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, a: int, b: int) -> bool:
        # the span starting last before b ends last of those: it alone can overlap
        i = bisect.bisect_left(self.starts, b) - 1
        return i < 0 or self.ends[i] <= a

    def add(self, a: int, b: int) -> None:
        i = bisect.bisect_left(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)


def _non_overlapping(facts: Sequence[Fact]) -> list[Fact]:
    """Headline facts first, then other quantities where they do not overlap."""
    taken = _Taken()
    chosen = []
    for f in sorted(facts, key=lambda f: (not f.headline, f.start)):
        if f.end > f.start and taken.free(f.start, f.end):
            taken.add(f.start, f.end)
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def _phrase_uses(
    original: str, phrases: Sequence[Phrase], taken: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Every use of each formulation as (start, end, opening tag), none overlapping a
    marked fact or another use; the first use of each carries the anchor ``ph-START``."""
    spans = _Taken()
    for a, b in taken:
        spans.add(a, b)
    out = []
    for i, p in enumerate(phrases):
        pos = p.start
        first = True
        while pos >= 0:
            a, b = pos, pos + len(p.term)
            if spans.free(a, b):
                spans.add(a, b)
                anchor = f' id="ph-{p.start}"' if first else ""
                title = html.escape(p.gloss or p.term, quote=True)
                out.append(
                    (a, b, f'<abbr class="phrase"{anchor} data-phrase="{i}" title="{title}">')
                )
            first = False
            pos = original.find(p.term, b)
    return out


def _anchor(f: Fact) -> str:
    """The landing place of a fact that is not marked itself."""
    fid = int(f.id or 0)
    return f'<span class="fact-anchor" id="fact-{fid}" data-fact="{fid}"></span>'


def _open_mark(f: Fact) -> str:
    status = f.status if f.headline else "other"
    fid = int(f.id or 0)
    attrs = {
        "id": f"fact-{fid}",
        "class": f"fact st-{status}",
        "tabindex": "0",
        "data-fact": str(fid),
        "title": f"{f.indicator or f.metric or ''} · {f.status} {f.period}",
    }
    return (
        "<mark " + " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + ">"
    )


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
        "title": f"{d.report.region or d.report.name} {d.report.year or ''}",
        "report": {**to_json(d.report), "rules_version": version},
        "paragraphs": paragraphs,
        "headline": [f for f in d.facts if f.headline],
        "facts": _page_json({str(f.id): _panel(f) for f in d.facts}),
        "phrases": _page_json([to_json(p) for p in d.phrases]),
    }


# what the evidence panel shows of a fact (static/app.js shows each field it is given,
# in this order): a page carries no more, as the text is most of what it weighs
PANEL_FIELDS = ("indicator", "metric", "status", "period", "measure", "value", "low", "high",
                "unit", "base_value", "base_unit", "modifier", "stretch", "direction", "role",
                "quote", "rule", "rules_version")  # fmt: skip


def _panel(f: Fact) -> dict[str, Any]:
    """A fact's fields for the evidence panel, those with a value."""
    data = to_json(f)
    return {k: data[k] for k in PANEL_FIELDS if data.get(k) is not None and data.get(k) != ""}


def _page_json(value: Any) -> Markup:
    """JSON to set in a <script> of the page: characters as written (a Chinese character
    escaped as \\uXXXX weighs six bytes, not three), < > & ' escaped, keys in order."""
    return Markup(htmlsafe_json_dumps(value, ensure_ascii=False))
