"""Keep a worker process running: restart it when it dies on its own, stop it when asked.

Why: a Celery worker can end itself on an "unrecoverable error" that is only a race in kombu's
Redis transport (its broadcast channel reconnecting while Redis restarts raises AttributeError in
``_connparams``), and then nothing consumes its queues until someone restarts it. docker-compose
restarts a container, but ``newscheck worker`` run by hand, by the demo or by the tests had no
such guard. The supervisor runs the worker as its child in the same process group (so a signal
to the group reaches both), forwards SIGTERM / SIGINT / SIGQUIT to it, and restarts it after an
exit it did not ask for, with the project's one back-off (``RetryPolicy``: steps of ``backoff_s``,
doubling, equal jitter) and at most ``max_restarts`` in ``window_s`` seconds.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import time
from collections import deque
from collections.abc import Mapping, Sequence
from types import FrameType

from pipeline.politeness import RetryPolicy

log = logging.getLogger("newscheck.supervise")

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


def supervise(argv: Sequence[str], *, env: Mapping[str, str] | None = None, max_restarts: int = 5,
              window_s: float = 60.0, backoff_s: float = 1.0) -> int:
    """Run ``argv`` until it exits 0 or we are asked to stop; its last exit status."""
    stopping: list[int] = []
    child: list[subprocess.Popen[bytes]] = []

    def forward(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)
        if child and child[0].poll() is None:
            child[0].send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in FORWARDED}
    restarts: deque[float] = deque()
    policy = RetryPolicy(max_restarts, base=backoff_s, cap=8 * backoff_s)
    try:
        while True:
            child[:] = [subprocess.Popen(list(argv), env=dict(env) if env is not None else None)]
            if stopping:  # asked to stop while it started
                child[0].send_signal(stopping[-1])
            rc = child[0].wait()  # a forwarded signal interrupts it and the wait resumes (PEP 475)
            if stopping or rc == 0:
                return rc
            now = time.monotonic()
            while restarts and now - restarts[0] > window_s:
                restarts.popleft()
            if len(restarts) >= max_restarts:
                log.error("worker exited with %s, %d restarts in %.0f s: giving up", rc, len(restarts), window_s)
                return rc
            restarts.append(now)
            log.warning("worker exited on its own with %s: restarting it (%d in the last %.0f s)", rc, len(restarts), window_s)
            time.sleep(policy.delay(len(restarts) - 1))
            if stopping:
                return rc
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


__all__ = ["supervise"]
