"""Prometheus metrics of the whole service, read from Redis at scrape time.

Counters live in one Redis hash (see the key schema) written by the API and the workers, so
every API replica reports the same figures and nothing is lost when a process restarts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric, SummaryMetricFamily
from prometheus_client.registry import Collector

from pipeline.adapters.redis_stats import RedisStats
from pipeline.ports import Deadlines

QUEUES = ("io", "cpu", "control")


class StoreCollector(Collector):
    def __init__(self, stats: RedisStats, deadlines: Deadlines, queues: Iterable[str] = QUEUES) -> None:
        self.counters, self.deadlines = stats, deadlines
        self.queues = tuple(queues)

    def collect(self) -> Iterator[Metric]:
        stats = self.counters.stats()
        families: dict[str, CounterMetricFamily | GaugeMetricFamily] = {
            "articles": CounterMetricFamily("newscheck_articles", "Articles by outcome (submitted, done, failed).", labels=["status"]),
            "verdicts": CounterMetricFamily("newscheck_verdicts", "Verdicts recorded, by label.", labels=["label"]),
            "fetch_errors": CounterMetricFamily("newscheck_fetch_errors", "Sources that could not be used, by reason.", labels=["reason"]),
            "claims": CounterMetricFamily("newscheck_claims", "Claim cross-checks, by how (checked, reused: a claim fact checked once).", labels=["how"]),
            "reviews": GaugeMetricFamily("newscheck_reviews", "Claims a reviewer decided, by the machine's label.", labels=["label"]),
        }
        agree: dict[str, float] = {}
        tasks = SummaryMetricFamily("newscheck_task_seconds", "Task run time.", labels=["task"])
        times: dict[str, list[float]] = {}
        for key, value in sorted(stats.items()):
            kind, _, label = key.partition(":")
            if kind in families:
                families[kind].add_metric([label], value)
            elif kind == "review_agree":
                agree[label] = value
            elif kind in ("task_seconds", "task_count"):
                times.setdefault(label, [0.0, 0.0])[0 if kind == "task_count" else 1] = value
        for task, (count, total) in sorted(times.items()):
            tasks.add_metric([task], count_value=int(count), sum_value=total)
        yield from families.values()
        yield tasks
        yield _agreement(stats, agree)
        yield GaugeMetricFamily("newscheck_articles_open", "Articles queued or running.", value=self.deadlines.open_articles())
        queued = GaugeMetricFamily("newscheck_queue_length", "Task messages waiting, by queue.", labels=["queue"])
        for q in self.queues:
            queued.add_metric([q], self.counters.queue_length(q))
        yield queued
        yield GaugeMetricFamily("newscheck_tasks_in_flight", "Task messages delivered and not yet acknowledged.",
                                value=self.counters.in_flight())


def _agreement(stats: dict[str, float], agree: dict[str, float]) -> GaugeMetricFamily:
    """Share of reviewed claims whose final label is the machine's, per machine label."""
    rate = GaugeMetricFamily("newscheck_review_agreement",
                             "Reviewer agreement with the machine verdict (0..1), by the machine's label.", labels=["label"])
    for key, reviewed in sorted(stats.items()):
        kind, _, label = key.partition(":")
        if kind == "reviews" and reviewed > 0:
            rate.add_metric([label], agree.get(label, 0.0) / reviewed)
    return rate
