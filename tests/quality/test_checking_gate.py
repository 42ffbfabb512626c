"""Quality gate of the cross-checker on WiCE, AVeriTeC and QuanTemp (dev), beside the simple baseline.

Recomputes ``evaluation.checking.run`` (sources served over local HTTP, fetched and extracted
for real, and built directly from the data; the learned verdict under grouped cross-validation)
and fails below the floors pinned in ``evaluation/floors_checking.json``, when the pipeline does
not beat the baseline, when the learned verdict does not beat the hand rules under
cross-validation, or when its confidence is not calibrated.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.checking import run

FLOORS = json.loads((Path(__file__).resolve().parents[2] / "evaluation" / "floors_checking.json").read_text())


@pytest.fixture(scope="module")
def report(eval_dir: Path) -> dict:
    return run(eval_dir, served=True, direct=True)


@pytest.mark.eval
@pytest.mark.parametrize("path", ["served", "direct", "cv"])
def test_figures_hold_their_floors(report: dict, path: str) -> None:
    measured_path = report["cv"]["model"] if path == "cv" else report[path]
    for data_set, metrics in FLOORS[path].items():
        for metric, floor in metrics.items():
            measured = measured_path[data_set][metric]
            assert measured >= floor, f"{path} {data_set} {metric}: {measured} < floor {floor}"


HEADLINE = {"wice": "supported_f1", "averitec": "macro_f1", "quantemp": "macro_f1", "quantemp_no_ratings": "macro_f1"}


@pytest.mark.eval
def test_learned_verdict_beats_the_hand_rules_under_cross_validation(report: dict) -> None:
    cv = report["cv"]
    model, rules = (sum(cv[k][d][m] for d, m in HEADLINE.items()) / len(HEADLINE) for k in ("model", "rules"))
    assert model > rules, f"mean headline figure under CV: model {model:.4f} <= rules {rules:.4f}"


@pytest.mark.eval
def test_confidence_is_calibrated_and_mixed_is_answered(report: dict) -> None:
    ece = report["cv"]["calibration"]["model (cross-validated)"]["ece"]
    assert ece <= FLOORS["max_ece"], f"cross-validated ECE {ece} > {FLOORS['max_ece']}"
    assert Path(report["cv"]["plot"]).is_file()
    assert report["direct"]["quantemp"]["answered"].get("mixed", 0) > 0


@pytest.mark.eval
@pytest.mark.parametrize("path", ["served", "direct"])
def test_pipeline_beats_the_simple_baseline(report: dict, path: str) -> None:
    ours, base = report[path], report["baseline"]
    assert ours["wice"]["supported_f1"] > base["wice"]["supported_f1"]
    assert ours["wice"]["recall_at_5"] > base["wice"]["recall_at_5"]
    assert ours["averitec"]["macro_f1"] > base["averitec"]["macro_f1"]
    assert ours["averitec"]["numerical_macro_f1"] > base["averitec"]["numerical_macro_f1"]
    for data_set in ("quantemp", "quantemp_no_ratings"):
        assert ours[data_set]["macro_f1"] > base[data_set]["macro_f1"]
        assert ours[data_set]["macro_f1"] > report["majority"][data_set]["macro_f1"]


@pytest.mark.eval
@pytest.mark.parametrize("path", ["served", "direct"])
def test_every_figure_has_an_interval_around_it(report: dict, path: str) -> None:
    for data_set, fig in report[path].items():
        for metric, (low, high) in fig["ci"].items():
            assert low <= fig[metric] <= high, f"{path} {data_set} {metric}: {fig[metric]} outside [{low}, {high}]"


@pytest.mark.eval
def test_every_claim_is_scored(report: dict) -> None:
    assert report["served"]["wice"]["claims"] == report["direct"]["wice"]["claims"] > 0
    assert report["served"]["averitec"]["claims"] == report["direct"]["averitec"]["claims"] > 0
    assert report["served"]["quantemp"]["claims"] == report["direct"]["quantemp_no_ratings"]["claims"] > 0


@pytest.mark.eval
@pytest.mark.parametrize("path", ["served", "direct"])
def test_every_decided_verdict_quotes_the_statement_it_rests_on(report: dict, path: str) -> None:
    for data_set, fig in report[path].items():
        assert fig["decided"] > 0, data_set
        assert not fig["unquoted"], f"{path} {data_set}: rationales quoting nothing: {fig['unquoted'][:5]}"
