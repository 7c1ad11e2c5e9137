"""The ASGI application of ``presswatch serve``."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from presswatch import __version__
from presswatch.web import api, pages
from presswatch.web.deps import ServeSettings, StorePool

STATIC = Path(__file__).parent / "static"


def create_app(settings: ServeSettings | None = None) -> FastAPI:
    """The application for one store (``settings.db``; default: ``$PRESSWATCH_DB``, else the user's store)."""
    settings = settings or ServeSettings()
    stores = StorePool(settings.db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        yield
        stores.close()

    app = FastAPI(title="presswatch", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.stores = stores
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
