"""The demo's sample news site: one wire article and the source pages it is checked against.

Everything here is invented (places, people, outlets, domains) and written for this project, so
the demo runs offline with nothing copied from anywhere. ``manifest.json`` is the one place that
says which path plays which part (supports, contradicts, looser figure, later report, wire copy,
unrelated, fails) and which verdict each interesting claim should get; the routes and the tests
are derived from it, so adding a page means adding one file and one manifest entry.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from newscheck.localserver import Route

SITE_DIR = Path(__file__).resolve().parent
MANIFEST_PATH = SITE_DIR / "manifest.json"

ROBOTS_TXT = "User-agent: *\nAllow: /\n"


@lru_cache(maxsize=1)
def _manifest_text() -> str:
    return MANIFEST_PATH.read_text(encoding="utf-8")


def load_manifest() -> dict[str, Any]:
    """The manifest as a fresh dict (callers may mutate their copy)."""
    return json.loads(_manifest_text())


def page_file(relative: str) -> Path:
    """Absolute path of a file named in the manifest (relative to this package)."""
    return SITE_DIR / relative


def _page_route(page: dict[str, Any]) -> Route:
    """How one manifest page is served: a hang, or its file with the status it declares."""
    if page.get("hang"):
        return Route(hang=True)
    body = page_file(page["file"]).read_bytes()
    return Route(body=body, status=int(page.get("status", 200)))


def site_routes() -> dict[str, Route]:
    """Every path of the site (article, sources, robots.txt) mapped to what it answers."""
    manifest = load_manifest()
    routes: dict[str, Route] = {
        manifest["article"]: Route(body=page_file(manifest["article_page"]["file"]).read_bytes()),
        "/robots.txt": Route(body=ROBOTS_TXT, content_type="text/plain; charset=utf-8"),
    }
    for path, page in manifest["pages"].items():
        routes[path] = _page_route(page)
    return routes


def article_url(base_url: str) -> str:
    """Absolute URL of the sample article on a server at ``base_url``."""
    return base_url.rstrip("/") + load_manifest()["article"]


def source_urls(base_url: str) -> list[str]:
    """Absolute source URLs in the order the demo submits them (failing ones included)."""
    root = base_url.rstrip("/")
    return [root + path for path in load_manifest()["sources"]]
