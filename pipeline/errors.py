"""One exception tree for the whole project.

    NewscheckError
    ├── ConfigError            invalid settings, refused at start-up
    ├── InvariantError         a domain rule broken by our own code (a bug, never the user's input)
    ├── InputError             the user's input cannot be processed (maps to HTTP 4xx)
    │   ├── EmptyInput
    │   ├── UnsupportedInput   binary, not a document, too large
    │   └── UnsafeURL          scheme or address refused by the fetch guard
    │   └── NotAuthorized      no or a wrong API key (HTTP 401/403)
    ├── NotFound               unknown article or claim id (HTTP 404)
    ├── RateLimited            too many requests for now (HTTP 429); ``retry_after`` seconds
    ├── ServiceError           the API failed (HTTP 5xx): not the caller's fault
    │   └── StoreUnavailable   Redis cannot be reached (HTTP 503)
    └── FetchError             a fetch failed; ``reason`` is a FailureReason code
        ├── BlockedAddress     reason "blocked address"
        ├── FetchTimeout       reason "timeout"
        ├── TooLarge           reason "too large"
        ├── NotHTML            reason "not html"
        ├── HTTPStatusError    reason "http <status>" (404, 500, ...)
        ├── RobotsDisallowed   reason "robots"
        ├── TooManyRedirects   reason "redirect loop"
        ├── Paywalled          reason "paywall"
        └── ConnectionFailed   reason "connection"

Every failure reason recorded anywhere (a SourceFailure, an unfinished verdict, a failed
article's error) is a ``Reason``: a member of ``FailureReason`` below, the one closed
vocabulary, or an ``HttpReason``, the family ``http`` written ``http <status>`` (``http_reason``).
Both are strings, the ones reports have always carried; the report's OpenAPI schema lists them.

Adapters translate library exceptions into these at the boundary; workers and the API
map them to task outcomes and problem-details responses. ``FetchError.transient`` tells the
retry policy whether trying again can help.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any


class FailureReason(StrEnum):
    """Why a source, a claim or an article could not be used: the closed vocabulary of reasons."""

    # a source (FetchError subclasses and the fetch step around them)
    FETCH_FAILED = "fetch failed"
    BLOCKED_ADDRESS = "blocked address"
    TIMEOUT = "timeout"                  # also: a claim or an article past its deadline or time limit
    TOO_LARGE = "too large"
    NOT_HTML = "not html"
    HTTP = "http"                        # written "http <status>": see http_reason
    ROBOTS = "robots"
    REDIRECT_LOOP = "redirect loop"
    PAYWALL = "paywall"
    CONNECTION = "connection"
    BAD_URL = "bad url"
    NO_TEXT = "no article text"          # fetched, but no article text could be extracted
    NO_FETCHER = "no fetcher"            # sources were given but nothing can fetch them (offline run)
    NO_SUCH_FILE = "no such file"        # a local file to ingest is missing
    BAD_RESPONSE = "bad response"        # a search API answered something that is not its format
    BAD_FEED = "bad feed"                # a feed that does not parse as RSS or Atom
    # a claim or an article (workers)
    BAD_INPUT = "bad input"
    INTERNAL = "internal"                # the article's text went missing between steps
    INTERNAL_ERROR = "internal error"    # a bug or bad data raised in a task
    WORKER_LOST = "worker lost"          # redelivered past its cap after worker crashes

    @classmethod
    def of(cls, code: str) -> FailureReason:
        """The member a recorded reason string belongs to ("http 404" -> HTTP); ValueError otherwise."""
        if code.startswith("http ") and code[5:].isdigit():
            return cls.HTTP
        return cls(code)


HTTP_REASON_PATTERN = r"^http [1-9][0-9]{2}$"  # the three digits of an HTTP status (RFC 9110)


class HttpReason(str):
    """A reason of the family ``FailureReason.HTTP`` with its status: "http 404" (``http_reason``)."""

    __slots__ = ()

    # The face's OpenAPI document (pydantic) reads it as a string of that pattern; duck-typed
    # hooks, so the domain imports no pydantic.
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return handler(str)

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> Any:
        return {**handler(core_schema), "pattern": HTTP_REASON_PATTERN, "title": "HttpReason"}


Reason = FailureReason | HttpReason  # every recorded failure reason


def checked_reason(reason: FailureReason | str) -> Reason:
    """A recorded reason (a string from a store, a task, a FetchError) as its typed member,
    refused with ValueError unless it is in the vocabulary."""
    if isinstance(reason, (FailureReason, HttpReason)):
        return reason
    if re.fullmatch(HTTP_REASON_PATTERN, reason):
        return HttpReason(reason)
    return FailureReason(reason)


def http_reason(status: int) -> HttpReason:
    """The recorded reason of an HTTP status that refused a fetch: "http 404"."""
    if not 100 <= status <= 999:
        raise ValueError(f"not an HTTP status: {status}")
    return HttpReason(f"{FailureReason.HTTP.value} {status}")


class NewscheckError(Exception):
    """Base of every error newscheck raises on purpose."""


class ConfigError(NewscheckError):
    """Settings that cannot work together; raised before anything starts."""


class InvariantError(NewscheckError):
    """A domain invariant does not hold (duplicate claim ids in one article, ...): a bug."""


class InputError(NewscheckError):
    """Input the pipeline cannot process; the message is shown to the user."""


class EmptyInput(InputError):
    pass


class UnsupportedInput(InputError):
    pass


class UnsafeURL(InputError):
    pass


class NotAuthorized(InputError):
    pass


class NotFound(NewscheckError):
    pass


class RateLimited(NewscheckError):
    """Refused for now: ``retry_after`` seconds (None when the server did not say)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class ServiceError(NewscheckError):
    """The service failed; trying again later may work, changing the input will not."""


class StoreUnavailable(ServiceError):
    pass


class FetchError(NewscheckError):
    """A source could not be fetched; ``reason`` is recorded on the claim."""

    reason: Reason = FailureReason.FETCH_FAILED
    transient: bool = False

    def __init__(self, url: str, detail: str = "", *, reason: FailureReason | None = None) -> None:
        self.url = url
        self.detail = detail
        if reason is not None:
            self.reason = FailureReason(reason)
        super().__init__(f"{self.reason}: {url}" + (f" ({detail})" if detail else ""))


class BlockedAddress(FetchError):
    reason = FailureReason.BLOCKED_ADDRESS


class FetchTimeout(FetchError):
    reason = FailureReason.TIMEOUT
    transient = True


class TooLarge(FetchError):
    reason = FailureReason.TOO_LARGE


class NotHTML(FetchError):
    reason = FailureReason.NOT_HTML


class HTTPStatusError(FetchError):
    def __init__(self, url: str, status: int, detail: str = "", retry_after: float | None = None) -> None:
        self.status = status
        self.retry_after = retry_after
        self.transient = status in (408, 425, 429, 500, 502, 503, 504)
        self.reason = http_reason(status)  # the family "http" with its status, set before the message
        super().__init__(url, detail)


class RobotsDisallowed(FetchError):
    reason = FailureReason.ROBOTS


class TooManyRedirects(FetchError):
    reason = FailureReason.REDIRECT_LOOP


class Paywalled(FetchError):
    reason = FailureReason.PAYWALL


class ConnectionFailed(FetchError):
    reason = FailureReason.CONNECTION
    transient = True
