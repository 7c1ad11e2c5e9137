"""The two answers a dashboard asks for most, without FastAPI's routing and validation: one document
(``GET /api/documents/{id}``) and a plain page of documents (``GET /api/documents`` with at most ``offset`` and
``limit``, both whole numbers in range). Under 50 clients, FastAPI's work per request (routing, dependencies,
parameter validation, its exception layers) cost about three times the store's; this layer answers those requests
with the same bytes and headers the FastAPI endpoints give and hands everything else, an error included, to the
application, so the OpenAPI document, the validation messages and the error answers stay FastAPI's.

The store work runs in AnyIO's worker threads (the fast path of :mod:`presswatch.web.api`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import anyio

from presswatch.errors import PresswatchError
from presswatch.web import data
from presswatch.web.deps import StorePool
from presswatch.web.security import ASGIApp, Receive, Scope, Send

_DOCUMENT = re.compile(r"/api/documents/([0-9a-f]{4,64})")
MAX_PAGE = 1000  # as presswatch.web.api.MAX_PAGE


class FastPaths:
    def __init__(self, app: ASGIApp, stores: StorePool) -> None:
        self.app = app
        self.stores = stores

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            body = await self._answer(scope["path"], scope.get("query_string", b""))
            if body is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-length", str(len(body)).encode("ascii")),
                            (b"content-type", b"application/json"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    async def _answer(self, path: str, query_string: bytes) -> bytes | None:
        """The answer's body, or None where FastAPI answers (another path, other parameters, any error)."""
        if path == "/api/documents":
            page = _page(query_string)
            if page is None:
                return None
            return await self._run(_list, page[0], page[1])
        m = _DOCUMENT.fullmatch(path)
        if m is None or query_string:
            return None
        return await self._run(data.document_json, m.group(1))

    async def _run(self, fn: Any, *args: Any) -> bytes | None:
        stores = self.stores

        def work() -> bytes | None:
            try:
                result: bytes = fn(stores.get(), *args)
                return result
            except PresswatchError:
                return None  # FastAPI's error handlers answer it (404, 400)

        return await anyio.to_thread.run_sync(work)


def _list(store: Any, offset: int, limit: int) -> bytes:
    return data.json_bytes(data.find_documents(store, data.DocumentQuery(), offset=offset, limit=limit))


def _page(query_string: bytes) -> tuple[int, int] | None:
    """(offset, limit) of a query string with nothing else, both valid; None otherwise."""
    try:
        pairs = parse_qsl(query_string.decode("ascii"), keep_blank_values=True, strict_parsing=bool(query_string))
    except (UnicodeDecodeError, ValueError):
        return None
    values = {"offset": "0", "limit": "50"}
    for k, v in pairs:
        if k not in values or not v.isascii() or not v.isdigit() or len(v) > 15:
            return None
        values[k] = v
    if len(pairs) != len({k for k, _ in pairs}):
        return None  # a parameter given twice: as FastAPI reads it
    offset, limit = int(values["offset"]), int(values["limit"])
    if not 1 <= limit <= MAX_PAGE:
        return None
    return offset, limit
