"""HTML to plain lines, keeping a map to the offsets of the page source.

Web copies of reports are read with a small lexer rather than a DOM so that every
character of the text can be traced to its place in the page source: scripts, styles
and page furniture elements (nav, header, footer, aside, forms) are removed with their
content, block elements become line breaks, other tags vanish, entities are decoded.
A script or style left open runs to the end of the page, as in a browser; an XHTML
``<script/>`` is empty.
What remains of the page chrome is removed line by line in :mod:`gwrkit.ingest.body`.
"""

from __future__ import annotations

import html
import re

from gwrkit.core.text import Edit, MappedText

_MARKUP = re.compile(
    r"""
    (?P<raw><(?P<raw_tag>script|style)\b(?:[^>]*?/>|[^>]*>.*?(?:</(?P=raw_tag)\s*>|\Z)))
    |(?P<drop><(?P<tag>noscript|head|nav|header|footer|aside|select|button
               |iframe|svg|form|template|object|embed)\b[^>]*>.*?</(?P=tag)\s*>)
    |(?P<comment><!--.*?(?:-->|\Z))
    |(?P<decl><![^>]*>|<\?[^>]*>)
    |(?P<element></?(?P<name>[a-zA-Z][a-zA-Z0-9]{0,15})\b[^>]{0,2000}>)
    |(?P<entity>&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6});)
    """,
    re.S | re.I | re.X,
)
_BLOCK = frozenset(
    (
        "p div br h1 h2 h3 h4 h5 h6 li ul ol tr td th table section article body html"
        " title blockquote pre dd dt dl center hr main figure figcaption tbody thead"
    ).split()
)
_SNIFF = re.compile(r"<(?:p|div|br|span|h[1-6]|td|tr|li|a|font|strong|html|body|table)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True when a text file is in fact an HTML page or fragment."""
    head = text[:50_000]
    return (
        head.lstrip().lower().startswith(("<!doctype", "<html")) or len(_SNIFF.findall(head)) >= 3
    )


def _edit_for(m: re.Match[str]) -> Edit:
    if m.group("entity"):
        char = html.unescape(m.group("entity"))
        return (m.start(), m.end(), char)
    if m.group("element"):
        name = (m.group("name") or "").lower()
        return (m.start(), m.end(), "\n" if name in _BLOCK else "")
    return (m.start(), m.end(), "\n")


def strip_markup(source: str) -> MappedText:
    """Plain text of an HTML source, mapped back to the source."""
    mt = MappedText.identity(source)
    return mt.edit([_edit_for(m) for m in _MARKUP.finditer(source)])
