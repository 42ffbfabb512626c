"""The sample site over real HTTP on 127.0.0.1: pages answer, the failing sources fail."""

from __future__ import annotations

import pytest
import requests

from newscheck.localserver import LocalServer
from newscheck.sample_site import article_url, load_manifest, site_routes, source_urls


def test_sample_site_serves_article_sources_robots_and_failures() -> None:
    manifest = load_manifest()
    with LocalServer(site_routes()) as server:
        article = requests.get(article_url(server.base_url), timeout=5)
        assert article.status_code == 200
        assert "text/html" in article.headers["Content-Type"]
        assert manifest["article_page"]["title"] in article.text
        assert "Allow: /" in requests.get(server.url("/robots.txt"), timeout=5).text
        for url, path in zip(source_urls(server.base_url), manifest["sources"], strict=True):
            page = manifest["pages"][path]
            if page.get("hang"):
                with pytest.raises(requests.exceptions.ReadTimeout):
                    requests.get(url, timeout=(2, 0.5))
                continue
            response = requests.get(url, timeout=5)
            assert response.status_code == int(page.get("status", 200)), url
