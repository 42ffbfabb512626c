"""Celery configuration built from Settings: durable, JSON-only, results ignored.

Why each choice: late acks + reject-on-worker-lost redeliver a task whose worker died (our own
delivery counter caps it); prefetch 1 keeps long cpu tasks from hoarding messages; results are
ignored because our own Redis state is the system of record; the visibility timeout is above
every hard limit (checked in Settings) so a running task is never handed out twice.
"""

from __future__ import annotations

from typing import Any

from kombu import Queue

from config.settings import Settings

QUEUES = ("io", "cpu", "control")

ROUTES = {
    "newscheck.prepare_article": {"queue": "io"},
    "newscheck.deliver_callback": {"queue": "io"},
    "newscheck.extract_claims": {"queue": "cpu"},
    "newscheck.judge_claim": {"queue": "cpu"},
    "newscheck.discover_claim": {"queue": "io"},
    "newscheck.ingest_feeds": {"queue": "io"},
    "newscheck.finalise_article": {"queue": "control"},
    "newscheck.sweep": {"queue": "control"},
}


def beat_schedule(settings: Settings) -> dict[str, Any]:
    """Periodic tasks: the sweeper always, feed ingestion only when feeds are configured."""
    schedule: dict[str, Any] = {"sweep": {"task": "newscheck.sweep", "schedule": float(settings.sweep_interval)}}
    if settings.feeds:
        schedule["ingest_feeds"] = {"task": "newscheck.ingest_feeds", "schedule": float(settings.feed_interval)}
    return schedule


def celery_config(settings: Settings) -> dict[str, Any]:
    return {
        "broker_url": settings.broker,
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {
            "visibility_timeout": settings.visibility_timeout,
            "socket_connect_timeout": 5,
            "health_check_interval": 15,
        },
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_serializer": "json",
        "result_backend": None,
        "task_ignore_result": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "worker_prefetch_multiplier": 1,
        "worker_cancel_long_running_tasks_on_connection_loss": False,
        "task_soft_time_limit": settings.task_soft_time_limit,
        "task_time_limit": settings.task_time_limit,
        "task_queues": [Queue(q) for q in QUEUES],
        "task_default_queue": "cpu",
        "task_routes": ROUTES,
        # task events off (issue 13: each is a Redis publish per task and state change, a queue cost
        # the in-process path does not pay); Flower turns the workers' events on itself when it runs
        "task_send_sent_event": False,
        "worker_send_task_events": False,
        "worker_hijack_root_logger": False,
        "beat_schedule": beat_schedule(settings),
        "timezone": "UTC",
    }
