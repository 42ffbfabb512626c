"""Property-based fuzz of the API from its own OpenAPI schema (schemathesis): never a 5xx.

Runs the ASGI app in-process against a real private Redis; submissions go to a real broker
queue that no worker consumes in this test.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.settings import load_settings
from newscheck.api import create_app
from pipeline.adapters.redis_state import RedisState
from tests.support.known_ids import seed_known_ids
from workers.app import create_app as create_celery


@pytest.fixture()
def api_schema(redis_url: str, redis_client: Any) -> Any:
    conf = load_settings(redis_url=redis_url, api_rate_per_minute=100_000)
    store = RedisState.over(redis_client, prefix=conf.key_prefix)
    seed_known_ids(store)  # so that the colon-bearing ids below name keys that exist, of other types
    app = create_app(conf, store=store, celery=create_celery(conf))
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


# what the attack run sent (issue 14): ids carrying a store key's suffix, text with lone surrogates
COLON_IDS = st.sampled_from(["a_0123456789abcdef", "c_0123456789abcdef", "a_", "x"]).flatmap(
    lambda base: st.sampled_from([":claims", ":sources", ":events", ":", "::", ":a_0123456789abcdef:x"]).map(
        lambda suffix: base + suffix))
SURROGATES = st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3)


def _with_surrogates(value: Any, data: Any) -> Any:
    """Every string of a generated body, with lone surrogates spliced in somewhere."""
    if isinstance(value, str):
        at = data.draw(st.integers(0, len(value)))
        return value[:at] + data.draw(SURROGATES) + value[at:]
    if isinstance(value, list):
        return [_with_surrogates(v, data) for v in value]
    if isinstance(value, dict):
        return {k: _with_surrogates(v, data) for k, v in value.items()}
    return value


def test_colon_bearing_ids_and_lone_surrogates_never_make_a_5xx(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    hostile = [op for op in operations if op.path_parameters or op.body]
    assert len(hostile) >= 4
    for operation in hostile:

        @given(case=operation.as_strategy(), data=st.data())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def no_server_error(case: Any, data: Any) -> None:
            # a fresh case rather than an edited one: schemathesis re-validates edited ones itself,
            # and its validator cannot encode the lone surrogates this test is about
            hostile_case = operation.Case(
                path_parameters={k: data.draw(COLON_IDS) for k in case.path_parameters or {}},
                query=case.query, headers=case.headers, media_type=case.media_type,
                body=_with_surrogates(case.body, data) if isinstance(case.body, dict) else case.body)
            response = hostile_case.call()
            assert response.status_code < 500, (
                f"{hostile_case.method} {hostile_case.formatted_path} -> {response.status_code}: {response.text[:300]}")

        no_server_error()
