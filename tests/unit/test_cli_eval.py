"""`newscheck eval` runs the evaluation harness as its own program (the CLI never imports it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_eval_refuses_a_missing_data_folder(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-eval"
    result = subprocess.run([sys.executable, "-m", "newscheck.cli", "eval", "--data", str(missing)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "evaluation data not found" in result.stderr


def test_harness_entry_point_takes_the_data_folder() -> None:
    result = subprocess.run([sys.executable, "-m", "evaluation", "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "data" in result.stdout and "--json" in result.stdout
