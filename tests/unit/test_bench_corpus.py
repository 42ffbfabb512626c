"""bench/corpus.py on a tiny workload: the figures it prints are computed, not assumed."""

from __future__ import annotations

from bench.corpus import markdown, run


def test_corpus_bench_measures_index_and_reuse() -> None:
    result = run([300], queries=10, stories=1, repeats=1)
    index = result["index"][0]
    assert index["documents"] == 300 and index["file_mb"] > 0 and index["queries_with_hits"] > 0
    once, every = result["syndicated"]["checked_once"], result["syndicated"]["baseline_every_time"]
    assert once["articles"] == every["articles"] == 5 and once["claims"] == every["claims"] > 0
    assert 0 < once["reused"] < once["claims"] and every["reused"] == 0
    assert "reused per 100 articles" in markdown(result)
