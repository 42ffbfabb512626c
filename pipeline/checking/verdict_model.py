"""The learned verdict: a multinomial logistic regression over ``features``, applied in plain Python.

Coefficients live in ``verdict_model.json`` beside this module, written by
``python -m evaluation.train_verdict`` from the pooled development data (no training and no
scikit-learn at run time). A label must rest on something a source says, so the model's
choice is only taken among the labels the evidence can show (``grounded``); and when no
passage of any independent source is about the claim, the answer is "unverified" with that
reason, not a guess from priors.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from pipeline.checking.features import verdict_features
from pipeline.checking.stance import ANSWERS_QUESTION, ClaimView
from pipeline.checking.verdict import SourceVote
from pipeline.models import Label

MODEL_PATH = Path(__file__).with_name("verdict_model.json")


@dataclass(frozen=True)
class VerdictModel:
    classes: tuple[str, ...]
    features: tuple[str, ...]
    intercept: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]  # one row per class, one column per feature

    @classmethod
    def from_dict(cls, d: Mapping) -> VerdictModel:
        return cls(tuple(d["classes"]), tuple(d["features"]), tuple(d["intercept"]), tuple(tuple(r) for r in d["coef"]))

    def probabilities(self, x: Mapping[str, float]) -> dict[str, float]:
        """Softmax of the class scores; a feature the model does not know counts as 0."""
        scores = [b + math.fsum(w * x.get(f, 0.0) for w, f in zip(row, self.features)) for b, row in zip(self.intercept, self.coef)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> VerdictModel:
    return VerdictModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


# A fact-checker's rating of the claim is the strongest evidence there is: on the ends of its
# scale it decides, in between the model chooses among the labels that level can mean.
RATED = {-2: {"contradicted"}, -1: {"contradicted", "mixed"}, 0: {"mixed"}, 1: {"supported", "mixed"}, 2: {"supported"}}


def grounded(votes: Sequence[SourceVote]) -> set[str]:
    """Labels the evidence can rest on: those a fact-check rating's level maps to (``RATED``);
    without a rating, "mixed" when independent sources disagree (or the side more of them take:
    one stray dissent does not undo two agreeing outlets), else the side some independent
    source takes (for "contradicted" also a page that relays our claim, figures and all, as one
    under examination: fact-checks relay what they debunk) or "unverified"."""
    indep = [v for v in votes if v.independent]
    levels = {v.rating_level for v in indep if v.rating_level is not None}
    if levels:
        return set().union(*(RATED[lv] for lv in levels))
    pro = sum(v.stance == "supports" for v in indep)
    con = sum(v.stance == "contradicts" for v in indep)
    if pro and con:  # disagreement: mixed, or the side more independent sources take
        return {"mixed"} | ({"supported"} if pro > con else {"contradicted"} if con > pro else set())
    relayed = any("reported" in v.cues for v in indep)
    out = {"unverified"}
    if pro:
        out.add("supported")
    if con or relayed:
        out.add("contradicted")
    return out


def about_the_claim(votes: Sequence[SourceVote]) -> bool:
    """Some independent source takes a stance, rates the claim, or states (or relays) enough of it to count."""
    return any(
        v.stance != "neutral" or v.rating_level is not None or max(v.coverage, v.mentions) >= ANSWERS_QUESTION
        for v in votes if v.independent
    )


@dataclass(frozen=True)
class Decision:
    label: Label
    confidence: float
    probabilities: dict[str, float]
    abstained: str = ""  # why "unverified" was answered without weighing


def learned_decision(claim: ClaimView, votes: Sequence[SourceVote], model: VerdictModel | None = None) -> Decision:
    """Label and calibrated confidence (the model's probability that the label is right)."""
    model = model or load_model()
    probs = model.probabilities(verdict_features(claim, votes))
    if not about_the_claim(votes):
        best = max((max(v.coverage, v.mentions) for v in votes if v.independent), default=0.0)
        why = (f"No passage of any independent source is about the claim (the closest states {best:.0%} of it)"
               if any(v.independent for v in votes) else "No independent source was available")
        return Decision("unverified", round(probs.get("unverified", 0.0), 3), probs, why)
    allowed = grounded(votes)
    label = max((c for c in model.classes if c in allowed), key=lambda c: probs[c])
    return Decision(label, round(probs[label], 3), probs)  # type: ignore[arg-type]
