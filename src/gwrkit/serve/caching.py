"""ASGI middleware: security headers on every response, a cache of whole GET responses
that is dropped whenever the stored collection changes (a new report or extraction),
checked at most once a second, and HEAD answered as GET without the body."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CACHED_PREFIXES = ("/reports", "/targets", "/indicator", "/search", "/api/")
MAX_ENTRIES = 512
MAX_BODY = 4_000_000


class ResponseCache:
    def __init__(self, app: ASGIApp, version: Callable[[], int], headers: dict[str, str]) -> None:
        self.app = app
        self.version = version
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        self.entries: OrderedDict[tuple[int, bytes, bytes], tuple[int, list[Any], bytes]] = (
            OrderedDict()
        )
        self.lock = threading.Lock()
        self.checked = 0.0
        self.current = -1

    def _version(self) -> int:
        now = time.monotonic()
        if now - self.checked > 1.0:
            self.current = self.version()
            self.checked = now
        return self.current

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        cacheable = scope["method"] == "GET" and path.startswith(CACHED_PREFIXES)
        if not cacheable:
            await self.app(scope, receive, self._with_headers(send))
            return
        key = (self._version(), path.encode(), scope.get("query_string", b""))
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        captured: dict[str, Any] = {"body": []}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
                captured["status"] = message["status"]
                captured["headers"] = message["headers"]
            elif message["type"] == "http.response.body":
                captured["body"].append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        body = b"".join(captured["body"])
        if captured.get("status") == 200 and len(body) <= MAX_BODY:
            with self.lock:
                self.entries[key] = (200, captured["headers"], body)
                while len(self.entries) > MAX_ENTRIES:
                    self.entries.popitem(last=False)

    def _with_headers(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        return wrapped


class HeadAsGet:
    """Answer HEAD like GET, without the body (HTTP semantics; FastAPI's GET routes
    alone answer 405).  The headers, Content-Length included, are those of the GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
