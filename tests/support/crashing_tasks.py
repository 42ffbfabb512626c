"""A claim task that kills its own worker process every time it runs (a segfault, an OOM kill).

Loaded into a test worker with ``newscheck worker --include tests.support.crashing_tasks``, it
exercises the real redelivery path: the prefork child dies, Celery requeues the message
(reject on worker lost), and the delivery counter must eventually stop the loop.
"""

from __future__ import annotations

import os
import signal

from workers.app import app
from workers.tasks import ClaimTask


@app.task(name="newscheck.test_crash_claim", base=ClaimTask, bind=True)
def crash_claim(self: ClaimTask, cid: str) -> None:
    os.kill(os.getpid(), signal.SIGKILL)
