"""``python -m bench [--quick] [--json]``: run the benchmark, print the table (or JSON), save results."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="less work per figure (about 3-5 minutes on 2 cores)")
    parser.add_argument("--json", action="store_true", help="print the JSON summary instead of the Markdown table")
    args = parser.parse_args(argv)

    from bench.report import json_summary, markdown, plot
    from bench.run import run_benchmark
    from newscheck.demo import stop_on_sigterm

    stop_on_sigterm()  # SIGTERM unwinds like Ctrl-C: every process the benchmark started is stopped
    results = run_benchmark(quick=args.quick)
    RESULTS.mkdir(parents=True, exist_ok=True)
    table = markdown(results)
    (RESULTS / "latest.md").write_text(table, encoding="utf-8")
    summary = json_summary(results)
    (RESULTS / "latest.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    plot(results, RESULTS / "latest.png")
    print(json.dumps(summary, indent=2) if args.json else table)
    return 1 if results.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
