"""Work the queue has lost: open articles and claims that no message stands for any more.

Why: the fan-out is driven by messages (prepare -> extract -> one judge per claim -> finalise), and
a message can vanish without any task failing: kombu pops it (BRPOP) and records it as
unacknowledged in a second write, so a worker killed, or a Redis stopped, between the two loses
it; a Redis restarted from a snapshot forgets what it had queued since. Redelivery cannot help
with a message nobody holds. So the queue is reconciled with the state: an open article whose
next step is named by no message (waiting, reserved or running) has lost it, and the step is
sent again. Every step is idempotent (set-if-absent writes), so a step sent twice by a race
never doubles a verdict; to keep such races out, work counts as lost only when it is seen
unaccounted for at two looks ``grace`` seconds apart (a message moving between a queue and a
worker is invisible for milliseconds).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from typing import Literal

from pipeline.models import ArticleStatus

Step = Literal["prepare", "claim", "finalise"]


@dataclasses.dataclass(frozen=True)
class OpenArticle:
    """What the state store says about one unfinished article."""

    aid: str
    status: str
    registered: bool  # its claims are registered (claims_total is set)
    claims: Sequence[str] = ()
    open_claims: Sequence[str] = ()


@dataclasses.dataclass(frozen=True)
class Work:
    """One step to send again: ``prepare`` and ``finalise`` name an article, ``claim`` a claim."""

    step: Step
    target: str
    article: str

    @property
    def key(self) -> str:
        return f"{self.step}:{self.target}"


def lost_work(article: OpenArticle, pending: Collection[str]) -> list[Work]:
    """The steps of ``article`` that no pending message names (``pending``: the first argument,
    an article or claim id, of every message waiting, reserved or running)."""
    aid = article.aid
    if article.status in (ArticleStatus.DONE, ArticleStatus.FAILED) or aid in pending:
        return []  # finished, or a prepare / extract / finalise message will carry it on
    if not article.registered:
        return [Work("prepare", aid, aid)]  # prepare is idempotent up to extraction and fan-out
    lost = [Work("claim", cid, aid) for cid in article.open_claims if cid not in pending]
    if not article.open_claims and not any(cid in pending for cid in article.claims):
        return [Work("finalise", aid, aid)]  # every verdict is in and no judge is still finishing
    return lost


def confirmed(seen: Sequence[Work], first_seen: Mapping[str, float], now: float,
              grace: float) -> tuple[list[Work], dict[str, float]]:
    """Of the work seen lost now, what has been lost since at least ``grace`` seconds ago (to send
    again), and the marks to keep for the next look (work no longer lost is forgotten, so a
    transient miss never adds up with a later one)."""
    due: list[Work] = []
    marks: dict[str, float] = {}
    for work in seen:
        since = first_seen.get(work.key)
        if since is not None and now - since >= grace:
            due.append(work)
        else:
            marks[work.key] = since if since is not None else now
    return due, marks


__all__ = ["OpenArticle", "Work", "lost_work", "confirmed"]
