"""Hand-written HTML pages for extraction and fetcher tests (invented outlets and events).

Each page is built from parts so tests can vary one thing (metadata, boilerplate) at a time.
"""

from __future__ import annotations

import json

ARTICLE_PARAGRAPHS = (
    'PORTVALE, June 4, 2023 (Harbour Wire) - Rescue crews pulled 37 people from flooded homes overnight, '
    'the regional fire chief Marta Lindqvist said on Sunday, adding that about 200 more were waiting on rooftops.',
    'The river rose 2.4 metres in six hours, according to <a href="/data/gauges">gauge readings published by the '
    'water authority</a>, the fastest rise recorded since the dam was built.',
    '"We have never seen the water come up this quickly," Lindqvist told reporters at a command post near the '
    'old bridge, where volunteers were filling sandbags.',
    'Mayor Tomas Reyes said the city would open three more shelters and asked residents to stay off the roads. '
    'A <a href="https://weather.example.org/outlook">forecast from the national weather office</a> expects '
    'more rain on Tuesday.',
)

NAV = '<nav class="site-nav"><ul><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>'
COOKIE_BANNER = (
    '<div class="cookie-banner" id="consent"><p>We use cookies to improve your experience on our website. '
    'By continuing to browse you agree to our use of cookies and similar tracking technologies.</p>'
    '<a href="/privacy">Privacy policy</a></div>'
)
RELATED = (
    '<section class="related-stories"><h2>Related stories</h2><ul>'
    '<li><a href="/2023/05/drought-warning">Farmers warn of drought as reservoirs fall to record lows this spring</a></li>'
    '<li><a href="https://other.example.net/story">Tourist season opens early across the southern coast resorts</a></li>'
    '</ul></section>'
)
FIGURE = (
    '<figure><img src="/img/flood.jpg" alt="flood"><figcaption>Volunteers carry sandbags past a submerged car '
    'on Harbour Street. Photo credit Ana Ruiz.</figcaption></figure>'
)
FOOTER = '<footer><p>Copyright 2023 Portvale Daily Ledger. All rights reserved. <a href="/about">About us</a></p></footer>'


def json_ld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def article_page(
    *,
    head: str = "",
    paragraphs: tuple[str, ...] = ARTICLE_PARAGRAPHS,
    headline: str = "Floodwaters force hundreds from their homes in Portvale",
    byline: str = '<p class="byline">By Jonas Everett</p>',
    boilerplate: bool = True,
    title: str = "Floodwaters force hundreds from their homes in Portvale | Portvale Daily Ledger",
) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    furniture = (NAV + COOKIE_BANNER) if boilerplate else ""
    after = (RELATED + FOOTER) if boilerplate else ""
    figure = FIGURE if boilerplate else ""
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body>{furniture}<main><article><header><h1>{headline}</h1>{byline}</header>"
        f"{figure}<div class=\"article-body\">{body}</div></article>{after}</main></body></html>"
    )
