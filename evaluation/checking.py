"""Evaluate the cross-checker on WiCE, AVeriTeC and QuanTemp (dev splits in ../shared/eval), beside baselines.

    python -m evaluation.checking [--eval-dir PATH] [--direct] [--json] [--cv]

Each claim's sources are rendered as HTML pages, served by a local HTTP server, fetched with
the real fetcher and extracted with the real extractor before the checker sees them
("served" path). ``--direct`` builds the Documents straight from the data's text instead, which
isolates the judgement from fetching and extraction; both are printed when both run. Sources
are weighed once per case and judged by both deciders: the learned verdict (shipped
coefficients) and the hand rules of ``verdict.decide``.

Metrics (``../shared/eval/README.md``, ``quantemp/SOURCE.md``), each with a 95% bootstrap
interval over claims, beside the majority class and the simple baseline of the same run:
- WiCE: F1 of "supported" (partially/not supported are negatives) and evidence recall@5 (some
  gold set of sentence indices lies inside the sentences of the 5 passages returned);
- AVeriTeC: 3-way macro-F1 (supported / refuted / not enough evidence, Conflicting folded into
  NEE) overall and on ``Numerical Claim``, and the precision of "contradicted";
- QuanTemp: 3-way macro-F1 over supported / contradicted / mixed ("unverified" is wrong for
  every class) and the precision of "contradicted", with the fact-check article as given and
  with its rating sentences removed.
On the direct path the learned verdict is also cross-validated (grouped folds over the pooled
dev data, ``evaluation.train_verdict``) beside the hand rules, with the calibration of both
(ECE, reliability table, and a PNG plot whose path is printed).

``--cv`` shows how the one threshold of the stance (``SUPPORT_COVERAGE``) is chosen: on the
direct path, for each of several random halvings of WiCE and AVeriTeC together, the grid value
with the best mean of WiCE supported-F1 and AVeriTeC macro-F1 on one half is scored on the
other half; it prints the median pick and the mean held-out figures.

The baseline is the simple lexical rule of issue 4, computed on the data's own sentences: a
claim is supported when its 3 best BM25 sentences cover more than 60% of its content words;
for AVeriTeC a bare "No" answer or a figure that matches no figure of the answers means
refuted, and answers that are all "unanswerable" mean NEE; for QuanTemp a clashing figure or
too little coverage means contradicted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from evaluation.cases import (
    DATA_SETS,
    EVAL_DIR,
    METRICS,
    ServedDocuments,
    iso_date,
    read_jsonl,
    served_available,
    averitec_gold,
    averitec_pages,
    bare_claim,
    baseline_rows,
    binary_f1,
    direct_documents,
    figure_cell,
    figures,
    load_cases,
    macro_f1,
    majority_rows,
    predict,
    row_of,
    to_averitec,
    wice_page,
)
from evaluation.train_verdict import PLOT_PATH, compare, print_comparison
from pipeline.checking import check_claim

# ---------------------------------------------------------------- choosing the coverage threshold

CV_GRID = tuple(round(0.50 + 0.02 * i, 2) for i in range(16))


def _predictions(wice: Sequence[dict], averitec: Sequence[dict], grid: Sequence[float]) -> dict[float, tuple[list[bool], list[str]]]:
    """Per threshold: each WiCE claim predicted supported or not, each AVeriTeC label (direct path)."""
    w_cases = [(bare_claim(x["claim"]), direct_documents([wice_page(x)])[0]) for x in wice]
    a_cases = [
        (bare_claim(x["claim"], speaker=x.get("speaker") or None, date=iso_date(x.get("claim_date"))),
         direct_documents(averitec_pages(i, x))[0], iso_date(x.get("claim_date")))
        for i, x in enumerate(averitec)
    ]
    out: dict[float, tuple[list[bool], list[str]]] = {}
    for t in grid:
        w_pred = [check_claim(c, None, d, support_coverage=t, decider="rules").label == "supported" for c, d in w_cases]
        a_pred = [to_averitec(check_claim(c, None, d, claim_date=when, support_coverage=t, decider="rules").label) for c, d, when in a_cases]
        out[t] = (w_pred, a_pred)
    return out


def cross_validate(eval_dir: Path = EVAL_DIR, *, grid: Sequence[float] = CV_GRID, repeats: int = 25, seed: int = 0) -> dict:
    """Pick the coverage threshold on one random half of both data sets, score it on the other."""
    import random
    import statistics

    wice = read_jsonl(eval_dir / "wice" / "claims.jsonl")
    averitec = read_jsonl(eval_dir / "averitec" / "claims.jsonl")
    w_gold = [x["label"] == "supported" for x in wice]
    a_gold = [averitec_gold(x) for x in averitec]
    preds = _predictions(wice, averitec, grid)

    def scores(t: float, wi: Sequence[int], ai: Sequence[int]) -> tuple[float, float]:
        w_pred, a_pred = preds[t]
        return (binary_f1([w_gold[i] for i in wi], [w_pred[i] for i in wi]),
                macro_f1([a_gold[i] for i in ai], [a_pred[i] for i in ai]))

    rng = random.Random(seed)
    picks: list[float] = []
    held: list[tuple[float, float]] = []
    for _ in range(repeats):
        wi, ai = list(range(len(wice))), list(range(len(averitec)))
        rng.shuffle(wi)
        rng.shuffle(ai)
        halves = [(wi[: len(wi) // 2], ai[: len(ai) // 2]), (wi[len(wi) // 2 :], ai[len(ai) // 2 :])]
        for k in (0, 1):
            (tw, ta), (hw, ha) = halves[k], halves[1 - k]
            best = max(grid, key=lambda t: (sum(scores(t, tw, ta)), -abs(t - statistics.median(grid))))
            picks.append(best)
            held.append(scores(best, hw, ha))
    full = {t: scores(t, range(len(wice)), range(len(averitec))) for t in grid}
    return {
        "median_pick": statistics.median(picks), "picks": [min(picks), max(picks)],
        "held_out": {"wice_supported_f1": round(statistics.mean(h[0] for h in held), 4),
                     "averitec_macro_f1": round(statistics.mean(h[1] for h in held), 4)},
        "whole_dev": {str(t): {"wice_supported_f1": round(w, 4), "averitec_macro_f1": round(a, 4)} for t, (w, a) in full.items()},
        "repeats": repeats, "seed": seed,
    }


def run(eval_dir: Path = EVAL_DIR, *, served: bool | None = None, direct: bool = True, plot: Path | None = None) -> dict:
    """All figures: the learned verdict and the hand rules on the served path (when its modules
    exist) and/or the direct path, beside the simple baseline and the majority class, per data
    set with intervals; on the direct path also both deciders under grouped cross-validation,
    with their calibration (and a reliability plot written to ``plot``, by default under .newscheck/)."""
    cases = load_cases(eval_dir)
    out: dict = {"split": "dev", "eval_dir": str(eval_dir),
                 "majority": figures(majority_rows(cases), misses=False), "baseline": figures(baseline_rows(cases), misses=False)}
    if direct:
        weighed = predict(cases, direct_documents)
        out["direct"] = figures([row_of(w) for w in weighed])
        out["direct_rules"] = figures([row_of(w, decider="rules") for w in weighed], misses=False)
        out["cv"] = compare(weighed, plot=plot or PLOT_PATH)
    if served is None:
        served = served_available()
    if served:
        source = ServedDocuments([p for c in cases for p in c.pages])
        try:
            weighed = predict(cases, source)
        finally:
            source.close()
        out["served"] = figures([row_of(w) for w in weighed])
        out["served_rules"] = figures([row_of(w, decider="rules") for w in weighed], misses=False)
    return out


_TITLES = {
    "wice": "WiCE (claim against one page)",
    "averitec": "AVeriTeC (3-way: supported / refuted / NEE)",
    "quantemp": "QuanTemp, fact-check article as given (3-way: supported / contradicted / mixed)",
    "quantemp_no_ratings": "QuanTemp, rating sentences removed",
}


def print_report(report: dict) -> None:
    print(f"newscheck cross-checking evaluation, dev split ({report['eval_dir']}); 95% bootstrap intervals over claims")
    deciders = [("majority class", "majority"), ("baseline (BM25 coverage + cues + numbers)", "baseline")]
    for path in ("served", "direct"):
        deciders += [(f"hand rules, {path} documents", f"{path}_rules"), (f"learned verdict, {path} (dev, in-sample)", path)]
    for data_set in DATA_SETS:
        present = [(name, key) for name, key in deciders if data_set in report.get(key, {})]
        if not present:
            continue
        first = report[present[0][1]][data_set]
        print(f"  {_TITLES[data_set]}, {first['claims']} claims")
        metrics = list(METRICS[data_set])
        print("    " + f"{'':44}" + "".join(f"{m:>24}" for m in metrics))
        for name, key in present:
            fig = report[key][data_set]
            print("    " + f"{name:44}" + "".join(f"{figure_cell(fig, m):>24}" for m in metrics))
        quoting = [(name, report[key][data_set]) for name, key in present if key in ("served", "direct")]
        for name, fig in quoting:
            print(f"    rationales quoting the statement they rest on, {name}: "
                  f"{fig['decided'] - len(fig['unquoted'])} of {fig['decided']} decided verdicts")
    if "cv" in report:
        print_comparison(report["cv"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.checking", description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument("--direct", action="store_true", help="only build Documents from the data's text (no HTTP)")
    parser.add_argument("--json", action="store_true", help="print the whole result, misses included, as JSON")
    parser.add_argument("--cv", action="store_true", help="choose the coverage threshold by repeated 2-fold cross-validation")
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"evaluation data not found at {args.eval_dir}", file=sys.stderr)
        return 2
    if args.cv:
        cv = cross_validate(args.eval_dir)
        if args.json:
            print(json.dumps(cv, indent=2))
        else:
            print(f"coverage threshold by 2-fold CV x{cv['repeats']} (dev, direct path): median pick {cv['median_pick']}"
                  f" (range {cv['picks'][0]}-{cv['picks'][1]}); held-out WiCE supported-F1 {cv['held_out']['wice_supported_f1']:.4f},"
                  f" AVeriTeC macro-F1 {cv['held_out']['averitec_macro_f1']:.4f}")
        return 0
    report = run(args.eval_dir, served=False if args.direct else None, direct=True)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
