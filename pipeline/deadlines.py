"""What an article's deadline means: the sweeper's rule, pure (``workers.tasks.sweep`` is its glue).

An article past its deadline is finished with what it has, never left open:

- no record, or already finished: nothing to do but forget the deadline;
- its claims were never registered (the article was not even extracted in time): the article
  fails with reason ``timeout``;
- otherwise every claim still without a verdict gets the honest unverified verdict (reason
  ``timeout``) and the article is done: the verdicts that did land stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.errors import FailureReason
from pipeline.flow import unfinished_verdict
from pipeline.models import ArticleStatus, Verdict
from pipeline.records import ArticleMeta

NOT_PROCESSED = "not processed before its deadline"
CLAIM_LATE = "the article's deadline passed before this claim was checked"


@dataclass(frozen=True)
class DeadlinePlan:
    """What the sweeper does with one article past its deadline."""

    finish: ArticleStatus | None                  # None: already finished (or gone), only forget the deadline
    error: dict[str, Any] | None = None            # the failed article's error
    open_claims_get: Verdict | None = None          # the verdict every claim still open receives first


def past_deadline(meta: ArticleMeta | None) -> DeadlinePlan:
    """The rule for an article whose deadline has passed (``meta`` as the store holds it)."""
    if meta is None or meta.finished:
        return DeadlinePlan(finish=None)
    if not meta.claims_registered:
        return DeadlinePlan(finish=ArticleStatus.FAILED,
                            error={"reason": FailureReason.TIMEOUT.value, "detail": NOT_PROCESSED})
    return DeadlinePlan(finish=ArticleStatus.DONE, open_claims_get=unfinished_verdict(FailureReason.TIMEOUT, CLAIM_LATE))


__all__ = ["DeadlinePlan", "past_deadline"]
