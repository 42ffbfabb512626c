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
    └── FetchError             a fetch failed; ``reason`` is a short stable code
        ├── BlockedAddress     reason "blocked address"
        ├── FetchTimeout       reason "timeout"
        ├── TooLarge           reason "too large"
        ├── NotHTML            reason "not html"
        ├── HTTPStatusError    reason "http <status>" (404, 500, ...)
        ├── RobotsDisallowed   reason "robots"
        ├── TooManyRedirects   reason "redirect loop"
        ├── Paywalled          reason "paywall"
        └── ConnectionFailed   reason "connection"

Adapters translate library exceptions into these at the boundary; workers and the API
map them to task outcomes and problem-details responses. ``FetchError.transient`` tells the
retry policy whether trying again can help.
"""

from __future__ import annotations


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

    reason: str = "fetch failed"
    transient: bool = False

    def __init__(self, url: str, detail: str = "", *, reason: str | None = None) -> None:
        self.url = url
        self.detail = detail
        if reason is not None:
            self.reason = reason
        super().__init__(f"{self.reason}: {url}" + (f" ({detail})" if detail else ""))


class BlockedAddress(FetchError):
    reason = "blocked address"


class FetchTimeout(FetchError):
    reason = "timeout"
    transient = True


class TooLarge(FetchError):
    reason = "too large"


class NotHTML(FetchError):
    reason = "not html"


class HTTPStatusError(FetchError):
    def __init__(self, url: str, status: int, detail: str = "", retry_after: float | None = None) -> None:
        self.status = status
        self.retry_after = retry_after
        self.transient = status in (408, 425, 429, 500, 502, 503, 504)
        super().__init__(url, detail, reason=f"http {status}")


class RobotsDisallowed(FetchError):
    reason = "robots"


class TooManyRedirects(FetchError):
    reason = "redirect loop"


class Paywalled(FetchError):
    reason = "paywall"


class ConnectionFailed(FetchError):
    reason = "connection"
    transient = True
