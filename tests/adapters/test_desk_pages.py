"""The desk's pages from the API on a real Redis (in-process ASGI): headers, escaping, keys, listing."""

from __future__ import annotations

from typing import Any

import pytest

from newscheck.desk import KEY_COOKIE
from pipeline.adapters.redis_state import RedisState
from tests.support.desk_state import desk_client as client, seed_article


@pytest.fixture()
def store(redis_client: Any) -> RedisState:
    return RedisState.over(redis_client, prefix="nc")


def test_pages_forbid_inline_script_and_escape_fetched_text(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store)
    aid, claims = seed_article(store, passage="<script>alert(1)</script> 4,000 riders", title="<b onmouseover=x>T</b>")
    for path in ("/", f"/articles/{aid}", f"/articles/{aid}/live", "/static/desk.js", "/static/desk.css"):
        resp = api.get(path)
        assert resp.status_code == 200, path
        csp = resp.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert resp.headers["x-content-type-options"] == "nosniff"
    page = api.get(f"/articles/{aid}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b onmouseover" not in page and "&lt;b onmouseover=x&gt;T&lt;/b&gt;" in page
    assert f'id="claim-{claims[0].id}"' in page and f'href="#claim-{claims[0].id}"' in page
    assert page.count("<script") == 1 and '<script src="/static/desk.js" defer></script>' in page
    assert "1 copy of this source (not independent)" in page and "http 404" in page


def test_unknown_things_are_404_pages(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store)
    assert api.get("/articles/a_0000000000000000").status_code == 404
    assert api.get("/articles/nope").status_code == 404
    assert api.get("/static/../api.py").status_code == 404
    assert api.get("/static/secret.txt").status_code == 404


def test_the_list_pages_and_filters(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store)
    seeded, _ = seed_article(store)
    for i in range(22):
        api.post("/v1/articles", json={"text": f"Listing test article {i}."})
    first = api.get("/").text
    assert first.count('href="/articles/a_') == 20 and 'rel="next"' in first and seeded not in first
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = api.get(older).text
    assert seeded in second and second.count('href="/articles/a_') == 3 and 'rel="next"' not in second
    done = api.get("/", params={"status": "done"}).text
    assert done.count('href="/articles/a_') == 1 and seeded in done
    assert "match these filters" in api.get("/", params={"label": "contradicted"}).text
    assert api.get("/", params={"cursor": "bad!"}).status_code == 422


def test_with_keys_on_the_page_asks_for_one_and_takes_it_from_the_cookie(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store, api_keys=["ed:k1"])
    aid, claims = seed_article(store)
    asked = api.get(f"/articles/{aid}")
    assert asked.status_code == 401 and 'id="key-form"' in asked.text and "Tram" not in asked.text
    api.cookies.set(KEY_COOKIE, "ed:k1")
    assert api.get(f"/articles/{aid}").status_code == 200
    assert api.get(f"/v1/articles/{aid}").status_code == 200  # the page's fetches and event stream too
    review = api.put(f"/v1/claims/{claims[0].id}/review", json={"label": "mixed"})
    assert review.json()["by"] == "ed"


def test_docs_are_an_offline_reference_with_a_link_to_the_schema(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store)
    for path in ("/docs", "/redoc"):
        resp = api.get(path)
        assert resp.status_code == 200 and 'href="/openapi.json"' in resp.text
        assert "cdn" not in resp.text.lower() or "from a CDN" in resp.text
        assert "<script" not in resp.text.replace('<script src="/static/desk.js" defer></script>', "")
    text = api.get("/docs").text
    for path in api.get("/openapi.json").json()["paths"]:
        assert path in text
    assert "PUT /v1/claims/{cid}/review" in text
