"""Intervals and the open/sealed split of the extraction evaluation (evaluation/extraction.py), no data."""

from __future__ import annotations

from evaluation.extraction import PRF, prf_intervals, sealed_ids, summed


def test_pooled_counts_and_their_interval_bracket_the_figure() -> None:
    # ten articles: five perfect, five with half their spans wrong and half the gold missed
    docs = [PRF(tp_pred=4, n_pred=4, tp_gold=4, n_gold=4)] * 5 + [PRF(tp_pred=2, n_pred=4, tp_gold=2, n_gold=4)] * 5
    pooled = summed(docs).figures()
    assert pooled == {"p": 0.75, "r": 0.75, "f1": 0.75}
    ci = prf_intervals(docs)
    for k in ("p", "r", "f1"):
        assert ci[k][0] < pooled[k] < ci[k][1]
    # articles, not spans, are resampled: identical articles give no spread at all
    assert prf_intervals([PRF(3, 4, 3, 5)] * 8)["f1"] == (round(summed([PRF(3, 4, 3, 5)]).figures()["f1"], 4),) * 2


def test_sealed_part_is_per_publisher_and_stable() -> None:
    arts = [{"doc_id": f"{pub}-{i}", "publisher": pub} for pub in ("a", "b", "c") for i in range(6)]
    sealed = sealed_ids(arts)
    assert len(sealed) == 6
    assert all(sum(1 for d in sealed if d.startswith(pub)) == 2 for pub in ("a", "b", "c"))
    # adding articles of another publisher, or reordering, never moves the existing split
    more = list(reversed(arts)) + [{"doc_id": f"d-{i}", "publisher": "d"} for i in range(4)]
    assert sealed <= sealed_ids(more)
