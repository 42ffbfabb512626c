"""``newscheck eval``: every quality figure, with the data set it was measured on.

Extraction (seed article, PolNeAR) and cross-checking (WiCE, AVeriTeC, beside the simple
baseline) in one run; the floors the quality gate pins are printed beside the figures.
"""

from __future__ import annotations

import json
from pathlib import Path

from evaluation import checking, extraction


def run_all(eval_dir: Path, *, as_json: bool = False) -> int:
    results = {"extraction": extraction.run(eval_dir), "checking": checking.run(eval_dir)}
    if as_json:
        print(json.dumps(results, indent=2, default=str))
        return 0
    extraction.print_report(results["extraction"])
    print()
    checking.print_report(results["checking"])
    print()
    here = Path(__file__).parent
    for name in ("floors_extraction.json", "floors_checking.json"):
        print(f"floors pinned by tests/quality ({name}): {json.loads((here / name).read_text())}")
    return 0
