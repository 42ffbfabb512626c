"""Callbacks through the running service: signed in the Standard Webhooks scheme, retried, recorded."""

from __future__ import annotations

import json
import time
from typing import Any

from newscheck.localserver import LocalServer, Route
from pipeline import webhooks

SECRET = "whsec_" + "c2lnbmVkIGNhbGxiYWNrcyBmb3IgdGhlIGRlc2sgdGVzdA=="
TEXT = "The port authority said 9 ferries were cancelled on Sunday because of fog."


def test_callback_is_signed_retried_and_recorded_in_the_report(start_stack: Any) -> None:
    with start_stack(callback_secret=SECRET, max_retry_countdown="1") as stack, \
            LocalServer({"/hook": [Route(status=500, body="busy"), Route(body="ok")]}) as receiver:
        resp = stack.client.http.post(f"{stack.client.base}/v1/articles", timeout=10,
                                      json={"text": TEXT, "callback_url": receiver.url("/hook")})
        aid = resp.json()["id"]
        deadline = time.monotonic() + 240
        report: dict[str, Any] = {}
        while time.monotonic() < deadline:
            report = stack.client.report(aid)
            if (report.get("callback") or {}).get("status") in ("sent", "failed"):
                break
            time.sleep(0.3)
        posts = [r for r in receiver.received if r.path == "/hook"]
    assert report["callback"]["status"] == "sent", report.get("callback")
    assert report["callback"]["attempts"] == 2 and "500" in (report["callback"]["last_error"] or "")
    assert len(posts) == 2
    ids = {p.headers["webhook-id"] for p in posts}
    assert len(ids) == 1  # one delivery, one id across its retries
    for post in posts:
        h = post.headers
        assert webhooks.verify(SECRET, h["webhook-id"], int(h["webhook-timestamp"]), post.body, h["webhook-signature"])
        assert not webhooks.verify("whsec_" + "b3RoZXI=", h["webhook-id"], int(h["webhook-timestamp"]), post.body,
                                   h["webhook-signature"])
    assert json.loads(posts[-1].body)["id"] == aid
