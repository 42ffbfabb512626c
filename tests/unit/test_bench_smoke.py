"""The benchmark's pure parts on tiny input: the workload generator, the keyword peer's rule,
the statistics and the report formatter (no services, no timing asserts)."""

from __future__ import annotations

import json
import math
import os
import re

import pytest

from bench.generator import make_article, make_batch
from bench.keyword_baseline import label
from bench.report import JSON_KEYS, json_summary, markdown, plot
from bench.stats import percentile, summary
from bench.workload import revised


def test_generator_is_deterministic_and_varied() -> None:
    assert make_article(3) == make_article(3)
    texts = [a.text for a in make_batch(5)]
    assert len(set(texts)) == 5


@pytest.mark.parametrize("n_claims,n_sources", [(10, 5), (4, 3), (12, 7)])
def test_article_has_the_requested_claims_and_sources(n_claims: int, n_sources: int) -> None:
    art = make_article(11, n_claims=n_claims, n_sources=n_sources)
    assert len(art.facts) == n_claims
    for fact in art.facts:
        assert fact.figure().lower() in art.text.lower()  # a hedge opening a sentence is capitalised
    assert len(art.sources) == n_sources
    assert len({p.path for p in art.sources}) == n_sources
    assert all(p.path.startswith(f"/src/{art.key}/") for p in art.sources)


def test_source_kinds_carry_what_they_claim_to() -> None:
    art = make_article(21)
    kinds = [p.kind for p in art.sources]
    assert sorted(kinds) == ["agree", "agree", "background", "contradict", "reprint"]
    reprint = next(p for p in art.sources if p.kind == "reprint")
    first_paragraph = art.text.split("\n\n")[1]
    assert first_paragraph.replace("'", "&#x27;") in reprint.html
    contradict = next(p for p in art.sources if p.kind == "contradict")
    page_numbers = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", contradict.html.split("<article>")[1])}
    assert page_numbers and not page_numbers & {f.number for f in art.facts}


def test_revised_article_is_new_but_cites_the_same_sources() -> None:
    art = make_article(5)
    again = revised(art)
    assert again.text != art.text and again.key != art.key
    assert [p.path for p in again.sources] == [p.path for p in art.sources]


def test_keyword_peer_labels_by_equal_and_different_numbers() -> None:
    fact = make_article(8).facts[0]
    claim = fact.sentence()
    assert label(claim, [fact.sentence(reported=False)]) == "supported"
    assert label(claim, [fact.sentence(fact.number * 2 + 1, reported=False)]) == "contradicted"
    assert label(claim, ["Residents gathered outside the town hall on Wednesday."]) == "unverified"


def test_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 0) == 1.0 and percentile(values, 100) == 100.0
    assert math.isnan(percentile([], 50))
    s = summary(values)
    assert s["p50"] < s["p95"] < s["p99"] <= 100.0


def _tiny_results() -> dict:
    lat = summary([0.2, 0.4, 0.9, 1.3])
    return {
        "meta": {"python": "3.x", "cores": os.cpu_count(), "quick": True},
        "extraction": {"articles_per_s": 7.5, "words_per_s": 4000.0, "bare_words_per_s": 5000.0, "ratio": 0.8},
        "latency": {"light": {"first_verdict": lat, "done": lat}},
        "crosscheck": {"fetches_per_unique_url": 1.0, "cache_hit_rate": float("nan")},
        "scaling": {"workers": [{"workers": w, "articles_per_min": 60.0 * w, "done_p50_s": 1.0 / w,
                                 "done_p95_s": 2.0 / w, "first_verdict_p50_s": 0.5 / w} for w in (1, 2)]},
        "errors": ["5+7 backlog and API load: TimeoutError: not finished"],
    }


def test_markdown_shows_measured_values_and_marks_the_missing() -> None:
    results = _tiny_results()
    text = markdown(results)
    assert "| figure | measured |" in text
    assert "4,000 w/s" in text and "0.80" in text
    assert f"{results['latency']['light']['first_verdict']['p50']:.2f}" in text
    assert "n/a" in text  # the cache hit rate was NaN, the load test never ran
    assert "TimeoutError" in text


def test_markdown_prints_the_corpus_and_recovery_figures_beside_their_baselines() -> None:
    results = _tiny_results()
    results["corpus"] = {
        "index": [{"documents": 100_000, "file_mb": 206.1, "bytes_per_doc": 2061, "adds_per_s": 1910,
                   "query_ms_median": 33.91, "query_ms_p95": 45.29, "query_cpu_ms_median": 30.5}],
        "syndicated": {"checked_once": {"reused_per_100_articles": 240.0, "judge_cpu_ms_per_claim": 20.0},
                       "baseline_every_time": {"reused_per_100_articles": 0.0, "judge_cpu_ms_per_claim": 40.0}}}
    results["recovery"] = {"articles": 12, "finish_after_restart_s": 41.5, "baseline_batch_s": 30.2, "unacked_at_kill": 9,
                           "visibility_timeout_s": 600, "requirement_s": 120.0, "integrity": "OK: 12/12 done"}
    text = markdown(results)
    assert "8 evidence index, 100,000 pages" in text and "33.91 / 45.29 ms" in text
    assert "240.0 (20.00 ms)" in text and "every claim checked: 0.0 (40.00 ms) | 0.50 |" in text
    assert "41.5 s | no kill: 30.2 s" in text and "<= 120 s" in text
    assert json_summary(results)["recovery_after_sigkill_s"] == 41.5


def test_json_summary_has_the_contract_keys_and_is_valid_json() -> None:
    out = json_summary(_tiny_results())
    assert set(JSON_KEYS) <= set(out)
    assert out["extraction_ratio_to_spacy"] == 0.8
    assert out["queued_to_inprocess_ratio"] is None
    assert out["results"]["crosscheck"]["cache_hit_rate"] is None  # NaN is not JSON
    json.loads(json.dumps(out, allow_nan=False))


def test_plot_writes_a_png(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    path = plot(_tiny_results(), tmp_path / "out.png")
    assert path is not None and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plot({"meta": {}}, tmp_path / "none.png") is None


@pytest.mark.slow
def test_tiny_benchmark_end_to_end() -> None:
    """The whole benchmark on a few articles: real Redis, workers, API and source site (about 2 minutes)."""
    from bench.run import Bench, Plan

    tiny = Plan(extraction_texts=3, extraction_rounds=1, crosscheck_articles=2, batch=4, cache_articles=2, light=2,
                scaling_batch=3, workers=(1, 2), backlog_small=3, load=8, noop_sequential=3, noop_burst=20, profile_articles=1,
                corpus_sizes=(300,), corpus_queries=10, corpus_stories=1, recovery_articles=3)
    results = Bench(tiny, quick=True).run()
    assert results["errors"] == []
    assert results["load"]["integrity_ok"], results["load"]["integrity"]
    assert results["crosscheck"]["fetches_per_unique_url"] == 1.0
    assert results["crosscheck"]["cache_hit_rate"] == 1.0
    assert results["recovery"]["integrity_ok"], results["recovery"]["integrity"]
    out = json_summary(results)
    assert all(out[k] is not None for k in JSON_KEYS)
    assert "| figure | measured |" in markdown(results)
