"""Worker glue of fast recovery (pipeline/adapters/redis_recovery.py): beat, record, sweep.

Runs in each worker's main process: ``task_received`` fires there for every message (also for
retries waiting on their countdown), and a daemon thread beats and sweeps every
``worker_heartbeat_interval`` seconds. A dead worker is noticed by any live one (its replacement
included). Only for a Redis broker; other brokers keep their own redelivery.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from typing import Any

import redis
from celery.signals import task_received, worker_ready, worker_shutdown

from config.settings import Settings
from pipeline.adapters.redis_recovery import Recovery
from pipeline.errors import StoreUnavailable
from workers import runtime

log = logging.getLogger("newscheck.recovery")

_state: dict[str, Any] = {}


def build(s: Settings) -> Recovery | None:
    """This process's recovery, or None when the broker is not Redis."""
    if not s.broker.startswith(("redis://", "rediss://", "unix://")):
        return None
    client = redis.Redis.from_url(s.broker, socket_connect_timeout=2, socket_timeout=5)
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    interval = s.worker_heartbeat_interval
    return Recovery(client, worker, prefix=s.key_prefix, beat_ttl_s=4 * interval, grace_s=2 * interval)


def _loop(rec: Recovery, interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            rec.beat()
            restored = rec.sweep()
            if restored:
                log.warning("put %d messages of dead workers back on their queues", restored)
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
