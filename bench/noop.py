"""The Celery floor: round trip and throughput of ``bench.noop`` (bench/tasks.py) on the control queue.

Results are ignored by design (our Redis state is the record), so completion is observed the
way Flower does: the workers' ``task-succeeded`` events, received here on the broker.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass

from bench.stack import BenchStack
from bench.stats import percentile


class SucceededWatcher:
    """Receives task events in a thread; ``wait(task_id)`` blocks until that task succeeded."""

    def __init__(self, stack: BenchStack) -> None:
        self.app = stack.celery
        self._done: dict[str, float] = {}
        self._cond = threading.Condition()
        self._receiver = None
        self._thread = threading.Thread(target=self._run, name="bench-events", daemon=True)
        self._ready = threading.Event()

    def _on_succeeded(self, event: dict) -> None:
        with self._cond:
            self._done[event["uuid"]] = time.perf_counter()
            self._cond.notify_all()

    def _run(self) -> None:
        with self.app.connection() as conn:
            self._receiver = self.app.events.Receiver(conn, handlers={"task-succeeded": self._on_succeeded})
            self._ready.set()
            self._receiver.capture(limit=None, timeout=None, wakeup=False)

    def __enter__(self) -> SucceededWatcher:
        # task events are off by default (config/celery.py): turn them on as Flower does, and wait
        # for every worker's reply so that no noop task runs before its worker sends events
        self.app.control.enable_events(reply=True, timeout=5)
        self._thread.start()
        self._ready.wait(10)
        time.sleep(0.5)  # the event queue is bound once capture() consumes
        return self

    def __exit__(self, *exc: object) -> None:
        if self._receiver is not None:
            self._receiver.should_stop = True
        self._thread.join(timeout=5)
        self.app.control.disable_events(reply=True, timeout=5)  # back to the default for what follows

    def wait(self, task_ids: list[str], timeout: float) -> float:
        """The perf_counter time the last of ``task_ids`` succeeded."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not all(t in self._done for t in task_ids):
                left = deadline - time.monotonic()
                if left <= 0:
                    missing = sum(t not in self._done for t in task_ids)
                    raise TimeoutError(f"{missing} noop tasks not seen to succeed within {timeout:.0f}s")
                self._cond.wait(left)
            return max(self._done[t] for t in task_ids)


@dataclass(frozen=True)
class NoopFigures:
    round_trip_p50_ms: float
    round_trip_p95_ms: float
    burst_ms_per_task: float
    burst_n: int
    burst_cpu_ms_per_task: float  # workers and Redis


def measure_noop(stack: BenchStack, *, sequential: int = 30, burst: int = 300, queue: str = "control") -> NoopFigures:
    """Round trips one at a time, then a burst whose drain time per task is the queue's cost floor.

    On ``control`` the noop runs in the threads worker (its home); on ``cpu`` in the prefork
    worker, which adds the pool's hand-off to a child process, as every judge task pays."""
    with SucceededWatcher(stack) as watcher:
        trips = []
        for _ in range(sequential):
            tid = str(uuid.uuid4())
            t0 = time.perf_counter()
            stack.celery.send_task("bench.noop", args=["bench"], task_id=tid, queue=queue)
            trips.append(watcher.wait([tid], 30) - t0)
        ids = [str(uuid.uuid4()) for _ in range(burst)]
        cpu0 = stack.cpu_seconds()
        t0 = time.perf_counter()
        for tid in ids:
            stack.celery.send_task("bench.noop", args=["bench"], task_id=tid, queue=queue)
        t_end = watcher.wait(ids, 120)
        cpu = stack.cpu_seconds() - cpu0
    ms = [t * 1000 for t in trips]
    return NoopFigures(percentile(ms, 50), percentile(ms, 95), (t_end - t0) * 1000 / burst, burst, cpu * 1000 / burst)
