"""The desk's web page (filled in by the next change)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter

from config.settings import Settings
from pipeline.adapters.redis_store import RedisStore


def page_router(settings: Settings, store: RedisStore, authorised: Callable[..., str | None]) -> APIRouter:
    return APIRouter()
