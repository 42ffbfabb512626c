"""Event data is typed JSON: counts are numbers, ids and labels stay strings."""

from __future__ import annotations

from newscheck.sse import typed


def test_counts_become_numbers_and_everything_else_stays_text() -> None:
    fields = {"type": "claim", "claim": "c_0123456789abcdef", "label": "supported", "done": "3", "total": "12",
              "chars": "0", "note": "٣", "big": "1" * 20, "neg": "-1"}
    assert typed(fields) == {"type": "claim", "claim": "c_0123456789abcdef", "label": "supported", "done": 3,
                             "total": 12, "chars": 0, "note": "٣", "big": "1" * 20, "neg": "-1"}
