"""Synthetic wire-style articles and their source pages, generated for the benchmark.

Why synthetic: the benchmark must run anywhere (no evaluation data in the repository) and
must control the workload exactly: about ten attributed claims with figures per article and
about five source pages each (two that agree, one that contradicts the figures, one wire
reprint of the article, one background piece that shares little). Everything is derived
from a seed, so two runs measure the same work.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

FIRST = ("Maria", "James", "Aisha", "Tomasz", "Elena", "Kwame", "Sofia", "Rahul", "Ingrid", "Diego",
         "Mei", "Oliver", "Fatima", "Lukas", "Grace", "Hiroshi", "Nadia", "Samuel", "Chloe", "Pavel")
LAST = ("Okafor", "Lindqvist", "Moreau", "Haddad", "Novak", "Brennan", "Castillo", "Ivanova", "Tanaka",
        "Mensah", "Schulz", "Varga", "Costa", "Rahman", "Fischer", "Duarte", "Kowalski", "Adeyemi")
ROLES = ("the finance minister", "a spokeswoman for the ministry", "the regional governor",
         "the head of the port authority", "a senior police official", "the mayor",
         "the director of the health agency", "an analyst at the central bank", "the union leader",
         "a senior army commander")
ORGS = ("the Ministry of Health", "the Port Authority", "the National Statistics Office", "the central bank",
        "the Red Cross", "the electoral commission", "the transport ministry", "the city council")
PLACES = ("Northport", "Valmere", "Eastfield", "Santa Rosa del Mar", "Kerrville", "Ostrava Nova",
          "the northern province", "the coastal region", "the capital", "the border districts")
THINGS = (("people", "were evacuated"), ("schools", "were closed"), ("homes", "were damaged"),
          ("workers", "lost their jobs"), ("patients", "were treated in hospitals"),
          ("flights", "were cancelled"), ("containers", "passed through the port"),
          ("new cases", "were recorded"), ("vehicles", "were inspected"), ("jobs", "were created"))
CUES = ("said", "told reporters", "said on Tuesday", "said in a statement", "told a news conference",
        "wrote in a report", "said late on Monday")
TOPICS = ("floods", "the budget", "the strike", "the outbreak", "the election", "the harbour expansion")
HEDGES = ("", "about ", "more than ", "nearly ", "at least ", "")


@dataclass(frozen=True)
class Fact:
    """One attributed claim: who says how many of what happened where."""

    speaker: str
    cue: str
    number: int
    hedge: str
    thing: str
    event: str
    place: str

    def figure(self, number: int | None = None) -> str:
        return f"{self.hedge}{number if number is not None else self.number:,}"

    def sentence(self, number: int | None = None, *, reported: bool = True) -> str:
        core = f"{self.figure(number)} {self.thing} {self.event} in {self.place}"
        if reported:
            return f"{self.speaker[0].upper()}{self.speaker[1:]} {self.cue} that {core}."
        return f"{core[0].upper()}{core[1:]}, according to {self.speaker.rstrip(',')}."


@dataclass(frozen=True)
class SourcePage:
    path: str
    kind: str  # agree | contradict | reprint | background
    html: str


@dataclass(frozen=True)
class SyntheticArticle:
    key: str
    title: str
    published: str
    text: str
    facts: tuple[Fact, ...]
    sources: tuple[SourcePage, ...] = field(default=())

    @property
    def words(self) -> int:
        return len(self.text.split())


def _speaker(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}, {rng.choice(ROLES)},"
    return rng.choice(ROLES + ORGS)


def _fact(rng: random.Random) -> Fact:
    thing, event = rng.choice(THINGS)
    number = rng.choice((rng.randint(3, 99), rng.randint(100, 9_999), rng.randint(10_000, 250_000)))
    return Fact(_speaker(rng), rng.choice(CUES), number, rng.choice(HEDGES), thing, event, rng.choice(PLACES))


def _filler(rng: random.Random, topic: str, place: str) -> str:
    """Narration without figures or attribution, as wire copy has between its quotes."""
    return rng.choice((
        f"Officials have been under pressure over {topic} for weeks.",
        f"Residents of {place} gathered outside the town hall on Wednesday.",
        f"The government has promised a full review of {topic}.",
        f"Opposition parties criticised the response to {topic}.",
    ))


def _page(title: str, published: str, paragraphs: list[str], outlet: str) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        f"<meta property='og:site_name' content='{html.escape(outlet)}'>"
        f"<meta property='article:published_time' content='{published}'>"
        f"</head><body><header><nav><a href='/'>Home</a></nav></header>"
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        "<footer>Copyright the publisher. All rights reserved.</footer></body></html>"
    )


def _sources(rng: random.Random, key: str, art: SyntheticArticle, n_sources: int) -> tuple[SourcePage, ...]:
    facts = list(art.facts)
    kinds = ["agree", "agree", "contradict", "reprint", "background"]
    kinds = (kinds * (n_sources // len(kinds) + 1))[:n_sources]
    pages: list[SourcePage] = []
    for i, kind in enumerate(kinds):
        outlet = f"Outlet {rng.choice(LAST)} {i}"
        if kind == "reprint":
            paras = art.text.split("\n\n")
        elif kind == "agree":
            picked = rng.sample(facts, k=min(len(facts), rng.randint(4, 7)))
            paras = [f.sentence(reported=rng.random() < 0.6) for f in picked]
        elif kind == "contradict":
            picked = rng.sample(facts, k=min(len(facts), 4))
            paras = [f.sentence(max(1, int(f.number * rng.choice((0.3, 0.5, 2.0, 3.0)))), reported=False) for f in picked]
        else:
            place = rng.choice(PLACES)
            paras = [_filler(rng, rng.choice(TOPICS), place) for _ in range(4)]
        pages.append(SourcePage(f"/src/{key}/{i}.html", kind, _page(f"{art.title} ({outlet})", art.published, paras, outlet)))
    return tuple(pages)


def make_article(seed: int, *, n_claims: int = 10, n_sources: int = 5) -> SyntheticArticle:
    """One wire-style article of ``n_claims`` attributed figures, with ``n_sources`` source pages."""
    rng = random.Random(seed)
    key = f"a{seed}"
    topic = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    facts = tuple(_fact(rng) for _ in range(n_claims))
    published = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    title = f"{place[0].upper()}{place[1:]} counts the cost of {topic} (report {seed})"
    paras = [f"{place.upper()} (Wire) - {facts[0].sentence()}"]
    for i, fact in enumerate(facts[1:], start=1):
        para = fact.sentence(reported=i % 3 != 0)
        if rng.random() < 0.4:
            para += " " + _filler(rng, topic, place)
        paras.append(para)
    art = SyntheticArticle(key, title, published, "\n\n".join(paras), facts)
    return SyntheticArticle(key, title, published, art.text, facts, _sources(rng, key, art, n_sources))


def make_batch(n: int, *, start: int = 0, n_claims: int = 10, n_sources: int = 5) -> list[SyntheticArticle]:
    return [make_article(start + i, n_claims=n_claims, n_sources=n_sources) for i in range(n)]
