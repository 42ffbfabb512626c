"""Worker glue of fast recovery (pipeline/adapters/redis_recovery.py): beat, record, sweep, reconcile.

Runs in each worker's main process: ``task_received`` fires there for every message (also for
retries waiting on their countdown), and a daemon thread beats and sweeps every
``worker_heartbeat_interval`` seconds. A dead worker is noticed by any live one (its replacement
included). One worker per round also reconciles the queue with the state (pipeline/stranded.py):
a step of an open article that no message names any more (lost between kombu's pop and its
record, or by a Redis restart) is sent again, at most ``max_redeliveries`` times, then given up
with an honest outcome. Only for a Redis broker; other brokers keep their own redelivery.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Collection
from typing import Any

from celery.signals import task_received, worker_ready, worker_shutdown
from celery.worker import state as worker_state

from config.celery import QUEUES
from config.settings import Settings
from pipeline import stranded
from pipeline.adapters import wiring as root
from pipeline.adapters.redis_recovery import Recovery
from pipeline.errors import FailureReason, StoreUnavailable
from workers import runtime, tasks

log = logging.getLogger("newscheck.recovery")

_state: dict[str, Any] = {}


def build(s: Settings) -> Recovery | None:
    """This process's recovery (from the composition root), or None when the broker is not Redis."""
    return root.recovery(s, f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}")


def held_tags() -> list[str] | None:
    """The delivery tags of the requests this worker holds now: reserved, running, or waiting on
    an ETA (Celery's own state, read from the beat thread: retried if it changed meanwhile; None
    if it kept changing, and that beat records nothing)."""
    for _ in range(5):
        try:
            found = [*worker_state.requests.values(), *getattr(worker_state, "scheduled_requests", ())]
            break
        except RuntimeError:  # changed size during iteration
            continue
    else:
        return None
    return sorted({str(tag) for r in found if (tag := getattr(getattr(r, "message", None), "delivery_tag", None))})


def open_articles(pending: Collection[str], limit: int = 1000) -> list[stranded.OpenArticle]:
    """The unfinished articles (those with a deadline), as the reconciliation reads them; those a
    pending message names are left unread (``stranded.lost_work`` finds nothing lost in them)."""
    state = runtime.state()
    found = []
    for aid in state.deadlines.due_articles(now=float("inf"), limit=limit):
        if aid in pending:
            continue
        meta = state.articles.article(aid)
        if meta is None:
            continue
        registered = meta.claims_registered
        found.append(stranded.OpenArticle(
            aid=aid, status=meta.status, registered=registered,
            claims=state.verdicts.claim_ids(aid) if registered else (), open_claims=state.verdicts.open_claims(aid) if registered else ()))
    return found


def resend(work: stranded.Work) -> None:
    """Send a lost step again through its task (every step is idempotent)."""
    if work.step == "prepare":
        tasks.prepare_article.delay(work.target)
    elif work.step == "finalise":
        tasks.finalise_article.delay(work.target)
    else:
        (tasks.discover_claim if runtime.settings().discovery_providers else tasks.judge_claim).delay(work.target)


def give_up(work: stranded.Work) -> None:
    """Lost too often: the outcome the step's own task gives when it cannot be done."""
    detail = "its task message was lost repeatedly"
    if work.step == "claim":
        tasks.judge_claim.give_up(work.target, reason=FailureReason.WORKER_LOST, detail=detail)
    elif work.step == "prepare":
        tasks.prepare_article.give_up(work.article, reason=FailureReason.WORKER_LOST, detail=detail)
    else:
        tasks.finalise_article.run(work.article)


def reconcile(rec: Recovery, grace: float, max_resends: int) -> int:
    """One look at the queue against the state; sends again what was lost at two looks; how many."""
    pending = rec.pending_ids(QUEUES)
    seen = [w for article in open_articles(pending) for w in stranded.lost_work(article, pending)]
    due, marks = stranded.confirmed(seen, rec.lost_marks(), rec.now(), grace)
    rec.save_lost_marks(marks)
    for work in due:
        if rec.count_resend(work.key) > max_resends:
            log.error("%s lost too often, giving up", work.key)
            give_up(work)
        else:
            log.warning("%s: no message stood for it, sent again", work.key)
            resend(work)
    return len(due)


def _loop(rec: Recovery, interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            rec.beat()
            held = held_tags()
            if held is not None:
                rec.hold(held)
            restored = rec.sweep()
            if restored:
                log.warning("put %d messages of dead workers back on their queues", restored)
            if rec.take_turn("reconcile", 2 * interval):
                reconcile(rec, grace=6 * interval, max_resends=runtime.settings().max_redeliveries)
        except StoreUnavailable as exc:
            log.warning("recovery beat skipped: %s", exc)
        except Exception:  # never let the beat thread die: the worker would look dead
            log.exception("recovery beat failed")
        stop.wait(interval)


@worker_ready.connect
def _start(**_: Any) -> None:
    s = runtime.settings()
    rec = build(s)
    if rec is None:
        return
    stop = threading.Event()
    _state.update(recovery=rec, stop=stop)
    threading.Thread(target=_loop, args=(rec, s.worker_heartbeat_interval, stop), name="newscheck-recovery",
                     daemon=True).start()


@task_received.connect
def _received(request: Any = None, **_: Any) -> None:
    rec: Recovery | None = _state.get("recovery")
    tag = getattr(getattr(request, "message", None), "delivery_tag", None)
    if rec is None or not tag:
        return
    try:
        rec.received(str(tag), str(request.id))
    except StoreUnavailable as exc:  # that message waits for the visibility timeout instead
        log.warning("delivery not recorded: %s", exc)


@worker_shutdown.connect
def _stop(**_: Any) -> None:
    rec: Recovery | None = _state.get("recovery")
    if rec is None:
        return
    _state["stop"].set()
    try:
        rec.leave()
    except StoreUnavailable:
        pass
