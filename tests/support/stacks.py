"""The composition root's in-process stack as the tests use it: allowed to reach their servers on
127.0.0.1, no retries, a 5 s deadline (any other setting by keyword)."""

from __future__ import annotations

from typing import Any

from config.settings import load_settings
from pipeline.adapters import wiring


def local_stack(**settings: Any) -> wiring.Wiring:
    options: dict[str, Any] = dict(fetch_allow_hosts=["127.0.0.1"], fetch_retries=0, fetch_deadline=5.0)
    return wiring.in_process(load_settings(**{**options, **settings}))
