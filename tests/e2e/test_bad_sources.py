"""Sources that misbehave, through the whole queue: every claim still gets a verdict in time, and
each failure is recorded with its reason. Also: fetched HTML never reaches a client as markup,
and API keys never reach a log.
"""

from __future__ import annotations

import gzip
import re
import time
from typing import Any

import pytest

from newscheck.client import ApiClient
from newscheck.localserver import LocalServer, Route
from pipeline.models import ArticleInput

pytestmark = pytest.mark.slow

API_KEY = "sekret-key-7f3a9c"
ARTICLE = (
    "Port officials said 40 ships were waiting outside the harbour on Tuesday. "
    "\"The queue should clear within three days,\" the harbour master, Mara Velk, told reporters."
)
GOOD = ("<html><head><title>Harbour queue</title></head><body><article><p>Port officials said 40 ships were "
        "waiting outside the harbour on Tuesday, according to the harbour master Mara Velk.</p></article></body></html>")
HOSTILE = ("<html><head><title>Harbour</title><script>alert('x')</script></head><body><article><p>Port officials said "
           "<b>40 ships</b> were waiting <img src=x onerror=alert(1)> outside the harbour on Tuesday.</p>"
           "</article></body></html>")


def routes() -> dict[str, Any]:
    bomb = gzip.compress(b"<p>" + b"0" * 60_000_000 + b"</p>", compresslevel=9)
    return {
        "/hang": Route(hang=True),
        "/drip": Route(body=GOOD, drip=1.0),
        "/flaky": [Route(status=500, body="oops"), Route(body=GOOD)],
        "/busy": [Route(status=429, headers={"Retry-After": "1"}, body="slow down"), Route(body=GOOD)],
        "/huge": Route(body=b"<html><body><p>" + b"a" * 50_000_000 + b"</p></body></html>"),
        "/bomb": Route(body=bomb, headers={"Content-Encoding": "gzip"}),
        "/loop": Route(status=302, redirect="/loop"),
        "/latin": Route(body=GOOD.replace("harbour", "harbour café").encode("latin-1"), content_type="text/html; charset=utf-8"),
        "/nocharset": Route(body=GOOD.encode("utf-8"), content_type="text/html"),
        "/pdf": Route(body=b"%PDF-1.4 binary", content_type="application/pdf"),
        "/png": Route(body=b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png"),
        "/broken": Route(body="<html><p>Port officials said 40 ships <div><b>were waiting outside the harbour on Tuesday"),
        "/hostile": Route(body=HOSTILE),
        "/missing": Route(status=404, body="not here"),
    }


def test_misbehaving_sources_yield_reasons_not_crashes(start_stack: Any) -> None:
    with LocalServer(routes()) as site, start_stack(fetch_rate_per_domain="100", fetch_burst_per_domain="100",
                                                   fetch_deadline="4", api_keys=API_KEY, article_deadline="120",
                                                   visibility_timeout="100", task_soft_time_limit="60",
                                                   task_time_limit="80") as stack:
        client = ApiClient(stack.client.base, api_key=API_KEY)
        sources = tuple(site.url(p) for p in routes())
        started = time.monotonic()
        aid = client.submit(ArticleInput(text=ARTICLE, published="2025-04-01", sources=sources))["id"]
        deadline = time.monotonic() + 120
        while (report := client.report(aid))["status"] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.5)
        assert report["status"] == "done", stack.logs()
        assert time.monotonic() - started < 120
        assert report["claims"] and all(c["verdict"] for c in report["claims"])
        reasons = {f["url"].rsplit("/", 1)[1]: f["reason"] for f in report["source_failures"]}
        assert reasons["hang"] == "timeout" and reasons["drip"] == "timeout"
        assert reasons["huge"] == "too large" and reasons["bomb"] == "too large"
        assert reasons["loop"] == "redirect loop"
        assert reasons["pdf"] == "not html" and reasons["png"] == "not html"
        assert reasons["missing"] == "http 404"
        for fine in ("flaky", "busy", "latin", "nocharset", "hostile"):
            assert fine not in reasons, (fine, reasons[fine])
        assert site.hits["/flaky"] == 2 and site.hits["/busy"] == 2
        passages = [e["passage"] for c in report["claims"] for e in c["verdict"]["evidence"]]
        assert passages, "the good sources give evidence"
        assert not any(re.search(r"<\s*(script|img|b)\b", p, re.I) for p in passages)
        logs = stack.logs(tail=None)
        assert API_KEY not in logs
