"""Fit the learned verdict on the pooled dev data and compare it with the hand rules.

    python -m evaluation.train_verdict [--eval-dir PATH] [--dry-run] [--folds 5] [--plot PATH]

Every case of WiCE, AVeriTeC and QuanTemp (both evidence modes) is weighed once on the direct
path; the features of ``pipeline.checking.features`` and the gold labels (WiCE partially / not
supported -> unverified, AVeriTeC NEE -> unverified and Conflicting -> mixed) train a
multinomial logistic regression (scikit-learn, an evaluation-only dependency). Grouped k-fold
cross-validation (a claim's rows never straddle folds) gives out-of-fold answers of the model,
scored per data set beside the hand rules (which fit nothing here) with bootstrap intervals,
and the calibration of both (expected calibration error, reliability table, PNG plot). The
coefficients are written to ``pipeline/checking/verdict_model.json`` (``--dry-run``: not written).
The QuanTemp modes are two views of one claim: each weighs half.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from evaluation.cases import EVAL_DIR, METRICS, Row, Weighing, figure_cell, direct_documents, figures, load_cases, predict, row_of
from evaluation.stats import expected_calibration_error, grouped_folds, plot_reliability, reliability
from pipeline.checking.features import FEATURES, verdict_features
from pipeline.checking.verdict_model import MODEL_PATH, VerdictModel

CLASSES = ("supported", "contradicted", "mixed", "unverified")
POOL_WEIGHT = {"wice": 1.0, "averitec": 1.0, "quantemp": 0.5, "quantemp_no_ratings": 0.5}
REGULARISATION = 1.0  # scikit-learn's C (inverse L2 strength), its default: not tuned on this data
FOLDS = 5
SEED = 0
PLOT_PATH = Path(__file__).resolve().parents[1] / ".newscheck" / "reliability.png"


def _matrix(weighings: Sequence[Weighing]) -> list[list[float]]:
    return [[verdict_features(w.weighed.view, w.weighed.votes)[f] for f in FEATURES] for w in weighings]


def fit(weighings: Sequence[Weighing]) -> VerdictModel:
    """Multinomial logistic regression on the weighed cases (the only place scikit-learn runs)."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    lr = LogisticRegression(C=REGULARISATION, max_iter=5000)
    lr.fit(_matrix(weighings), [w.case.gold for w in weighings], sample_weight=[POOL_WEIGHT[w.case.dataset] for w in weighings])
    classes = [str(c) for c in lr.classes_]
    return VerdictModel(
        tuple(classes), FEATURES, tuple(round(float(b), 6) for b in lr.intercept_),
        tuple(tuple(round(float(x), 6) for x in row) for row in lr.coef_),
    )


def out_of_fold(weighings: Sequence[Weighing], folds: int = FOLDS, seed: int = SEED) -> list[Row]:
    """Each case answered by a model fitted on the folds that do not hold its claim."""
    rows: dict[int, Row] = {}
    for fold in grouped_folds([w.case.group for w in weighings], folds, seed):
        held = set(fold)
        model = fit([w for i, w in enumerate(weighings) if i not in held])
        rows.update({i: row_of(weighings[i], model=model) for i in fold})
    return [rows[i] for i in range(len(weighings))]


def calibration(rows: Sequence[Row], bins: int = 10) -> dict:
    conf = [r.confidence for r in rows]
    correct = [r.label == r.case.gold for r in rows]
    return {"ece": expected_calibration_error(conf, correct, bins),
            "table": [b.__dict__ for b in reliability(conf, correct, bins)], "rows": len(rows)}


def compare(weighings: Sequence[Weighing], *, folds: int = FOLDS, seed: int = SEED, plot: Path | None = PLOT_PATH) -> dict:
    """Cross-validated figures of the model beside the hand rules, and the calibration of both.

    Calibration is over the pooled rows in the checker's own label set (a WiCE "unverified" for
    partially supported is right, a "mixed" for an AVeriTeC NEE is wrong)."""
    model_rows = out_of_fold(weighings, folds, seed)
    rules_rows = [row_of(w, decider="rules") for w in weighings]
    out = {
        "folds": folds, "seed": seed, "pooled_cases": len(weighings),
        "model": figures(model_rows, misses=False), "rules": figures(rules_rows, misses=False),
        "calibration": {"model (cross-validated)": calibration(model_rows), "rules": calibration(rules_rows)},
    }
    if plot is not None:
        plot.parent.mkdir(parents=True, exist_ok=True)
        curves = {name: reliability([r.confidence for r in rows], [r.label == r.case.gold for r in rows])
                  for name, rows in (("learned verdict (cross-validated)", model_rows), ("hand rules", rules_rows))}
        out["plot"] = plot_reliability(curves, str(plot))
    return out


def model_json(model: VerdictModel, weighings: Sequence[Weighing]) -> dict:
    counts: dict[str, int] = {}
    for w in weighings:
        counts[w.case.dataset] = counts.get(w.case.dataset, 0) + 1
    return {
        "about": "Learned verdict of pipeline/checking/verdict_model.py: multinomial logistic regression over "
                 "pipeline/checking/features.py, written by `python -m evaluation.train_verdict` from the pooled dev "
                 "data of ../shared/eval (coefficients only, no data).",
        "trained_on": counts, "pool_weight": POOL_WEIGHT, "regularisation_C": REGULARISATION,
        "classes": list(model.classes), "features": list(model.features),
        "intercept": list(model.intercept), "coef": [list(r) for r in model.coef],
    }


def print_comparison(cv: dict) -> None:
    print(f"learned verdict vs hand rules, grouped {cv['folds']}-fold CV over the pooled dev data "
          f"({cv['pooled_cases']} cases, seed {cv['seed']}); 95% bootstrap intervals over claims")
    for data_set, metrics in METRICS.items():
        if data_set not in cv["model"]:
            continue
        print(f"  {data_set} ({cv['model'][data_set]['claims']} claims)")
        print("    " + f"{'':34}" + "".join(f"{m:>24}" for m in metrics))
        for name, key in (("hand rules (nothing fitted)", "rules"), ("learned verdict, out-of-fold", "model")):
            print("    " + f"{name:34}" + "".join(f"{figure_cell(cv[key][data_set], m):>24}" for m in metrics))
    for name, cal in cv["calibration"].items():
        print(f"  calibration of confidence, {name}: ECE {cal['ece']:.4f} over {cal['rows']} answers")
        print("    confidence bin   answers   mean confidence   share correct")
        for b in cal["table"]:
            if b["count"]:
                print(f"    [{b['low']:.1f}, {b['high']:.1f})   {b['count']:>7}   {b['mean_confidence']:>15.3f}   {b['accuracy']:>13.3f}")
    if "plot" in cv:
        print(f"  reliability plot written to {cv['plot']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.train_verdict", description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--plot", type=Path, default=PLOT_PATH)
    parser.add_argument("--dry-run", action="store_true", help="fit and compare, do not write the coefficients")
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"evaluation data not found at {args.eval_dir}", file=sys.stderr)
        return 2
    weighings = predict(load_cases(args.eval_dir), direct_documents)
    print_comparison(compare(weighings, folds=args.folds, plot=args.plot))
    model = fit(weighings)
    if not args.dry_run:
        MODEL_PATH.write_text(json.dumps(model_json(model, weighings), indent=1) + "\n", encoding="utf-8")
        print(f"coefficients written to {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
