"""The base task: redelivery cap, retries with back-off, errors mapped to outcomes.

Celery redelivers a late-acked task whose worker died; a task that kills its worker every time
would loop forever. Each delivery is counted in Redis (per task id and retry number) and past
``max_redeliveries`` the task's ``give_up`` records a final outcome instead of running again.

Outcomes, so that nothing is acknowledged and lost silently:
- Redis unavailable: the task waits (bounded) for Redis to answer again, then retries with
  back-off. Celery turns a retry it cannot publish into a reject *without* requeue, which lost the
  task when the broker was the same Redis; that reject is turned into one with requeue, so the
  message stays unacknowledged (requeued, or redelivered after the visibility timeout);
- soft time limit: ``give_up(reason=FailureReason.TIMEOUT)``;
- any other exception (a bug, bad data): ``give_up(reason=FailureReason.INTERNAL_ERROR)`` with the message.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import Task
from celery.exceptions import Reject, Retry, SoftTimeLimitExceeded

from pipeline.errors import FailureReason, Reason, StoreUnavailable
from pipeline.politeness import RetryPolicy
from workers import runtime

log = logging.getLogger("newscheck.tasks")

STORE_WAIT_S = 30.0  # longest wait for Redis before retrying: a restart takes seconds


def task_retries(retries: int) -> RetryPolicy:
    """The task retry policy: the project's one back-off (steps of 2, 4, 8 ... seconds, equal
    jitter) capped at NEWSCHECK_MAX_RETRY_COUNTDOWN, ``retries`` times at most."""
    return RetryPolicy(retries, base=2.0, cap=float(runtime.settings().max_retry_countdown))


def wait_for_store(timeout: float, poll: float = 0.5) -> bool:
    """Until Redis answers (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if runtime.state().ping():
                return True
        except StoreUnavailable:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(poll)


def ids_of(args: tuple[Any, ...]) -> dict[str, str]:
    """The article or claim id a task was given, as structured log fields."""
    first = args[0] if args and isinstance(args[0], str) else ""
    if first.startswith("a_"):
        return {"article_id": first}
    if first.startswith("c_"):
        return {"claim_id": first}
    return {}


class NewscheckTask(Task):
    abstract = True
    acks_late = True
    reject_on_worker_lost = True
    max_retries: int | None = None  # each retry passes its own cap from settings (task_store_retries, ...)
    ignore_result = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        req = self.request
        started = time.perf_counter()
        try:
            if req.id and not req.called_directly:
                deliveries = runtime.state().deliveries.count_delivery(req.id, req.retries or 0)
                if deliveries > runtime.settings().max_redeliveries:
                    log.error("task %s delivered %d times, giving up", self.name, deliveries, extra={"task": self.name})
                    return self.give_up(*args, reason=FailureReason.WORKER_LOST,
                                        detail=f"the task's worker died {deliveries - 1} times", **kwargs)
            return self.run(*args, **kwargs)
        except Retry:
            raise
        except StoreUnavailable as exc:
            try:
                wait_for_store(STORE_WAIT_S)
                cap = runtime.settings().task_store_retries
                raise self.retry(exc=exc, countdown=task_retries(cap).delay(req.retries or 0), max_retries=cap)
            except Reject as unpublished:  # the broker is away too: keep the message
                raise Reject(str(unpublished), requeue=True) from exc
            except SoftTimeLimitExceeded:  # out of time while waiting: keep the message, not a timeout verdict
                raise Reject("time limit reached while Redis was unavailable", requeue=True) from exc
        except SoftTimeLimitExceeded:
            return self.give_up(*args, reason=FailureReason.TIMEOUT, detail="the task ran past its time limit", **kwargs)
        except Exception as exc:
            log.exception("task %s failed", self.name, extra={"task": self.name})
            return self.give_up(*args, reason=FailureReason.INTERNAL_ERROR, detail=f"{type(exc).__name__}: {exc}", **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            runtime.record_task_time(self.name, elapsed)
            log.info("%s finished in %.3fs", self.name, elapsed, extra={"task": self.name, **ids_of(args)})

    def give_up(self, *args: Any, reason: Reason, detail: str, **kwargs: Any) -> Any:
        """Record a final outcome for work that cannot be done; subclasses override."""
        log.error("%s gave up: %s (%s)", self.name, reason, detail)
        return None
