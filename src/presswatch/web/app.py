"""The ASGI application of ``presswatch serve``.

Creating it is cheap (no store is opened, no model loaded: the first request opens its thread's store, the first
analysis loads the analyzers), so the server answers well within two seconds of starting.
"""

from __future__ import annotations

import dataclasses
import json
import os
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from presswatch import __version__
from presswatch.settings import current as current_settings
from presswatch.web import api, pages
from presswatch.web.deps import ServeSettings, StorePool, slow_pool
from presswatch.web.fastpath import FastPaths
from presswatch.web.searchpool import SearchPool
from presswatch.web.security import SecurityMiddleware

STATIC = Path(__file__).parent / "static"
# how ``presswatch serve --workers N`` hands its settings to each worker process (uvicorn imports the factory there)
SETTINGS_ENV = "PRESSWATCH_SERVE_SETTINGS"


def settings_to_environment(settings: ServeSettings) -> None:
    """Put ``settings`` where :func:`app_from_environment` finds them (this process's environment, which the worker
    processes inherit)."""
    os.environ[SETTINGS_ENV] = json.dumps(dataclasses.asdict(settings))


def app_from_environment() -> FastAPI:
    """The application of one worker process of ``presswatch serve --workers N`` (a uvicorn factory)."""
    raw = current_settings().serve_settings
    return create_app(ServeSettings(**json.loads(raw)) if raw else None)


def create_app(settings: ServeSettings | None = None) -> FastAPI:
    """The application for one store (``settings.db``; default: ``$PRESSWATCH_DB``, else the user's store)."""
    settings = settings or ServeSettings()
    stores = StorePool(settings.db)
    slow = slow_pool()
    searches = (
        SearchPool(settings.db, settings.search_processes, preload=("presswatch.web.data", "presswatch.web.pages"))
        if settings.search_processes > 0
        else None
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        if searches is not None:
            searches.start()
        yield
        if searches is not None:
            searches.shutdown()
        slow.shutdown(wait=True, cancel_futures=True)
        stores.close()

    app = FastAPI(title="presswatch", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.stores = stores
    app.state.slow = slow  # the slow pool (presswatch.web.api)
    app.state.searches = searches  # the search processes (presswatch.web.searchpool), or None: the slow pool
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    api.install_error_handlers(app)
    # outside every other layer, FastAPI's answer to an unexpected error (500) included
    build_stack = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityMiddleware(  # type: ignore[method-assign]
        FastPaths(build_stack(), stores), max_body_bytes=settings.max_body_bytes
    )
    generated = app.openapi

    def openapi() -> dict[str, Any]:
        """FastAPI's document, with the document JSON schema that the document endpoints answer with."""
        schema = generated()
        schema.setdefault("components", {}).setdefault("schemas", {}).update(api.document_schemas())
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
