"""The Celery application: configuration from config/, tasks from workers.tasks."""

from __future__ import annotations

from celery import Celery

from config.celery import celery_config
from config.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    app = Celery("newscheck", include=["workers.tasks", "workers.recovery"])
    app.conf.update(celery_config(settings))
    return app


app = create_app()
