"""Recheck through the running service: real workers judge the same claims again with a new source."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from newscheck.localserver import LocalServer, Route

ARTICLE = ("Harbour master Oren Voss said 14 cargo ships were held outside the port of Tessaly on Tuesday "
           "because of the storm.")
SOURCE = ("<html><head><title>Storm holds ships</title></head><body><article><h1>Storm holds ships at Tessaly</h1>"
          "<p>Fourteen cargo ships were held outside the port of Tessaly on Tuesday as the storm passed, "
          "harbour master Oren Voss told reporters.</p><p>Crews waited for the wind to drop before entering.</p>"
          "</article></body></html>")


def wait_done(client: Any, aid: str, timeout: float = 240) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        report: dict[str, Any] = client.report(aid)
        if report["status"] in ("done", "failed") or time.monotonic() > deadline:
            return report
        time.sleep(0.3)


def test_recheck_judges_the_same_claims_with_the_new_source(stack: Any) -> None:
    client = stack.client
    aid = client.http.post(f"{client.base}/v1/articles", json={"text": ARTICLE}).json()["id"]
    first = wait_done(client, aid)
    assert first["status"] == "done" and first["claims"], first
    with LocalServer({"/storm.html": Route(body=SOURCE)}) as site:
        source = site.url("/storm.html")
        res = subprocess.run([sys.executable, "-m", "newscheck.cli", "recheck", aid, "--source", source,
                              "--api", client.base], capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        second = wait_done(client, aid)
    assert second["status"] == "done"
    assert [c["id"] for c in second["claims"]] == [c["id"] for c in first["claims"]]
    claim = second["claims"][0]
    used = {e["url"] for e in claim["verdict"]["evidence"]} | {f["url"] for f in claim["verdict"].get("failures", [])}
    used |= {f["url"] for f in second.get("source_failures", [])}
    assert source in used  # the new source was fetched and weighed for the kept claim
    history = client.http.get(f"{client.base}/v1/claims/{claim['id']}/history").json()["verdicts"]
    assert len(history) == 2 and history[0] == first["claims"][0]["verdict"] and history[1] == claim["verdict"]
