"""What the checking stages found about one claim, as numbers a small learned model can weigh.

The hand rules of ``verdict.decide`` turn per-source votes into a label with fixed ratios; the
learned verdict (``verdict_model``) reads the same findings as features instead: how much of
the claim the best independent source states, how many independent sources take each side
and how strongly, which cue decided (figures compared, a "No" answer, a debunk, a relayed
claim), a fact-checker's rating on its ordinal scale, and the claim's own shape. Every value
lies in [0, 1] or is a small log count, so coefficients read directly.
"""

from __future__ import annotations

import math
from typing import Sequence

from pipeline.checking.numbers import comparable
from pipeline.checking.stance import CUES, ClaimView
from pipeline.checking.verdict import SourceVote

_RATINGS = {-2: "rating_false", -1: "rating_mostly_false", 0: "rating_middle", 1: "rating_mostly_true", 2: "rating_true"}

FEATURES: tuple[str, ...] = (
    "best_coverage", "supporting", "contradicting", "support_strength", "contradiction_strength", "both_sides",
    "part_refuted", "support_from_relaying_page",
    "independent", "not_independent", *_RATINGS.values(), *(f"cue_{c}" for c in CUES),
    "claim_figures", "claim_negated", "after_claim",
)


def _log_count(n: int) -> float:
    return math.log1p(n) / math.log(4)  # 0, 0.5, 0.79, 1 for 0..3 sources


def verdict_features(claim: ClaimView, votes: Sequence[SourceVote]) -> dict[str, float]:
    """The feature vector (``FEATURES`` order) of one claim from its sources' votes."""
    indep = [v for v in votes if v.independent]
    pro = [v for v in indep if v.stance == "supports"]
    con = [v for v in indep if v.stance == "contradicts"]
    cues = frozenset().union(*(v.cues for v in indep)) if indep else frozenset()
    levels = {v.rating_level for v in indep if v.rating_level is not None}
    total = sum(claim.weights.values()) or 1.0
    refuted_only = (frozenset().union(*(v.covered for v in con)) if con else frozenset()) - (
        frozenset().union(*(v.covered for v in pro)) if pro else frozenset())
    out = {
        "best_coverage": max((v.coverage for v in indep), default=0.0),
        "supporting": _log_count(len(pro)),
        "contradicting": _log_count(len(con)),
        "support_strength": max((v.strength for v in pro), default=0.0),
        "contradiction_strength": max((v.strength for v in con), default=0.0),
        "both_sides": float(bool(pro and con)),
        "support_from_relaying_page": float(any("reported" in v.cues for v in pro)),
        "part_refuted": math.fsum(claim.weights.get(t, 0.0) for t in refuted_only) / total if pro else 0.0,
        "independent": _log_count(len(indep)),
        "not_independent": _log_count(len(votes) - len(indep)),
        **{name: float(level in levels) for level, name in _RATINGS.items()},
        **{f"cue_{c}": float(c in cues) for c in CUES},
        "claim_figures": float(comparable(claim.quantities)),
        "claim_negated": float(claim.negated or claim.denies),
        "after_claim": float(any(v.after_claim for v in indep)),
    }
    return {name: float(out[name]) for name in FEATURES}
