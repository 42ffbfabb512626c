"""The same input gives the same claims and verdicts in every process (hash seeds differ)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_with_seed(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    res = subprocess.run([sys.executable, str(REPO / "tests" / "support" / "judge_sample_site.py")], cwd=REPO,
                         env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


def test_claims_and_verdicts_do_not_depend_on_the_hash_seed() -> None:
    first, second = run_with_seed("1"), run_with_seed("2")
    assert first == second
