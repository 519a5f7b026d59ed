"""Chinese first, English on request: the words of the pages and the schema's values
(rules/labels.yaml), indicator names (rules/indicators.yaml).  The language of a request
is its ``lang`` parameter, else its ``gwrkit_lang`` cookie, else Chinese."""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from gwrkit import api

LANGUAGES = ("zh", "en")
COOKIE = "gwrkit_lang"
current: ContextVar[str] = ContextVar("gwrkit_lang", default="zh")


def language_of(scope: dict[str, Any] | Any) -> str:
    """The language a request asks for (``?lang=en``, the cookie, or zh)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    asked = str((query.get("lang") or [""])[0])
    if asked in LANGUAGES:
        return asked
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header: the default language
                return "zh"
            if COOKIE in jar and jar[COOKIE].value in LANGUAGES:
                return str(jar[COOKIE].value)
    return "zh"


@cache
def _data() -> dict[str, Any]:
    return api.labels_data()


def t(word: str) -> str:
    """A word of the page in the request's language."""
    if current.get() == "en":
        return word
    return str(_data()["ui"].get(word, word))


def label(value: object, kind: str) -> str:
    """A value of a vocabulary (a status, verdict, modifier …) in the request's language."""
    if value is None:
        return "—"
    pair = _data()["vocabularies"].get(kind, {}).get(str(value))
    if not pair:
        return str(value)
    return str(pair[1] if current.get() == "en" else pair[0])


def indicator_name(ind: str | None) -> str:
    if ind is None:
        return "—"
    names = api.indicator_names()
    zh, en = names.get(ind, (ind, ind))
    return en if current.get() == "en" else zh


class Language:
    """Sets the request's language for the templates."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = current.set(language_of(scope))
        try:
            await self.app(scope, receive, send)
        finally:
            current.reset(token)
