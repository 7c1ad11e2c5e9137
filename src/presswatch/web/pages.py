"""The dashboard's HTML pages (Jinja2 templates in ``templates/``)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
