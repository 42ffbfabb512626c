"""Writes a judged article straight into the store (no workers), for desk tests that need one.

The text is our own invented example; ``passage`` lets a test put hostile markup in a source.
"""

from __future__ import annotations

from typing import Any

from pipeline import ids
from pipeline.adapters.redis_state import RedisState
from pipeline.models import ArticleInput, Claim, Document, Evidence, Quantity, SourceFailure, Span, Speaker, Verdict

TEXT = ("Mayor Ilse Varn said the new tram line carried 4,000 riders on its first day. "
        "The council said the depot cost 12 million euros. Weather was mild.")


def _claim(aid: str, content: str, speaker: str, kind: str) -> Claim:
    """A claim of TEXT (the seeded text starts with it, so the offsets hold)."""
    start = TEXT.index(content)
    sentence_start = TEXT.rfind(". ", 0, start) + 2 if TEXT.rfind(". ", 0, start) >= 0 else 0
    sentence_end = TEXT.index(".", start + len(content) - 1) + 1
    sp = TEXT.index(speaker)
    figure = next(w for w in content.split() if any(ch.isdigit() for ch in w))
    fs = TEXT.index(figure, start)
    qty = Quantity(value=float(figure.replace(",", "")), low=None, high=None, approx=False, unit=None,
                   counted=None, context=None, text=figure, start=fs, end=fs + len(figure))
    return Claim(id=ids.claim_id(aid, content, start), text=TEXT[sentence_start:sentence_end], start=sentence_start,
                 end=sentence_end, speaker=Speaker(speaker, sp, sp + len(speaker), kind), cue=None,
                 content=Span(content, start, start + len(content)), quote="indirect", quantities=(qty,))


def seed_article(store: RedisState, *, passage: str = "The tram line carried 4,000 riders on day one.",
                 title: str = "Tram opens", finish: bool = True, tag: str = "") -> tuple[str, list[Claim]]:
    """An article with two claims: the first supported by ``passage`` (and a wire copy of it), the
    second unverified (left unjudged unless ``finish``). ``tag`` makes a distinct article."""
    text = TEXT + (f" Reference {tag}." if tag else "")
    inp = ArticleInput(text=text, title=title)
    aid = ids.article_id_for(inp)
    store.articles.create_article(aid, inp, deadline_s=600)
    store.articles.save_document(aid, Document(text=text, title=title))
    claims = [_claim(aid, "the new tram line carried 4,000 riders on its first day", "Mayor Ilse Varn", "person"),
              _claim(aid, "the depot cost 12 million euros", "The council", "organisation")]
    store.verdicts.register_claims(aid, claims)
    original = Evidence(url="https://paper.example/tram", title="Tram", outlet="Paper", published="2025-01-02",
                        passage=passage, stance="supports", independent=True, duplicate_of=None,
                        fetched_at="2025-01-03T00:00:00+00:00", sha256="0" * 64)
    copy = Evidence(url="https://wire.example/tram", title="Tram (wire)", outlet="Wire", published="2025-01-02",
                    passage=passage, stance="supports", independent=False, duplicate_of=original.url,
                    fetched_at="2025-01-03T00:00:00+00:00", sha256="1" * 64)
    store.verdicts.record_verdict(aid, claims[0].id, Verdict(
        "supported", 0.8, "confirmed", 1, "one independent source reports 4,000 riders",
        evidence=(original, copy), failures=(SourceFailure("https://gone.example/x", "http 404", "not found"),)))
    if finish:
        store.verdicts.record_verdict(aid, claims[1].id, Verdict("unverified", 0.0, "unconfirmed", 0, "no source mentions the depot"))
        store.articles.finalise(aid)
    return aid, claims


def desk_client(redis_url: str, store: RedisState, **overrides: Any) -> Any:
    """The API in-process (a TestClient) on ``store``, with settings overridden."""
    from fastapi.testclient import TestClient

    from config.settings import load_settings
    from newscheck.api import create_app
    from workers.app import create_app as create_celery

    conf = load_settings(redis_url=redis_url, **overrides)
    return TestClient(create_app(conf, store=store, celery=create_celery(conf)))
