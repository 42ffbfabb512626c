"""Property-based fuzz of the API from its own OpenAPI schema (schemathesis): never a 5xx.

Runs the ASGI app in-process against a real private Redis; submissions go to a real broker
queue that no worker consumes in this test.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from config.settings import load_settings
from newscheck.api import create_app
from pipeline.adapters.redis_store import RedisStore
from workers.app import create_app as create_celery


@pytest.fixture()
def api_schema(redis_url: str, redis_client: Any) -> Any:
    conf = load_settings(redis_url=redis_url, api_rate_per_minute=100_000)
    app = create_app(conf, store=RedisStore(redis_client, prefix=conf.key_prefix), celery=create_celery(conf))
    # /healthz pings workers over the broker (a second per call): probed by the end-to-end tests instead
    return schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/healthz")


def test_no_input_makes_the_api_fail_with_a_5xx(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def no_server_error(case: Any) -> None:
            response = case.call()
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}")

        no_server_error()
