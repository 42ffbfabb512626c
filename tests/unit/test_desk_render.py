"""The desk page's pure parts: highlight segments, evidence groups, links, and the colour contrast."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from newscheck.desk import key_name, render

CSS = Path(__file__).resolve().parents[2] / "newscheck" / "desk" / "static" / "desk.css"
TEMPLATES = CSS.parent.parent / "templates"


def claim(cid: str, start: int, end: int, cstart: int, cend: int) -> dict[str, Any]:
    return {"id": cid, "start": start, "end": end, "content": {"start": cstart, "end": cend}}


def test_segments_cover_the_text_exactly_and_mark_each_claim_in_place() -> None:
    text = "Ana said 3 bridges fell. Bo said 4 roads closed and 5 schools shut. End."
    def at(part: str) -> tuple[int, int]:
        return text.index(part), text.index(part) + len(part)

    a = claim("a", *at("Ana said 3 bridges fell."), *at("3 bridges fell"))
    b = claim("b", *at("Bo said 4 roads closed and 5 schools shut."), *at("4 roads closed"))
    c = claim("c", *at("Bo said 4 roads closed and 5 schools shut."), *at("5 schools shut"))  # shared sentence
    segs = render.segments(text, [c, a, b])
    assert "".join(s.text for s in segs) == text
    marked = [(s.text, s.claim["id"]) for s in segs if s.claim]
    assert marked == [("Ana said 3 bridges fell.", "a"), ("4 roads closed", "b"), ("5 schools shut", "c")]


def test_segments_skip_spans_outside_the_text_or_overlapping_a_mark() -> None:
    text = "One two three."
    segs = render.segments(text, [claim("x", 0, 14, 0, 14), claim("y", 4, 99, 4, 99)])
    assert [s.claim["id"] for s in segs if s.claim] == ["x"]
    assert "".join(s.text for s in segs) == text


def test_wire_copies_fold_under_their_original() -> None:
    orig = {"url": "https://o.example/", "independent": True, "duplicate_of": None}
    copy = {"url": "https://w.example/", "independent": False, "duplicate_of": "https://o.example/"}
    lone = {"url": "https://l.example/", "independent": False, "duplicate_of": "https://missing.example/"}
    groups, orphans = render.evidence_groups([copy, orig, lone])
    assert [(g.lead["url"], [c["url"] for c in g.copies]) for g in groups] == [("https://o.example/", ["https://w.example/"])]
    assert orphans == [lone]


def test_final_label_prefers_the_review_and_failures_are_listed_once() -> None:
    c = {"verdict": {"label": "supported", "failures": [{"url": "u1", "reason": "timeout"}]}, "review": None}
    assert render.final_label(c) == "supported"
    assert render.final_label({**c, "review": {"label": "mixed"}}) == "mixed"
    assert render.final_label({"verdict": None}) == "pending"
    report = {"source_failures": [{"url": "u1", "reason": "timeout"}, {"url": "u2", "reason": "http 404"}]}
    assert [f["url"] for f in render.failures(c, report)] == ["u1", "u2"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "JaVaScRiPt:x", None, "//evil.example"])
def test_only_http_links_reach_an_href(url: str | None) -> None:
    assert render.href(url) == "#"
    assert render.href("https://ok.example/a") == "https://ok.example/a"


def test_key_names() -> None:
    assert key_name("alice:s3cret") == "alice"
    assert key_name(None) == "anonymous"
    assert key_name("s3cret").startswith("key-") and "s3cret" not in key_name("s3cret")
    assert key_name(":s3cret").startswith("key-")


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_label_colour_pair_meets_wcag_aa() -> None:
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", CSS.read_text()))
    labels = ["supported", "contradicted", "mixed", "unverified", "pending"]
    pairs = [(colours[f"{l}-fg"], colours[f"{l}-bg"]) for l in labels]
    pairs += [(colours["badge-text"], colours[f"{l}-badge"]) for l in labels]
    pairs += [(colours["text"], colours["bg"]), (colours["muted"], colours["bg"]), (colours["link"], colours["bg"])]
    pairs += [(colours["bg"], colours["text"])]  # the tooltip
    assert len(pairs) == 14
    for fg, bg in pairs:
        assert contrast(fg, bg) >= 4.5, (fg, bg, round(contrast(fg, bg), 2))


def test_no_template_holds_inline_script_or_handlers() -> None:
    for template in TEMPLATES.glob("*.html"):
        html = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), template.name
        assert not re.search(r"\son[a-z]+\s*=", html), template.name
        assert "style=" not in html and "http://" not in html and "https://cdn" not in html, template.name
