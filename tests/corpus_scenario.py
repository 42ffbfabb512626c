"""The corpus scenario (tests/fixtures/corpus_scenario/scenario.json) as pages and as the checks both
corpus tests make: the in-process one and the one through the real queue.

Each article is served as an HTML page of its outlet (og:site_name, article:published_time) on a
local server; all outlets share the server's host, so the outlet comes from the page's metadata.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newscheck.localserver import Route

SCENARIO = Path(__file__).resolve().parent / "fixtures" / "corpus_scenario" / "scenario.json"
ROBOTS = Route(body="User-agent: *\nAllow: /\n", content_type="text/plain; charset=utf-8")


@dataclass(frozen=True)
class Article:
    slug: str
    outlet: str
    event: str
    published: str
    title: str
    paragraphs: tuple[str, ...]
    story: str  # the wire story a reprint copies, else the article's own slug
    expect: tuple[dict[str, Any], ...]

    @property
    def path(self) -> str:
        return f"/{self.slug}.html"

    def page(self) -> str:
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)
        return (
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(self.title)} | {html.escape(self.outlet)}</title>"
            f"<meta property=\"og:site_name\" content=\"{html.escape(self.outlet)}\">"
            f"<meta property=\"og:title\" content=\"{html.escape(self.title)}\">"
            f"<meta property=\"article:published_time\" content=\"{self.published}\">"
            f"</head><body><header><nav><a href=\"/\">{html.escape(self.outlet)}</a></nav></header>"
            f"<article><h1>{html.escape(self.title)}</h1>{body}</article>"
            "<footer><p>All names in this site are invented.</p></footer></body></html>"
        )


@lru_cache(maxsize=1)
def articles() -> tuple[Article, ...]:
    """The scenario's articles in submission order; a reprint's paragraphs are its wire story's
    with the outlet's own lead and tail."""
    raw = json.loads(SCENARIO.read_text(encoding="utf-8"))["articles"]
    by_slug = {a["slug"]: a for a in raw}
    out = []
    for a in raw:
        wire = a.get("reprint_of")
        paragraphs = a.get("paragraphs") or [a["lead"], *by_slug[wire]["paragraphs"], a["tail"]]
        out.append(Article(a["slug"], a["outlet"], a["event"], a["published"], a["title"], tuple(paragraphs),
                           wire or a["slug"], tuple(a.get("expect", ()))))
    return tuple(out)


def routes() -> dict[str, Route]:
    out = {a.path: Route(body=a.page()) for a in articles()}
    out["/robots.txt"] = ROBOTS
    return out


def claims_of(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in report["claims"] if c.get("verdict")]


def check_reports(reports: dict[str, dict[str, Any]], base_url: str) -> dict[str, int]:
    """The scenario's checks on the reports of every article (keyed by slug, in submission order):

    - evidence from the corpus comes only from earlier articles of other outlets, never from the
      article itself nor from a copy of the same wire story;
    - independent evidence that supports or contradicts a claim comes from distinct stories
      (a wire story and its reprints are one source);
    - the first article of each event has nothing earlier to be checked against: unverified;
    - each expected claim is found and gets one of its expected labels.

    Returns counts for the caller to report (claims, claims with corpus evidence).
    """
    order = {a.slug: i for i, a in enumerate(articles())}
    by_url = {base_url.rstrip("/") + a.path: a for a in articles()}
    first_of_event: set[str] = set()
    seen_events: set[str] = set()
    for a in articles():
        if a.event not in seen_events:
            seen_events.add(a.event)
            first_of_event.add(a.slug)
    problems: list[str] = []
    claims = corroborated = 0
    for art in articles():
        report = reports[art.slug]
        assert report["status"] == "done", (art.slug, report.get("error"))
        for c in claims_of(report):
            claims += 1
            v = c["verdict"]
            bearing_stories: list[str] = []
            from_corpus = False
            for e in v["evidence"]:
                src = by_url.get(e["url"])
                if src is None:
                    continue
                from_corpus = True
                if src.slug == art.slug or src.story == art.story or src.outlet == art.outlet:
                    problems.append(f"{art.slug}: evidence from {src.slug} (itself, its story or its outlet)")
                if order[src.slug] >= order[art.slug]:
                    problems.append(f"{art.slug}: evidence from the later article {src.slug}")
                if e["independent"] and e["stance"] != "neutral" and src.story not in bearing_stories:
                    bearing_stories.append(src.story)
            corroborated += from_corpus and v["label"] != "unverified"
            if v["independent_sources"] > len(bearing_stories):
                problems.append(f"{art.slug}: {v['independent_sources']} independent sources from "
                                f"{len(bearing_stories)} stories for {c['content']['text']!r}")
            if art.slug in first_of_event and v["label"] != "unverified":
                problems.append(f"{art.slug} is the first report of its event, yet {c['content']['text']!r} is {v['label']}")
        for want in art.expect:
            found = [c for c in claims_of(report) if want["phrase"] in c["content"]["text"]]
            if not found:
                problems.append(f"{art.slug}: no claim with {want['phrase']!r}")
            elif not any(c["verdict"]["label"] in want["labels"] for c in found):
                got = [(c["content"]["text"], c["verdict"]["label"], c["verdict"]["rationale"]) for c in found]
                problems.append(f"{art.slug}: {want['phrase']!r} wanted {want['labels']}, got {got}")
    assert not problems, "\n".join(problems)
    return {"claims": claims, "corroborated": corroborated}
