"""Tasks only the benchmark loads: its workers start with ``--include bench.tasks`` (bench/stack.py),
so production workers never carry them."""

from __future__ import annotations

from workers.app import app
from workers.base import NewscheckTask

from bench import worker_profile

worker_profile.install()  # only when NEWSCHECK_BENCH_PROFILE is set (python -m bench.worker_profile)


@app.task(name="bench.noop", base=NewscheckTask, bind=True)
def noop(self: NewscheckTask, token: str = "") -> str:
    """A task that does nothing: the benchmark's baseline for queue overhead."""
    return token


__all__ = ["noop"]
