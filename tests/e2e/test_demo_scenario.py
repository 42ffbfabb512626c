"""The demo's own scenario: the sample site's author says which verdict each claim should get.

The site, its sources and the intended verdicts are in newscheck/sample_site/manifest.json;
the pages are served by a real HTTP server and fetched by the real fetcher.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from config.settings import load_settings
from newscheck.demo import find_claim_verdict
from newscheck.localserver import LocalServer
from newscheck.sample_site import load_manifest, site_routes, source_urls
from pipeline.adapters import wiring
from pipeline.models import ArticleInput


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    manifest = load_manifest()
    with LocalServer(site_routes()) as site:
        inp = ArticleInput(url=site.url(manifest["article"]), published=manifest["published"],
                           sources=tuple(source_urls(site.base_url)))
        return wiring.in_process(load_settings(fetch_allow_hosts=["127.0.0.1"], fetch_deadline=3.0)).verify(inp).to_dict()


@pytest.mark.parametrize("expected", load_manifest()["expected"], ids=lambda e: e["claim_contains"][:40])
def test_each_claim_gets_the_verdict_its_author_intended(report: dict[str, Any], expected: dict[str, Any]) -> None:
    got = find_claim_verdict(report, expected["claim_contains"])
    assert got == expected["label"], f"{expected['claim_contains']!r}: got {got}, intended {expected['label']} ({expected['why']})"


_BEARING = {p: pg for p, pg in load_manifest()["pages"].items() if pg.get("claim_contains")}


@pytest.mark.parametrize("path", sorted(_BEARING))
def test_the_fact_check_and_the_debunk_take_their_intended_side(report: dict[str, Any], path: str) -> None:
    page = _BEARING[path]
    (claim,) = [c for c in report["claims"] if page["claim_contains"] in c["text"]]
    verdict = claim["verdict"]
    mine = [ev for ev in verdict["evidence"] if ev["url"].endswith(path)]
    other = {"supports": "contradicts", "contradicts": "supports"}[page["stance"]]
    assert mine and all(ev["independent"] for ev in mine)
    assert not any(ev["stance"] == other for ev in mine), f"{path} read as {other}: {mine}"
    assert page["outlet"] in verdict["rationale"], verdict["rationale"]
    if page.get("rating"):  # the fact-check's ClaimReview decides and is quoted
        assert all(page["rating"] in (ev["rating"] or "") for ev in mine)
        assert f"rated {page['rating']!r} by {page['outlet']}" in verdict["rationale"]


def test_failing_sources_are_recorded_with_their_reasons(report: dict[str, Any]) -> None:
    reasons = {f["reason"] for f in report["source_failures"]}
    assert "http 404" in reasons and "timeout" in reasons


def test_the_wire_copy_is_never_independent(report: dict[str, Any]) -> None:
    manifest = load_manifest()
    copies = [p for p, page in manifest["pages"].items() if page["role"] == "wire_copy"]
    for c in report["claims"]:
        for ev in c["verdict"]["evidence"]:
            if any(ev["url"].endswith(p) for p in copies):
                assert ev["independent"] is False and ev["duplicate_of"]


@pytest.mark.slow
def test_the_demo_command_runs_end_to_end(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEWSCHECK_REDIS_URL"}
    res = subprocess.run([sys.executable, "-m", "newscheck.cli", "demo"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "private Redis" in res.stderr and "intended by the sample site" in res.stdout
