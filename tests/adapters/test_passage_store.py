"""Evidence passages stored once per source (real Redis): verdicts hold references, reads resolve them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pipeline.adapters import passage_store
from pipeline.adapters.redis_state import RedisState
from pipeline.claims import extract_claims
from pipeline.models import ArticleInput, Document, Evidence, Verdict, to_dict

TEXT = ("The coastguard said 212 passengers were taken off the ferry Marisol on Monday. "
        "The operator said 14 crew members stayed aboard.")
PASSAGE = "Coastguard officers said 212 passengers had been taken off the Marisol by Monday evening."


def _evidence(url: str, passage: str, **kw: Any) -> Evidence:
    base: dict[str, Any] = dict(url=url, title="Ferry evacuated", outlet="Harbour Post", published="2026-03-02",
                                passage=passage, stance="supports", independent=True, duplicate_of=None,
                                fetched_at="2026-03-02T10:00:00+00:00", sha256="ab" * 32, score=1.5)
    base.update(kw)
    return Evidence(**base)


def _verdict(*evidence: Evidence) -> Verdict:
    return Verdict(label="supported", confidence=0.61, attribution="confirmed", independent_sources=1,
                   rationale="One independent source supports it.", evidence=evidence)


@pytest.fixture()
def store(redis_client: Any) -> RedisState:
    return RedisState.over(redis_client, prefix="t", events_maxlen=50)


def _article(store: RedisState, aid: str) -> list[str]:
    store.articles.create_article(aid, ArticleInput(text=TEXT, published="2026-03-02"), deadline_s=600)
    store.articles.save_document(aid, Document(text=TEXT, published="2026-03-02"))
    claims = extract_claims(TEXT, article_id=aid, published="2026-03-02")
    store.verdicts.register_claims(aid, claims)
    return [c.id for c in claims]


def test_verdicts_read_back_equal_and_the_report_json_is_unchanged(store: RedisState) -> None:
    aid = "a_" + "2" * 16
    cids = _article(store, aid)
    assert len(cids) == 2
    one = _verdict(_evidence("https://a.example/1", PASSAGE),
                   _evidence("https://b.example/2", "Other words.", stance="contradicts", independent=False,
                             duplicate_of="https://a.example/1", note="source says 200; claim says 212", title=None))
    two = _verdict(_evidence("https://a.example/1", PASSAGE, stance="neutral", score=0.2, after_claim=True))
    store.verdicts.record_verdict(aid, cids[0], one)
    store.verdicts.record_verdict(aid, cids[1], two)
    assert store.verdicts.verdict(cids[0]) == one
    assert store.verdicts.verdict(cids[1]) == two
    report = store.report(aid)
    assert report is not None
    assert [c.verdict for c in report.claims] == [one, two]
    assert [to_dict(c.verdict) for c in report.claims] == [to_dict(one), to_dict(two)]


def test_a_passage_cited_by_many_verdicts_is_stored_once(store: RedisState) -> None:
    aid = "a_" + "3" * 16
    cids = _article(store, aid)
    for cid in cids:
        store.verdicts.record_verdict(aid, cid, _verdict(_evidence("https://a.example/1", PASSAGE)))
    hash_ = store.r.hgetall(passage_store.passages_key("t", "https://a.example/1"))
    assert list(hash_.values()).count(PASSAGE) == 1
    for cid in cids:
        raw = store.r.get(store.keys.k_verdict(cid))
        assert PASSAGE not in raw and "Harbour Post" not in raw
        assert "evidence" not in json.loads(raw)


def test_a_verdict_stored_in_full_still_loads(store: RedisState) -> None:
    full = _verdict(_evidence("https://a.example/1", PASSAGE))
    store.r.set(store.keys.k_verdict("c_" + "4" * 16), json.dumps(to_dict(full)))
    assert store.verdicts.verdict("c_" + "4" * 16) == full


def test_two_fetched_versions_of_a_source_keep_their_own_metadata(store: RedisState) -> None:
    aid = "a_" + "5" * 16
    cids = _article(store, aid)
    old = _verdict(_evidence("https://a.example/1", PASSAGE, sha256="01" * 32, fetched_at="2026-03-01T00:00:00+00:00"))
    new = _verdict(_evidence("https://a.example/1", PASSAGE, sha256="02" * 32, title="Ferry evacuated (updated)"))
    store.verdicts.record_verdict(aid, cids[0], old)
    store.verdicts.record_verdict(aid, cids[1], new)
    assert (store.verdicts.verdict(cids[0]), store.verdicts.verdict(cids[1])) == (old, new)


def test_a_source_cited_by_several_passages_is_named_once_in_the_verdict(store: RedisState) -> None:
    aid = "a_" + "6" * 16
    cids = _article(store, aid)
    verdict = _verdict(_evidence("https://a.example/1", PASSAGE),
                       _evidence("https://a.example/1", "The ferry was towed to port.", stance="neutral"),
                       _evidence("https://b.example/2", "Other words.", stance="neutral"))
    store.verdicts.record_verdict(aid, cids[0], verdict)
    raw = store.r.get(store.keys.k_verdict(cids[0]))
    assert raw.count("https://a.example/1") == 1 and " " not in raw.split('"rationale"')[0]
    assert store.verdicts.verdict(cids[0]) == verdict


def test_references_in_the_earlier_layout_still_load(store: RedisState) -> None:
    """Verdicts written before the compact layout held a list of {url, m, p, ...} dicts."""
    aid = "a_" + "7" * 16
    cids = _article(store, aid)
    verdict = _verdict(_evidence("https://a.example/1", PASSAGE, note="states the claim"))
    store.verdicts.record_verdict(aid, cids[0], verdict)
    data = json.loads(store.r.get(store.keys.k_verdict(cids[0])))
    sources, items = data["evidence_refs"]["sources"], data["evidence_refs"]["items"]
    data["evidence_refs"] = [{"url": sources[i][0], "m": sources[i][1], "p": p, **own} for i, p, own in items]
    store.r.set(store.keys.k_verdict(cids[0]), json.dumps(data))
    assert store.verdicts.verdict(cids[0]) == verdict
