"""The server's defences: a strict Content-Security-Policy and companion headers on every answer, a limit on
request bodies, and the token that write endpoints need.

The dashboard shows titles, quotes and names taken from the pages read: text written by whoever wrote those
pages. The templates escape it; the policy is the second wall, so that a script slipped past an escape still
cannot run (no inline script or style, nothing from elsewhere, no framing). The body limit is counted on the
bytes as they arrive, since a client may send a chunked body with no Content-Length or lie in it.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from presswatch.web.deps import ServeSettings, get_settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def too_large(limit: int) -> StarletteHTTPException:
    return StarletteHTTPException(413, f"the request body is over the limit of {limit:,} bytes")


class SecurityMiddleware:
    """ASGI middleware: the security headers on every HTTP answer (pages, API, static files, errors) and the body
    limit (413). A body announced as too large is refused before it is read; one that grows too large while it
    streams is refused when it passes the limit (the reader sees the 413 as an HTTPException, which the error
    handlers turn into the answer)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in SECURITY_HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = headers + SECURITY_HEADERS
            await send(message)

        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send_secured, too_large(limit))
            return
        received = 0

        async def receive_bounded() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(limit)
            return message

        try:
            await self.app(scope, receive_bounded, send_secured)
        except StarletteHTTPException as e:  # the limit passed where no error handler stood between
            if e.status_code != 413 or started:
                raise
            await self._refuse(send_secured, e)

    @staticmethod
    async def _refuse(send: Send, error: StarletteHTTPException) -> None:
        body = json.dumps({"error": error.detail}).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": error.status_code,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


async def require_token(request: Request, settings: Annotated[ServeSettings, Depends(get_settings)]) -> None:
    """A FastAPI dependency of every write endpoint: when the server has a token, the request must carry it as
    ``Authorization: Bearer TOKEN`` (compared in constant time), else 401."""
    if not settings.token:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf-8"), settings.token.encode("utf-8")
    ):
        raise HTTPException(
            401,
            "this endpoint needs the server's token: Authorization: Bearer TOKEN",
            headers={"WWW-Authenticate": "Bearer"},
        )
