"""The API client tells whose fault an error is: 4xx the caller's, 429 "not now", 5xx the service's."""

from __future__ import annotations

import json

import pytest

from newscheck.client import ApiClient
from newscheck.localserver import LocalServer, Route
from pipeline.errors import (InputError, NewscheckError, NotAuthorized, NotFound, RateLimited, ServiceError,
                             StoreUnavailable)

PROBLEM = "application/problem+json"


def problem(status: int, detail: str, **headers: str) -> Route:
    return Route(body=json.dumps({"title": "x", "status": status, "detail": detail}), status=status,
                 content_type=PROBLEM, headers=headers)


@pytest.mark.parametrize(("status", "error", "not_error"), [
    (422, InputError, ServiceError),
    (401, NotAuthorized, ServiceError),
    (404, NotFound, InputError),
    (500, ServiceError, InputError),
    (502, ServiceError, InputError),
    (503, StoreUnavailable, InputError),
])
def test_each_status_is_its_own_error(status: int, error: type[NewscheckError], not_error: type[NewscheckError]) -> None:
    with LocalServer({"/v1/articles/a_1": problem(status, "what happened")}) as server:
        with pytest.raises(error) as info:
            ApiClient(server.base_url).report("a_1")
    assert not isinstance(info.value, not_error)
    assert "what happened" in str(info.value)


def test_rate_limit_is_not_the_inputs_fault_and_says_when_to_retry() -> None:
    with LocalServer({"/v1/articles/a_1": problem(429, "slow down", **{"Retry-After": "7"})}) as server:
        with pytest.raises(RateLimited) as info:
            ApiClient(server.base_url).report("a_1")
    assert not isinstance(info.value, (InputError, ServiceError))
    assert info.value.retry_after == 7.0 and "try again in 7s" in str(info.value)


def test_an_error_page_that_is_not_json_keeps_its_status() -> None:
    with LocalServer({"/v1/articles/a_1": Route(body="<h1>Bad Gateway</h1>", status=502)}) as server:
        with pytest.raises(ServiceError) as info:
            ApiClient(server.base_url).report("a_1")
    assert "502" in str(info.value) and "Bad Gateway" in str(info.value)
