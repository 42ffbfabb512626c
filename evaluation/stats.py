"""Uncertainty and calibration of evaluation figures: grouped bootstrap, grouped folds, ECE.

Dev sets here have 60-100 claims, so a figure without its interval says little; rows of one
claim (two evidence modes of a QuanTemp claim, a repeated AVeriTeC claim) are resampled and
folded together, or the interval and the cross-validated figure would be too kind.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Hashable, Sequence, TypeVar

T = TypeVar("T")

BOOTSTRAP_SAMPLES = 1000


def _by_group(groups: Sequence[Hashable]) -> list[list[int]]:
    index: dict[Hashable, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        index[g].append(i)
    return list(index.values())


def bootstrap_interval(
    metric: Callable[[Sequence[T]], float],
    rows: Sequence[T],
    groups: Sequence[Hashable] | None = None,
    *,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile 95% interval of ``metric`` over rows resampled by group, with replacement."""
    if not rows:
        return (0.0, 0.0)
    clusters = _by_group(groups if groups is not None else list(range(len(rows))))
    rng = random.Random(seed)
    values = sorted(
        metric([rows[i] for _ in clusters for i in clusters[rng.randrange(len(clusters))]]) for _ in range(samples)
    )
    return round(values[int(0.025 * samples)], 4), round(values[min(samples - 1, int(0.975 * samples))], 4)


def grouped_folds(groups: Sequence[Hashable], k: int, seed: int = 0) -> list[list[int]]:
    """``k`` folds of row indices; all rows of a group land in the same fold."""
    clusters = _by_group(groups)
    random.Random(seed).shuffle(clusters)
    folds: list[list[int]] = [[] for _ in range(k)]
    for cluster in sorted(clusters, key=len, reverse=True):  # largest first, into the smallest fold
        min(folds, key=len).extend(cluster)
    return [sorted(f) for f in folds]


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int
    mean_confidence: float
    accuracy: float


def reliability(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> list[Bin]:
    """Equal-width confidence bins with their mean confidence and share correct."""
    out: list[Bin] = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [i for i, c in enumerate(confidence) if low <= c < high or (b == bins - 1 and c == 1.0)]
        if members:
            out.append(Bin(low, high, len(members), sum(confidence[i] for i in members) / len(members),
                           sum(correct[i] for i in members) / len(members)))
        else:
            out.append(Bin(low, high, 0, 0.0, 0.0))
    return out


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """Count-weighted mean gap between confidence and accuracy over the bins."""
    n = len(confidence)
    if not n:
        return 0.0
    return round(sum(b.count * abs(b.mean_confidence - b.accuracy) for b in reliability(confidence, correct, bins)) / n, 4)


def plot_reliability(curves: dict[str, list[Bin]], path: str) -> str:
    """Write a reliability diagram (one line per decider) as a PNG; matplotlib is a test/eval extra."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    for name, table in curves.items():
        used = [b for b in table if b.count]
        ax.plot([b.mean_confidence for b in used], [b.accuracy for b in used], marker="o", label=name)
    ax.set_xlabel("confidence")
    ax.set_ylabel("share correct")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
