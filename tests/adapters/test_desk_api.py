"""The desk's API on a real Redis (in-process ASGI): reviews, listing, deletion, ClaimReview, metrics."""

from __future__ import annotations

from typing import Any

import pytest

from newscheck.desk import key_name
from pipeline.adapters.redis_state import RedisState
from tests.support.desk_state import desk_client as client, seed_article


@pytest.fixture()
def store(redis_client: Any) -> RedisState:
    return RedisState.over(redis_client, prefix="nc")


def test_a_review_sits_beside_the_verdict_and_names_the_key(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store, api_keys=["alice:s3cret", "plainkey"])
    aid, claims = seed_article(store)
    cid = claims[0].id
    resp = api.put(f"/v1/claims/{cid}/review", json={"label": "mixed", "note": " only one day counted "},
                   headers={"Authorization": "Bearer alice:s3cret"})
    assert resp.status_code == 200, resp.text
    review = resp.json()
    assert (review["label"], review["note"], review["by"], review["machine_label"]) == ("mixed", "only one day counted", "alice", "supported")
    assert review["at"].startswith("20")
    report = api.get(f"/v1/articles/{aid}", headers={"X-API-Key": "plainkey"}).json()
    claim = next(c for c in report["claims"] if c["id"] == cid)
    assert claim["verdict"]["label"] == "supported"  # the machine verdict is untouched
    assert claim["review"]["label"] == "mixed"
    assert next(c for c in report["claims"] if c["id"] != cid)["review"] is None
    by_plain = api.put(f"/v1/claims/{cid}/review", json={"label": "supported"}, headers={"X-API-Key": "plainkey"}).json()
    assert by_plain["by"] == key_name("plainkey") and by_plain["by"].startswith("key-") and "plainkey" not in by_plain["by"]


def test_review_refusals(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store, api_keys=["k"])
    _, claims = seed_article(store, finish=False)
    auth = {"X-API-Key": "k"}
    assert api.put(f"/v1/claims/{claims[0].id}/review", json={"label": "mixed"}).status_code == 401
    assert api.put("/v1/claims/c_0000000000000000/review", json={"label": "mixed"}, headers=auth).status_code == 404
    assert api.put("/v1/claims/nope/review", json={"label": "mixed"}, headers=auth).status_code == 404
    assert api.put(f"/v1/claims/{claims[0].id}/review", json={"label": "true"}, headers=auth).status_code == 422
    pending = api.put(f"/v1/claims/{claims[1].id}/review", json={"label": "mixed"}, headers=auth)
    assert pending.status_code == 409 and pending.headers["content-type"].startswith("application/problem+json")


def test_metrics_give_agreement_per_machine_label_counting_the_latest_review(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store)
    _, claims = seed_article(store)
    a, b = claims[0].id, claims[1].id  # machine: supported, unverified
    api.put(f"/v1/claims/{a}/review", json={"label": "contradicted"})
    api.put(f"/v1/claims/{a}/review", json={"label": "supported"})  # changed mind: one vote, agreeing
    api.put(f"/v1/claims/{b}/review", json={"label": "contradicted"})
    text = api.get("/metrics").text
    assert 'newscheck_review_agreement{label="supported"} 1.0' in text
    assert 'newscheck_review_agreement{label="unverified"} 0.0' in text
    assert 'newscheck_reviews{label="supported"} 1.0' in text


def test_listing_is_newest_first_with_cursor_paging_and_filters(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store)
    seeded, _ = seed_article(store)
    ids = [api.post("/v1/articles", json={"text": f"Article number {i} says little."}).json()["id"] for i in range(5)]
    first = api.get("/v1/articles", params={"limit": 2}).json()
    assert [r["id"] for r in first["items"]] == ids[::-1][:2]
    seen = [r["id"] for r in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = api.get("/v1/articles", params={"limit": 2, "cursor": cursor}).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
    assert seen == ids[::-1] + [seeded]
    done = api.get("/v1/articles", params={"status": "done"}).json()["items"]
    assert [r["id"] for r in done] == [seeded]
    assert done[0]["labels"] == {"supported": 1, "unverified": 1} and done[0]["claims_done"] == 2
    assert [r["id"] for r in api.get("/v1/articles", params={"label": "supported"}).json()["items"]] == [seeded]
    assert api.get("/v1/articles", params={"label": "contradicted"}).json()["items"] == []
    assert api.get("/v1/articles", params={"cursor": "garbage!"}).status_code == 422
    assert api.get("/v1/articles", params={"status": "lost"}).status_code == 422


def test_delete_removes_state_and_events(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store)
    aid, claims = seed_article(store)
    api.put(f"/v1/claims/{claims[0].id}/review", json={"label": "mixed"})
    assert api.delete(f"/v1/articles/{aid}").status_code == 204
    assert api.get(f"/v1/articles/{aid}").status_code == 404
    assert api.get(f"/v1/claims/{claims[0].id}").status_code == 404
    assert api.delete(f"/v1/articles/{aid}").status_code == 404
    assert [k for k in store.r.keys("*") if aid in k or claims[0].id in k] == []
    assert api.get("/v1/articles").json()["items"] == []
    running, _ = seed_article(store, finish=False, tag="running")
    assert api.delete(f"/v1/articles/{running}").status_code == 409  # workers may still write to it
    assert api.get(f"/v1/articles/{running}").status_code == 200


def test_claimreview_export_has_the_required_schema_org_properties(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store, api_keys=["desk:k"])
    aid, claims = seed_article(store)
    auth = {"X-API-Key": "desk:k"}
    api.put(f"/v1/claims/{claims[1].id}/review", json={"label": "contradicted", "note": "depot cost 9 million"}, headers=auth)
    resp = api.get(f"/v1/articles/{aid}/claimreview", headers=auth)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/ld+json")
    doc = resp.json()
    assert doc["@context"] == "https://schema.org"
    reviews = doc["@graph"]
    assert len(reviews) == 2  # the unverified claim counts once reviewed with a rating
    for item, claim in zip(reviews, claims):
        assert item["@type"] == "ClaimReview"
        assert item["claimReviewed"] == claim.content.text
        assert item["url"].endswith(f"/articles/{aid}#claim-{claim.id}")
        assert len(item["datePublished"]) == 10 and item["datePublished"][4] == "-"
        rating = item["reviewRating"]
        assert rating["@type"] == "Rating" and isinstance(rating["ratingValue"], int)
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert isinstance(rating["alternateName"], str)
        reviewed = item["itemReviewed"]
        assert reviewed["@type"] == "Claim" and reviewed["appearance"]["@type"] == "NewsArticle"
        assert reviewed["author"]["@type"] in ("Person", "Organization") and reviewed["author"]["name"]
        assert item["author"]["@type"] in ("Person", "Organization")
    assert reviews[0]["reviewRating"]["alternateName"] == "supported" and reviews[0]["author"]["@type"] == "Organization"
    assert reviews[1]["reviewRating"]["alternateName"] == "contradicted"
    assert reviews[1]["author"] == {"@type": "Person", "name": "desk", "memberOf": {"@type": "Organization", "name": "newscheck"}}
    assert reviews[1]["itemReviewed"]["author"] == {"@type": "Organization", "name": "The council"}
    assert api.get("/v1/articles/a_0000000000000000/claimreview", headers=auth).status_code == 404


def test_batch_gives_a_result_per_item(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store)
    resp = api.post("/v1/articles/batch", json={"articles": [
        {"text": "The mayor said 3 bridges closed."},
        {"text": "   "},
        {"url": "http://10.0.0.1/x"},
        {"text": "The mayor said 3 bridges closed."},
        {"text": "x", "unknown": 1},
    ]})
    assert resp.status_code == 200, resp.text
    results = resp.json()["results"]
    assert [r["status"] for r in results] == [202, 422, 422, 202, 422]
    assert results[0]["id"] == results[3]["id"] and results[0]["article_status"] == "queued"
    assert "whitespace" in results[1]["detail"] and results[2]["id"] is None
    assert api.get(f"/v1/articles/{results[0]['id']}").status_code == 200
    assert api.post("/v1/articles/batch", json={"articles": []}).status_code == 422
    assert api.post("/v1/articles/batch", json={"articles": [{"text": "t"}] * 51}).status_code == 422


def test_each_batch_item_counts_against_the_rate_limit(redis_url: str, store: RedisState) -> None:
    import time

    api = client(redis_url, store, api_rate_per_minute=2)
    if time.time() % 60 > 55:  # the limit counts per minute window: start well inside one
        time.sleep(61 - time.time() % 60)
    results = api.post("/v1/articles/batch", json={"articles": [{"text": f"Batch item {i}."} for i in range(3)]}).json()["results"]
    assert [r["status"] for r in results] == [202, 202, 429]


def test_recheck_requeues_a_finished_article_keeping_claims_and_verdict_history(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store)
    aid, claims = seed_article(store)
    api.put(f"/v1/claims/{claims[0].id}/review", json={"label": "mixed"})
    resp = api.post(f"/v1/articles/{aid}/recheck", json={"sources": ["https://new.example/a"]})
    assert resp.status_code == 202, resp.text
    assert resp.json()["status"] == "queued" and resp.headers["location"] == f"/v1/articles/{aid}"
    report = api.get(f"/v1/articles/{aid}").json()
    assert report["status"] == "queued" and report["progress"] == {"claims_total": 2, "claims_done": 0}
    assert [c["id"] for c in report["claims"]] == [c.id for c in claims]
    assert all(c["verdict"] is None for c in report["claims"]) and report["claims"][0]["review"]["label"] == "mixed"
    assert store.articles.article_input(aid).sources == ("https://new.example/a",)
    assert [e[1]["type"] for e in store.events.read_events(aid)] == ["queued"]  # a fresh stream: no old "finished"
    history = api.get(f"/v1/claims/{claims[0].id}/history").json()
    assert [v["label"] for v in history["verdicts"]] == ["supported"] and [r["label"] for r in history["reviews"]] == ["mixed"]
    again = api.post(f"/v1/articles/{aid}/recheck", json={"sources": ["https://other.example/b"]})
    assert again.status_code == 409  # still being checked
    assert api.post(f"/v1/articles/{aid}/recheck", json={"sources": ["http://10.0.0.1/x"]}).status_code == 422
    assert api.post("/v1/articles/a_0000000000000000/recheck", json={}).status_code == 404
    assert api.get("/v1/claims/c_0000000000000000/history").status_code == 404


def test_the_openapi_document_types_the_report_claim_and_problems(redis_url: str, store: RedisState) -> None:
    import jsonschema

    api = client(redis_url, store)
    aid, claims = seed_article(store)
    api.put(f"/v1/claims/{claims[0].id}/review", json={"label": "mixed"})
    doc = api.get("/openapi.json").json()

    def check(instance: Any, name: str) -> None:
        jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": doc["components"]}).validate(instance)

    paths = doc["paths"]
    report_ref = paths["/v1/articles/{aid}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    check(api.get(f"/v1/articles/{aid}").json(), report_ref.rsplit("/", 1)[1])
    check(api.get(f"/v1/claims/{claims[0].id}").json(), "ClaimWithVerdict")
    check(api.get("/v1/articles/a_0000000000000000").json(), "Problem")
    with pytest.raises(jsonschema.ValidationError):
        check({**api.get(f"/v1/articles/{aid}").json(), "status": "lost"}, "Report")
    assert "text/event-stream" in paths["/v1/articles/{aid}/events"]["get"]["responses"]["200"]["content"]
    for path, item in paths.items():
        for method, op in item.items():
            problems = [code for code, r in op["responses"].items() if "application/problem+json" in r.get("content", {})]
            assert path == "/healthz" or {"401", "503"} <= set(problems), (method, path)
            assert "application/json" not in op["responses"].get("422", {}).get("content", {}), (method, path)


def test_a_resubmission_with_new_sources_says_so_instead_of_ignoring_them(redis_url: str, store: RedisState) -> None:
    api = client(redis_url, store)
    body = {"text": "The mayor said 7 parks will open.", "sources": ["https://a.example/1"]}
    first = api.post("/v1/articles", json=body).json()
    assert first["note"] is None
    assert api.post("/v1/articles", json=body).json()["note"] is None  # the same sources: nothing to say
    again = api.post("/v1/articles", json={**body, "sources": ["https://a.example/1", "https://b.example/2"]}).json()
    assert again["id"] == first["id"] and "1 new source(s) not used" in again["note"]
    assert f"/v1/articles/{first['id']}/recheck" in again["note"]
