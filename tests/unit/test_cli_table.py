"""The claims table: readable at 80 columns, labels whole, a repeated rationale shown once."""

from __future__ import annotations

import io

from rich.console import Console

from newscheck.cli import print_report

SAME = "No source mentions this claim; nothing was found to check it against."


def _claim(n: int, label: str, rationale: str) -> dict:
    text = f"claim number {n} says that {n * 1000} households were without power for several days"
    return {"id": f"c{n}", "content": {"text": text}, "speaker": {"text": "the regional energy minister", "resolved": None},
            "verdict": {"label": label, "confidence": 0.5, "independent_sources": 0, "rationale": rationale}}


def _render(width: int) -> str:
    report = {"id": "a_1", "status": "done", "article": {"title": "Power cuts [update]"},
              "claims": [_claim(1, "unverified", SAME), _claim(2, "contradicted", "Two outlets give 40."),
                         _claim(3, "unverified", SAME)]}
    buf = io.StringIO()
    print_report(report, Console(file=buf, width=width, color_system=None))
    return buf.getvalue()


def test_labels_are_never_cut_at_80_columns() -> None:
    text = _render(80)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert text.count("unverified") == 2 and "contradicted" in text and "…" not in text
    assert "Power cuts [update]" in text


def test_identical_rationales_are_shown_once() -> None:
    flat = " ".join(_render(120).split())
    assert flat.count("nothing was found") == 1 and "as #1" in flat
