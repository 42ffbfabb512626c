"""The benchmark's outputs: a Markdown table, the ``--json`` summary and a PNG plot.

All three read one plain ``results`` dict (sections: meta, extraction, cold_start, crosscheck,
queue, latency, scaling, peers, load, profile); a missing section or value prints as "n/a",
so a partial run (an error half-way) still reports what it measured.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

NA = "n/a"


def _get(results: dict[str, Any], path: str) -> Any:
    cur: Any = results
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def fmt(value: Any, digits: int = 2, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NA
    if isinstance(value, float):
        text = f"{value:,.{digits}f}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = str(value)
    return f"{text}{unit}"


def _pct(value: Any) -> str:
    return NA if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value * 100:.1f}%"


def _lat(results: dict[str, Any], path: str) -> str:
    d = _get(results, path) or {}
    return " / ".join(fmt(d.get(k), 2) for k in ("p50", "p95", "p99")) + " s"


def table_rows(r: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(figure, measured, baseline measured in the same run, ratio, target)."""
    g = lambda p: _get(r, p)  # noqa: E731
    rows = [
        ("1 extraction articles/s, words/s", f"{fmt(g('extraction.articles_per_s'))} art/s, {fmt(g('extraction.words_per_s'), 0)} w/s",
         f"bare nlp.pipe {fmt(g('extraction.bare_words_per_s'), 0)} w/s", fmt(g("extraction.ratio")), ">= 0.8"),
        ("1 cold start (new process)", f"import+load {fmt(g('cold_start.import_s'))} s, first article {fmt(g('cold_start.first_article_s'))} s",
         f"process wall {fmt(g('cold_start.process_wall_s'))} s", "", ""),
        ("2 cross-check claims/s (20 ms sources)", fmt(g("crosscheck.claims_per_s")), f"fetch {fmt(g('crosscheck.fetch_s'))} s, judge {fmt(g('crosscheck.judge_s'))} s",
         "", ""),
        ("2 fetches per unique URL (queue / in-process)", f"{fmt(g('crosscheck.fetches_per_unique_url'), 3)} / {fmt(g('crosscheck.inprocess_fetches_per_unique_url'), 3)}",
         f"max {fmt(g('crosscheck.max_fetches_one_url'))}", "", "1"),
        ("2 source cache hit rate, second run", _pct(g("crosscheck.cache_hit_rate")), f"{fmt(g('crosscheck.cache_lookups'))} lookups", "", ""),
        ("3 queued throughput (articles/min)", fmt(g("queue.queued_articles_per_min"), 1),
         f"in-process pool of 2: {fmt(g('queue.inprocess_articles_per_min'), 1)}", fmt(g("queue.ratio")), ">= 0.85"),
        ("3 CPU per article (queue: workers+API+Redis)", f"{fmt(g('queue.queued_cpu_ms_per_article'), 1)} ms",
         f"in-process: {fmt(g('queue.inprocess_cpu_ms_per_article'), 1)} ms", fmt(g("queue.cpu_ratio")), ">= 0.85"),
        ("3 Celery overhead per task (CPU; wall x 2 cores)",
         f"{fmt(g('queue.overhead_cpu_ms_per_task'))} ms; {fmt(g('queue.overhead_wall_ms_per_task'))} ms",
         f"noop: round trip p50 {fmt(g('queue.noop_round_trip_p50_ms'))} ms, burst {fmt(g('queue.noop_burst_ms_per_task'))} ms wall "
         f"/ {fmt(g('queue.noop_burst_cpu_ms_per_task'))} ms CPU per task", "", ""),
        ("3 noop on the prefork cpu worker (a judge task's hand-off)",
         f"round trip p50 {fmt(g('queue.noop_prefork_round_trip_p50_ms'))} ms",
         f"burst {fmt(g('queue.noop_prefork_burst_ms_per_task'))} ms wall / {fmt(g('queue.noop_prefork_burst_cpu_ms_per_task'))} ms CPU per task",
         "", ""),
        ("3 judge task: reload claim, article and sources from Redis", f"{fmt(g('queue.judge_reload_ms'))} ms per claim", "", "", ""),
        ("4 first verdict p50/p95/p99, light load", _lat(r, "latency.light.first_verdict"), "", "", "p50 < 1 s"),
        ("4 article done p50/p95/p99, light load", _lat(r, "latency.light.done"), "", "", ""),
        ("4 first verdict p50/p95/p99, saturation", _lat(r, "latency.saturation.first_verdict"), "", "", ""),
        ("4 article done p50/p95/p99, saturation", _lat(r, "latency.saturation.done"), "", "", ""),
    ]
    for w in g("scaling.workers") or []:
        rows.append((f"5 cpu worker processes = {w['workers']}", f"{fmt(w['articles_per_min'], 1)} art/min",
                     f"done p50 {fmt(w['done_p50_s'])} s, CPU {fmt(w.get('cpu_ms_per_article'), 0)} ms/article",
                     fmt(w.get("ratio_to_first")), ""))
    for b in g("scaling.backlog") or []:
        rows.append((f"5 backlog {b['articles']:,} articles{' (API load)' if b.get('via_api') else ''} (ratio: CPU/article)",
                     f"{fmt(b['ms_per_article'], 1)} ms/article",
                     f"{fmt(b['articles_per_min'], 1)} art/min, CPU {fmt(b.get('cpu_ms_per_article'), 0)} ms/article",
                     fmt(b.get("ratio_to_first")), "flat"))
    rows += [
        ("5 Redis memory per article / per claim", f"{fmt(g('scaling.redis_bytes_per_article'), 0)} B / {fmt(g('scaling.redis_bytes_per_claim'), 0)} B", "", "", ""),
        ("6 peer: in-process reference, 1 process", f"{fmt(g('peers.inprocess_articles_per_s'))} art/s", f"{fmt(g('peers.inprocess_claims'))} claims", "1.00", ""),
        ("6 peer: sentence split + keyword match", f"{fmt(g('peers.keyword_articles_per_s'))} art/s", f"{fmt(g('peers.keyword_claims'))} sentences",
         fmt(g("peers.keyword_speed_ratio")), ""),
        (f"7 load: {fmt(g('load.submitted'))} articles via the API", f"{fmt(g('load.accepted_per_s'), 1)} accepted/s",
         f"API p50 {fmt(g('load.api_p50_ms'), 1)} ms, p99 {fmt(g('load.api_p99_ms'), 1)} ms", "", ""),
        ("7 load: all done after", f"{fmt(g('load.all_done_s'), 1)} s", f"{fmt(g('load.articles_per_min'), 1)} art/min", "", ">= 60 art/min"),
        ("7 load: Redis memory per finished article", f"{fmt(g('load.redis_bytes_per_article'), 0)} B", "", "", ""),
        ("7 load: exactly one verdict per claim", fmt(g("load.integrity")), "", "", "all"),
        ("slowest stage (in-process, timed)", fmt(g("profile.slowest_stage")), fmt(g("profile.stage_shares")), "", ""),
    ]
    for ix in g("corpus.index") or []:
        rows.append((f"8 evidence index, {ix['documents']:,} pages: query median / p95 (CPU median)",
                     f"{fmt(ix['query_ms_median'])} / {fmt(ix['query_ms_p95'])} ms ({fmt(ix.get('query_cpu_ms_median'))} ms)",
                     f"{fmt(ix['file_mb'], 1)} MB, {fmt(ix['bytes_per_doc'])} B/page, {fmt(ix['adds_per_s'])} adds/s", "", ""))
    once, every = g("corpus.syndicated.checked_once"), g("corpus.syndicated.baseline_every_time")
    if once and every:
        rows.append(("8 claims reused per 100 articles, syndicated (judge CPU ms/claim)",
                     f"{fmt(once['reused_per_100_articles'], 1)} ({fmt(once['judge_cpu_ms_per_claim'])} ms)",
                     f"every claim checked: {fmt(every['reused_per_100_articles'], 1)} ({fmt(every['judge_cpu_ms_per_claim'])} ms)",
                     fmt(once["judge_cpu_ms_per_claim"] / every["judge_cpu_ms_per_claim"]) if every["judge_cpu_ms_per_claim"] else NA,
                     ""))
    rec = g("recovery")
    if rec:
        rows.append((f"9 batch of {rec['articles']} done after a SIGKILLed cpu worker (defaults), from the replacement's start",
                     f"{fmt(rec['finish_after_restart_s'], 1)} s",
                     f"no kill: {fmt(rec['baseline_batch_s'], 1)} s; {rec['unacked_at_kill']} unacked at the kill; "
                     f"visibility timeout {rec['visibility_timeout_s']} s; {rec['integrity']}",
                     "", f"<= {rec['requirement_s']:.0f} s"))
    return rows


def markdown(r: dict[str, Any]) -> str:
    meta = r.get("meta", {})
    lines = [
        f"# newscheck benchmark ({'quick' if meta.get('quick') else 'full'} run)",
        "",
        f"Python {meta.get('python', NA)}, {meta.get('cores', NA)} cores (load average {fmt(meta.get('loadavg_start'), 1)} "
        f"at start, {fmt(meta.get('loadavg_end'), 1)} at end: the machine is shared), {fmt(meta.get('seconds'), 0)} s; "
        f"command: `{meta.get('command', 'python -m bench')}`. {meta.get('note', '')}".rstrip(),
        "",
        "| figure | measured | baseline (same run) | ratio | target |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in table_rows(r)]
    prof = r.get("profile") or {}
    for title, key in (("Project functions by cumulative time", "cumulative"), ("Frames by self time", "self")):
        if prof.get(key):
            lines += ["", f"**{title}** (pyinstrument, in-process path, {fmt(prof.get('profiled_s'))} s profiled):", ""]
            lines += [f"- {h['share'] * 100:.1f}% {fmt(h['seconds'])} s `{h['where']}`" for h in prof[key]]
    fams = _get(r, "scaling.redis_by_family") or []
    if fams:
        lines += ["", f"**Redis memory by key family** ({fmt(_get(r, 'scaling.redis_articles_stored'))} articles stored):", "",
                  "| key family | keys | bytes per article |", "|---|---|---|"]
        lines += [f"| `{f['family']}` | {f['keys']:,} | {f['bytes_per_article']:,.0f} |" for f in fams]
    if r.get("errors"):
        lines += ["", "**Errors:**", ""] + [f"- {e}" for e in r["errors"]]
    return "\n".join(lines) + "\n"


JSON_KEYS = {
    "extraction_ratio_to_spacy": "extraction.ratio",
    "queued_to_inprocess_ratio": "queue.ratio",
    "queued_to_inprocess_cpu_ratio": "queue.cpu_ratio",
    "articles_per_min": "load.articles_per_min",
    "first_verdict_p50_s": "latency.light.first_verdict.p50",
    "done_p95_s": "latency.light.done.p95",
    "fetches_per_unique_url": "crosscheck.fetches_per_unique_url",
    "redis_bytes_per_article": "scaling.redis_bytes_per_article",
    "recovery_after_sigkill_s": "recovery.finish_after_restart_s",
    "cores": "meta.cores",
    "python": "meta.python",
}


def _clean(value: Any) -> Any:
    """NaN is not JSON: it becomes null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def json_summary(r: dict[str, Any]) -> dict[str, Any]:
    """The headline keys first, then every measured section."""
    return _clean({**{k: _get(r, p) for k, p in JSON_KEYS.items()}, "results": r})


def plot(r: dict[str, Any], path: Path) -> Path | None:
    """Throughput and latency against worker processes and articles queued (PNG)."""
    workers = _get(r, "scaling.workers") or []
    backlog = _get(r, "scaling.backlog") or []
    if not workers and not backlog:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(10, 7))
    for col, (series, key, label) in enumerate(((workers, "workers", "cpu worker processes"),
                                                  (backlog, "articles", "articles queued at once"))):
        xs = [p[key] for p in series]
        axes[0][col].plot(xs, [p["articles_per_min"] for p in series], marker="o", label="measured (shared machine)")
        if all("cpu_bound_articles_per_min" in p for p in series):
            axes[0][col].plot(xs, [p["cpu_bound_articles_per_min"] for p in series], marker="s", linestyle="--",
                              label="all cores / CPU per article")
        axes[0][col].set_ylabel("articles / min")
        axes[0][col].legend()
        for q in ("p50", "p95"):
            axes[1][col].plot(xs, [p[f"done_{q}_s"] for p in series], marker="o", label=f"done {q}")
        axes[1][col].plot(xs, [p["first_verdict_p50_s"] for p in series], marker="o", label="first verdict p50")
        axes[1][col].set_ylabel("seconds")
        axes[1][col].legend()
        for row in axes:
            row[col].set_xlabel(label)
            if key == "articles":
                row[col].set_xscale("log")
            row[col].grid(alpha=0.3)
    fig.suptitle("newscheck: throughput and latency")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
