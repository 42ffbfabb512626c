"""``python -m evaluation DATA_DIR [--json]``: every quality figure (what ``newscheck eval`` runs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.run import run_all


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    parser.add_argument("data", type=Path, help="the evaluation data folder (../shared/eval)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = parser.parse_args()
    return run_all(args.data, as_json=args.json)


if __name__ == "__main__":
    raise SystemExit(main())
