"""An article and a claim with fixed, well-formed ids, whose per-id keys all exist in the store.

Why: an id carrying a key suffix (``a_...:claims``) only reaches a key of another type (a list, a
stream) when that key exists; against an empty store such ids looked harmless even unchecked.
"""

from __future__ import annotations

from pipeline.adapters.redis_state import RedisState
from pipeline.models import ArticleInput, Claim, Span

ARTICLE_ID, CLAIM_ID = "a_0123456789abcdef", "c_0123456789abcdef"


def seed_known_ids(store: RedisState) -> None:
    text = "Officials said 5 ferries were cancelled."
    store.articles.create_article(ARTICLE_ID, ArticleInput(text=text), deadline_s=60)
    store.verdicts.register_claims(ARTICLE_ID, [Claim(id=CLAIM_ID, text=text, start=0, end=len(text), speaker=None, cue=None,
                                             content=Span(text, 0, len(text)), quote="none")])
    store.articles.save_article_sources(ARTICLE_ID, [], [])
    store.verdicts.save_claim_sources(CLAIM_ID, [], [])
    store.events.add_event(ARTICLE_ID, "article", chars=len(text))
