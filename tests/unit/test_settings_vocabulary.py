"""Retry caps, the user agent and the timestamp format come from one place each."""

from __future__ import annotations

import re

from config.settings import load_settings
from pipeline.adapters.transport import DEFAULT_USER_AGENT
from pipeline.politeness import USER_AGENT, utc_timestamp


def test_retry_caps_are_settings_with_the_former_values() -> None:
    s = load_settings()
    assert (s.article_fetch_retries, s.callback_retries, s.task_store_retries) == (3, 5, 8)
    assert load_settings(callback_retries=2).callback_retries == 2


def test_one_user_agent() -> None:
    assert load_settings().fetch_user_agent == USER_AGENT == DEFAULT_USER_AGENT


def test_one_timestamp_format_utc_with_z() -> None:
    assert utc_timestamp(0) == "1970-01-01T00:00:00Z"
    assert utc_timestamp(1_700_000_000.7) == "2023-11-14T22:13:20Z"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", utc_timestamp())
