"""Grouped bootstrap, grouped folds and calibration error of the evaluation (evaluation/stats.py)."""

from __future__ import annotations

from evaluation.stats import bootstrap_interval, expected_calibration_error, grouped_folds, reliability


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def test_interval_brackets_the_mean_and_narrows_with_more_rows() -> None:
    small = [1.0, 0.0] * 10
    large = [1.0, 0.0] * 200
    lo_s, hi_s = bootstrap_interval(_mean, small)
    lo_l, hi_l = bootstrap_interval(_mean, large)
    assert lo_s <= 0.5 <= hi_s and lo_l <= 0.5 <= hi_l
    assert hi_l - lo_l < hi_s - lo_s


def test_rows_of_one_group_are_resampled_together() -> None:
    # Two rows per group, always equal: any resample keeps pairs, so every count is even.
    rows = [1, 1, 0, 0, 1, 1, 1, 1, 0, 0]
    groups = ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e"]
    lo, hi = bootstrap_interval(lambda xs: float(sum(xs) % 2), rows, groups, samples=200)
    assert (lo, hi) == (0.0, 0.0)
    lo, hi = bootstrap_interval(lambda xs: float(sum(xs) % 2), rows, samples=200)
    assert hi == 1.0  # resampled row by row, odd counts appear


def test_folds_never_split_a_group_and_cover_every_row() -> None:
    groups = [i // 3 for i in range(30)] + [100, 100]
    folds = grouped_folds(groups, 5, seed=1)
    assert sorted(i for f in folds for i in f) == list(range(len(groups)))
    for fold in folds:
        inside = {groups[i] for i in fold}
        assert all(groups[j] not in inside for other in folds if other is not fold for j in other)
    assert max(map(len, folds)) - min(map(len, folds)) <= 3


def test_calibration_error_is_zero_when_confidence_matches_accuracy() -> None:
    conf = [0.75] * 4 + [0.25] * 4
    correct = [True, True, True, False, True, False, False, False]
    assert expected_calibration_error(conf, correct) == 0.0
    assert expected_calibration_error([0.9] * 4, [False] * 4) == 0.9
    table = reliability(conf, correct, bins=4)
    assert [b.count for b in table] == [0, 4, 0, 4] and table[3].accuracy == 0.75
