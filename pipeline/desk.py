"""The newsroom desk's records: a listing row, a page of them, its cursor, a reviewer's decision.

Pure: the desk store (``pipeline.ports.DeskStore``) returns these; the cursor is opaque to
clients and refused (InputError, a 422) unless this module wrote it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from pipeline.errors import InputError
from pipeline.models import ArticleStatus, Review
from pipeline.politeness import utc_timestamp


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the listing: enough to choose an article without loading its report."""

    id: str
    status: ArticleStatus
    created_at: str | None
    title: str | None
    url: str | None
    claims_total: int
    claims_done: int
    labels: dict[str, int] = field(default_factory=dict)
    reviewed: int = 0


@dataclass(frozen=True)
class Page:
    items: list[ArticleSummary]
    next_cursor: str | None


def encode_cursor(score: float, aid: str) -> str:
    return base64.urlsafe_b64encode(f"{score!r}|{aid}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[float, str]:
    """The position a cursor names; InputError (a 422) for anything this module did not write."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        score, aid = raw.split("|", 1)
        value = float(score)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InputError("cursor is not one this API gave out") from None
    if value != value or aid == "":  # NaN
        raise InputError("cursor is not one this API gave out")
    return value, aid


def make_review(label: str, note: str, by: str, machine_label: str) -> Review:
    """A reviewer's decision now, beside the machine's label it agrees or disagrees with."""
    return Review(label=label, note=note, by=by, at=utc_timestamp(), machine_label=machine_label)  # type: ignore[arg-type]


__all__ = ["ArticleSummary", "Page", "decode_cursor", "encode_cursor", "make_review"]
