"""The closed vocabulary of failure reasons: every FetchError and every recorded reason is a member."""

from __future__ import annotations

import json

import pytest

from pipeline import errors, flow
from pipeline.errors import FailureReason, FetchError, HTTPStatusError, HttpReason, checked_reason, http_reason
from pipeline.models import SourceFailure, Verdict, to_dict


def _fetch_errors() -> list[type[FetchError]]:
    return [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, FetchError)]


def test_every_fetch_error_reason_is_in_the_vocabulary_with_its_old_string() -> None:
    old = {"BlockedAddress": "blocked address", "FetchTimeout": "timeout", "TooLarge": "too large",
           "NotHTML": "not html", "RobotsDisallowed": "robots", "TooManyRedirects": "redirect loop",
           "Paywalled": "paywall", "ConnectionFailed": "connection", "FetchError": "fetch failed"}
    seen = {}
    for cls in _fetch_errors():
        if cls is HTTPStatusError:
            continue
        exc = cls("https://example.org/x")
        assert FailureReason.of(exc.reason) is FailureReason(exc.reason)
        seen[cls.__name__] = str(exc.reason)
    assert seen == old


def test_http_status_is_one_family_written_with_its_status() -> None:
    exc = HTTPStatusError("https://example.org/x", 404)
    assert exc.reason == "http 404" == http_reason(404) and str(exc) == "http 404: https://example.org/x"
    assert FailureReason.of("http 503") is FailureReason.HTTP
    with pytest.raises(ValueError):
        FailureReason.of("http teapot")


def test_unknown_reasons_are_refused_where_they_are_recorded() -> None:
    with pytest.raises(ValueError):
        checked_reason("something new")
    with pytest.raises(ValueError):
        flow.unfinished_verdict("late-ish", "x")
    with pytest.raises(ValueError):
        FetchError("https://example.org/x", reason="made up")  # type: ignore[arg-type]
    assert flow.unfinished_verdict(FailureReason.TIMEOUT, "x").reason == "timeout"


def test_reasons_serialise_as_the_same_strings() -> None:
    failure = SourceFailure("https://example.org/x", FailureReason.NO_TEXT)
    assert json.dumps({"reason": failure.reason}) == '{"reason": "no article text"}'
    assert f"fetch_errors:{failure.reason}" == "fetch_errors:no article text"
    assert flow.fetch_source("ftp://example.org/x", fetcher=None).reason == "bad url"  # type: ignore[arg-type,union-attr]


def test_recorded_reasons_load_as_typed_members_and_unknown_ones_are_refused() -> None:
    assert SourceFailure.from_dict({"url": "https://example.org/x", "reason": "timeout"}).reason is FailureReason.TIMEOUT
    http = SourceFailure.from_dict({"url": "https://example.org/x", "reason": "http 404"}).reason
    assert isinstance(http, HttpReason) and http == "http 404" and json.dumps(http) == '"http 404"'
    assert Verdict.from_dict({**to_dict(flow.unfinished_verdict(FailureReason.WORKER_LOST, "x"))}).reason is FailureReason.WORKER_LOST
    for stored in ("made up", "http teapot", "http 42"):
        with pytest.raises(ValueError):
            SourceFailure.from_dict({"url": "https://example.org/x", "reason": stored})
    with pytest.raises(ValueError):
        http_reason(42)


def test_the_report_schema_lists_every_reason() -> None:
    """The OpenAPI document's SourceFailure, Verdict and article error accept the vocabulary and nothing else."""
    import jsonschema

    from newscheck.desk.openapi import typed

    components = typed({"paths": {}})["components"]
    report = components["schemas"]["Report"]["properties"]
    schemas = {
        "source failure": {"$ref": "#/components/schemas/SourceFailure"},
        "verdict reason": components["schemas"]["Verdict"]["properties"]["reason"],
        "article error": report["error"]["properties"]["reason"],
    }
    for where, schema in schemas.items():
        validator = jsonschema.Draft202012Validator({**schema, "components": components})

        def valid(reason: str) -> bool:
            instance = {"url": "https://example.org/x", "reason": reason} if where == "source failure" else reason
            return validator.is_valid(instance)

        assert all(valid(member.value) for member in FailureReason), where
        assert valid(http_reason(503)) and valid(HTTPStatusError("https://example.org/x", 404).reason), where
        assert not any(valid(bad) for bad in ("made up", "http teapot", "http 42", "Timeout")), where
