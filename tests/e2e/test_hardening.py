"""Hardening found by an outside attack run (issue 14), against the real served API."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

pytestmark = pytest.mark.slow


def test_a_made_up_forwarded_for_does_not_open_fresh_rate_limit_buckets(start_stack: Any) -> None:
    """Item 7: uvicorn believes X-Forwarded-For from loopback unless told otherwise."""
    with start_stack(api_rate_per_minute="3") as stack:
        base = stack.client.base
        if time.time() % 60 > 50:  # the limit counts per minute window: start well inside one
            time.sleep(61 - time.time() % 60)
        codes = [requests.post(f"{base}/v1/articles", json={"text": f"Officials said {i} people left."},
                               headers={"X-Forwarded-For": f"203.0.113.{i}"}, timeout=30).status_code
                 for i in range(5)]
    assert codes[:3] == [202] * 3 and codes[3:] == [429, 429], codes
