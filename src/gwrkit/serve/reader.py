"""The report reader: the original text, paragraph by paragraph, with every fact
highlighted and every sentence anchored.  Text is escaped here; markup of web copies is
dropped from what is shown (offsets still come from the original text).

>>> paras = render_paragraphs("地区生产总值增长5%。", [{"span_start": 0, "span_end": 0,
...     "role": "review", "idx": 0, "first_sentence": 0, "sentence_count": 0}], [], [])
>>> paras[0]["html"] == ""
True
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

_TAG = re.compile(r"<[^>]*>|<[^>]*$|^[^<]*>")


def _shown(raw: str, is_html: bool) -> str:
    """The text to show for a slice of the original (markup dropped from web copies)."""
    if is_html:
        raw = html.unescape(_TAG.sub("", raw))
    return html.escape(raw)


def render_paragraphs(
    original: str,
    paragraphs: list[dict[str, Any]],
    sentences: list[dict[str, Any]],
    facts: list[dict[str, Any]],
    is_html: bool = False,
) -> list[dict[str, Any]]:
    """Each paragraph as safe HTML with <mark> for facts and anchors for sentences."""
    chosen = _non_overlapping(facts)
    marked = {int(f["id"]) for f in chosen}
    # a fact that overlaps a marked one (the growth in 国内生产总值达到13.65万亿元,比上年增长
    # 9.5%) still gets its anchor, so that every #fact-N link lands on its number
    anchors = [f for f in facts if int(f["id"]) not in marked and f["span_end"] > f["span_start"]]
    out = []
    for p in paragraphs:
        start, end = int(p["span_start"]), int(p["span_end"])
        cuts: list[tuple[int, int, str]] = []  # (position, order, markup)
        for s in sentences[p["first_sentence"] : p["first_sentence"] + p["sentence_count"]]:
            cuts.append(
                (int(s["span_start"]), 1, f'<span class="s" id="s-{int(s["idx"])}"></span>')
            )
        for f in chosen:
            if start <= f["span_start"] and f["span_end"] <= end:
                cuts.append((int(f["span_start"]), 2, _open_mark(f)))
                cuts.append((int(f["span_end"]), 0, "</mark>"))
        for f in anchors:
            if start <= f["span_start"] and f["span_end"] <= end:
                cuts.append((int(f["span_start"]), 1, _anchor(f)))
        cuts.sort(key=lambda c: (c[0], c[1]))
        pieces, pos = [], start
        for at, _order, markup in cuts:
            at = max(start, min(at, end))
            pieces.append(_shown(original[pos:at], is_html))
            pieces.append(markup)
            pos = at
        pieces.append(_shown(original[pos:end], is_html))
        out.append({"idx": p["idx"], "role": p["role"], "html": Markup("".join(pieces).strip())})
    return out


def _non_overlapping(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Headline facts first, then other quantities where they do not overlap."""
    taken: list[tuple[int, int]] = []
    chosen = []
    ordered = sorted(facts, key=lambda f: (-int(f["headline"]), f["span_start"]))
    for f in ordered:
        a, b = int(f["span_start"]), int(f["span_end"])
        if b <= a or any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        chosen.append(f)
    return sorted(chosen, key=lambda f: f["span_start"])


def _anchor(f: dict[str, Any]) -> str:
    """The landing place of a fact that is not marked itself."""
    fid = int(f["id"])
    return f'<span class="fact-anchor" id="fact-{fid}" data-fact="{fid}"></span>'


def _open_mark(f: dict[str, Any]) -> str:
    status = f["status"] if f["headline"] else "other"
    attrs = {
        "id": f"fact-{int(f['id'])}",
        "class": f"fact st-{status}",
        "tabindex": "0",
        "data-fact": str(int(f["id"])),
        "title": f"{f['indicator'] or f['metric'] or ''} · {f['status']} {f['period']}",
    }
    return (
        "<mark " + " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + ">"
    )
