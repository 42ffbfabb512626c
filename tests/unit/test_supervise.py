"""The worker supervisor with real child processes (newscheck/supervise.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from newscheck.supervise import supervise

CRASH_ONCE = """
import pathlib, sys
marker = pathlib.Path(sys.argv[1])
runs = int(marker.read_text()) + 1 if marker.exists() else 1
marker.write_text(str(runs))
sys.exit(70 if runs == 1 else 0)
"""


def test_a_child_that_ends_itself_is_restarted_until_it_exits_cleanly(tmp_path: Path) -> None:
    marker = tmp_path / "runs"
    assert supervise([sys.executable, "-c", CRASH_ONCE, str(marker)], backoff_s=0.01) == 0
    assert marker.read_text() == "2"


def test_restarts_are_capped(tmp_path: Path) -> None:
    marker = tmp_path / "runs"
    always = "import pathlib, sys; m = pathlib.Path(sys.argv[1]); m.write_text(m.read_text() + 'x' if m.exists() else 'x'); sys.exit(3)"
    assert supervise([sys.executable, "-c", always, str(marker)], max_restarts=2, backoff_s=0.01) == 3
    assert marker.read_text() == "xxx"  # the first run and two restarts


def test_sigterm_reaches_the_child_and_nothing_restarts(tmp_path: Path) -> None:
    """The way the demo, the tests and docker stop a worker: SIGTERM to the supervisor only."""
    marker = tmp_path / "stopped"
    child = (f"import pathlib, signal, sys, time\n"
             f"signal.signal(signal.SIGTERM, lambda *a: (pathlib.Path({str(marker)!r}).write_text('clean'), sys.exit(0)))\n"
             f"pathlib.Path({str(tmp_path / 'up')!r}).write_text('1')\n"
             f"time.sleep(60)\n")
    code = (f"import sys; from newscheck.supervise import supervise; "
            f"sys.exit(supervise([sys.executable, '-c', {child!r}], backoff_s=0.01))")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2])
    deadline = time.monotonic() + 30
    while not (tmp_path / "up").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    assert marker.read_text() == "clean"
