"""Production workers carry only the product's tasks: the benchmark's no-op lives in bench/tasks.py."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json
from workers.app import app
app.loader.import_default_modules()
print(json.dumps(sorted(n for n in app.tasks if not n.startswith("celery."))))
"""


def test_production_workers_register_no_benchmark_task() -> None:
    names = json.loads(subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                                      timeout=120).stdout)
    assert "newscheck.prepare_article" in names and "newscheck.judge_claim" in names
    assert [n for n in names if n.startswith("bench.") or "noop" in n] == []
