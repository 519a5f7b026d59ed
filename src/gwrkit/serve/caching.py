"""ASGI middleware: security headers on every response, a cache of whole GET responses
that is dropped whenever the stored collection changes (a new report or extraction),
checked at most once a second, and HEAD answered as GET without the body."""

from __future__ import annotations

import json
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


class _OnMethod:
    """Middleware that handles requests of one HTTP method and passes the rest on."""

    method = ""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != self.method:
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class HeadAsGet(_OnMethod):
    """Answer HEAD like GET, without the body (HTTP semantics; FastAPI's GET routes
    alone answer 405).  The headers, Content-Length included, are those of the GET."""

    method = "HEAD"

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class DropEmptyParams:
    """A filter form's empty field means no filter: ``?year=&region=青海省`` reaches the
    routes as ``?region=青海省`` (an empty year answered 422 on every form)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if query:
            kept = [p for p in query.split(b"&") if p and not p.endswith(b"=")]
            scope = {**scope, "query_string": b"&".join(kept)}
        await self.app(scope, receive, send)


class BodyGuard:
    """Refuse a write before its body is read: an API write without the right token
    (401, or 403 on a read-only server), a body whose declared length is over the limit
    (413), and one that streams past it.  Nothing of a refused body reaches the disk."""

    def __init__(self, app: ASGIApp, max_bytes: int, allowed: Callable[[str | None], int]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.allowed = allowed  # the status a bearer token earns: 0 when it may write

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["path"].startswith("/api/"):
            auth = headers.get("authorization", "")
            token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
            status = self.allowed(token)
            if status:
                message = (
                    "a valid write token is needed"
                    if status == 401
                    else ("this server is read-only (started without a write token)")
                )
                await _refuse(send, status, message)
                return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _refuse(send, 413, f"the body is over the limit of {self.max_bytes} bytes")
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _refuse(send, 413, f"the body is over the limit of {self.max_bytes} bytes")


class _TooLarge(Exception):
    pass


async def _refuse(send: Send, status: int, message: str) -> None:
    code = {401: "unauthorized", 403: "forbidden", 413: "too_large"}.get(status, "error")
    body = json.dumps({"error": {"status": status, "code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Options(_OnMethod):
    """OPTIONS answers which methods the server takes (it answered 405)."""

    method = "OPTIONS"

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        writes = scope["path"].startswith(("/api/", "/upload"))
        allow = b"GET, HEAD, POST, OPTIONS" if writes else b"GET, HEAD, OPTIONS"
        await send({"type": "http.response.start", "status": 204, "headers": [(b"allow", allow)]})
        await send({"type": "http.response.body", "body": b""})


class TrailingSlash:
    """/reports/ goes to /reports with a relative Location: the Host header of a request
    is never copied into a response (Starlette's own redirect did)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if len(path) > 1 and path.endswith("/"):
            target = path.rstrip("/") or "/"
            query = scope.get("query_string", b"")
            location = target.encode() + (b"?" + query if query else b"")
            await send(
                {"type": "http.response.start", "status": 308, "headers": [(b"location", location)]}
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)
