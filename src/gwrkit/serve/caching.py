"""ASGI middleware: security headers on every response, a cache of whole GET responses
that is dropped whenever the stored collection changes (a new report or extraction),
checked at most once a second, and HEAD answered as GET without the body."""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from gwrkit.serve.labels import current as current_language

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CACHED_PREFIXES = (
    "/reports", "/targets", "/indicator", "/hierarchy", "/search", "/phrases", "/facts", "/api/",
)  # fmt: skip
MAX_BODY = 4_000_000  # a larger answer is served but not kept
MAX_CACHE_BYTES = 64 * 1024 * 1024  # the cache holds at most this much, junk queries or not


class ResponseCache:
    """Whole GET answers kept by path, query and data version, within a byte budget
    (least recently used out first).  Every cacheable answer carries an ETag (its
    content's hash, with the data version) and ``Cache-Control: no-cache``; a request
    whose If-None-Match names it gets 304 and no body."""

    def __init__(
        self,
        app: ASGIApp,
        version: Callable[[], int],
        headers: dict[str, str],
        enabled: bool = True,
    ) -> None:
        self.app = app
        self.version = version
        self.enabled = enabled
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        self.entries: OrderedDict[tuple[int, bytes, bytes], tuple[int, list[Any], bytes]] = (
            OrderedDict()
        )
        self.size = 0
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
        cacheable = self.enabled and scope["method"] == "GET" and path.startswith(CACHED_PREFIXES)
        if not cacheable:
            await self.app(scope, receive, self._with_headers(send))
            if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
                self.checked = 0.0  # a write: read the data version again at once
            return
        version = self._version()
        # a page in each language is its own entry (labels.Language, outside, has read it)
        lang = current_language.get().encode()
        key = (version, path.encode() + b"|" + lang, scope.get("query_string", b""))
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
        if hit is None:
            hit = await self._answer(scope, receive, version)
            if hit[0] == 200 and len(hit[2]) <= MAX_BODY:
                self._keep(key, hit)
        status, headers, body = hit
        tag = next((v for k, v in headers if k == b"etag"), None)
        asked = dict(scope.get("headers", [])).get(b"if-none-match")
        if tag is not None and asked is not None and tag in [t.strip() for t in asked.split(b",")]:
            kept = [(k, v) for k, v in headers if k not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        # a copy: an outer middleware (gzip) edits the headers it is given in place
        await send({"type": "http.response.start", "status": status, "headers": list(headers)})
        await send({"type": "http.response.body", "body": body})

    async def _answer(
        self, scope: Scope, receive: Receive, version: int
    ) -> tuple[int, list[Any], bytes]:
        """The app's whole answer, with the shared headers and, for a 200, its ETag."""
        captured: dict[str, Any] = {"body": [], "status": 500, "headers": []}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = [*message.get("headers", []), *self.headers]
            elif message["type"] == "http.response.body":
                captured["body"].append(message.get("body", b""))

        await self.app(scope, receive, capture)
        body = b"".join(captured["body"])
        headers: list[Any] = captured["headers"]
        if captured["status"] == 200:
            digest = hashlib.sha256(body).hexdigest()[:20]
            headers = [
                *headers,
                (b"etag", f'"{version}-{digest}"'.encode()),
                (b"cache-control", b"no-cache"),
            ]
        return captured["status"], headers, body

    def _keep(self, key: tuple[int, bytes, bytes], entry: tuple[int, list[Any], bytes]) -> None:
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = entry
            self.size += len(entry[2]) + 512
            while self.size > MAX_CACHE_BYTES and self.entries:
                _key, old = self.entries.popitem(last=False)
                self.size -= len(old[2]) + 512

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
        seen, over, answered = 0, False, False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                over = True
                raise _TooLarge
            return message

        async def sent(message: Message) -> None:
            # the app's own answer to a body cut off (FastAPI's 400 "error parsing the
            # body") gives way to the 413 that says why
            nonlocal answered
            if not over:
                answered = True
                await send(message)

        with contextlib.suppress(_TooLarge):
            await self.app(scope, counted, sent)
        if over and not answered:
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
