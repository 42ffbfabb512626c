"""The newsroom desk: review, listing, deletion, ClaimReview export and the web page.

Kept apart from :mod:`newscheck.api` (which only includes :func:`desk_router`), so the
pipeline's API and the desk can change independently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from config.settings import Settings
from pipeline.ports import StateStore


@dataclass(frozen=True)
class ApiHooks:
    """What the desk shares with the API: its key check (raising ``unauthorised``), its per-caller
    rate limit (raising ``rate_limited_error``), its submission model, the function that validates and
    queues one, and the one that sends an article back to the workers."""

    authorised: Callable[..., str | None]
    unauthorised: type[Exception]
    rate_limited: Callable[..., None]
    rate_limited_error: type[Exception]
    submission: type[BaseModel]
    accept: Callable[[Any], BaseModel]
    enqueue: Callable[[str], object]  # start an existing article's pipeline again


def desk_router(settings: Settings, store: StateStore, hooks: ApiHooks) -> APIRouter:
    """The desk's API routes and pages, sharing the API's store and its checks."""
    from newscheck.desk.pages import page_router
    from newscheck.desk.routes import api_router

    router = APIRouter()
    router.include_router(api_router(settings, store, hooks))
    router.include_router(page_router(settings, store, hooks.authorised, hooks.unauthorised))
    return router


def key_name(key: str | None) -> str:
    """Who holds an API key: ``NAME:SECRET`` keys are named NAME, others by a short digest.

    With keys off (the local demo) every caller is ``anonymous``.
    """
    from pipeline import ids

    if key is None:
        return "anonymous"
    name, sep, _ = key.partition(":")
    return name if sep and name.strip() else "key-" + ids.short_hash(key)[:8]


KEY_COOKIE = "newscheck_key"  # where the page keeps the API key (set by its script, SameSite=Strict)
Json = dict[str, Any]
