"""Test doubles for DNS rebinding: a resolver that changes its answer, a session that records and never connects."""

from __future__ import annotations

from typing import Any

import requests


class Rebinding:
    """A resolver that answers a public address first and 127.0.0.1 on every later lookup."""

    def __init__(self, first: str = "93.184.216.34") -> None:
        self.first, self.calls = first, 0

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls += 1
        return [self.first] if self.calls == 1 else ["127.0.0.1"]


class RecordingSession(requests.Session):
    """Records what would be sent and where it is pinned, and never opens a socket (no traffic to a public address)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append(request)
        raise requests.ConnectionError("recording session opens no sockets")
