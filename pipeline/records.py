"""Typed records of an article's state, as the StateStore port returns them.

Pure: no I/O. ``ArticleStatus`` (defined beside ``Report`` in ``pipeline.models``) is a ``StrEnum`` so the wire format (API JSON, the Redis hash)
keeps the plain strings ``queued``, ``running``, ``done`` and ``failed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from pipeline.errors import InvariantError
from pipeline.models import ArticleInput, ArticleStatus, Claim


class CallbackStatus(StrEnum):
    """The callback POST: waiting (article open), pending (finished, not tried), retrying, sent, failed."""

    WAITING = "waiting"
    PENDING = "pending"
    RETRYING = "retrying"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True)
class CallbackDelivery:
    """The POST to the submitter's callback_url, as the report shows it."""

    url: str
    status: CallbackStatus = CallbackStatus.WAITING
    attempts: int = 0
    last_at: str | None = None
    last_error: str | None = None

    def to_report(self) -> dict[str, Any]:
        return {"url": self.url, "status": self.status.value, "attempts": self.attempts, "last_at": self.last_at,
                "last_error": self.last_error}


@dataclass(frozen=True)
class ArticleMeta:
    """The article's own record (not its claims or verdicts)."""

    status: ArticleStatus
    input: ArticleInput | None = None
    created_at: str | None = None
    updated_at: str | None = None
    finished_at: str | None = None
    deadline: float | None = None            # epoch seconds
    claims_total: int | None = None          # None until the claims are registered
    claims_done: int = 0
    error: dict[str, Any] | None = None      # {"reason": ..., "detail": ...} of a failed article
    callback: CallbackDelivery | None = None  # None when no callback_url was given

    @property
    def finished(self) -> bool:
        return self.status.finished

    @property
    def claims_registered(self) -> bool:
        return self.claims_total is not None


def unique_claims(aid: str, claims: Sequence[Claim]) -> tuple[Claim, ...]:
    """An article's claims, refused when two share an id: the fan-in counts one verdict per id
    and would never reach the total."""
    if len({c.id for c in claims}) != len(claims):
        raise InvariantError(f"duplicate claim ids in article {aid}")
    return tuple(claims)


__all__ = ["ArticleMeta", "ArticleStatus", "CallbackDelivery", "CallbackStatus", "unique_claims"]
