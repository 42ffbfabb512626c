"""One claim per checkable fact: split a content span at coordinated figures.

"there have been 100 on the eastern front and 140 in the south" states two facts; a checker
must confirm or refute each alone. The split happens only where the parse coordinates two
figures (``conj`` between the figures, or between the verbs that govern them), so ordinary
lists of things are never cut up.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from pipeline.claims.counted import clause_head, figure_token
from pipeline.models import Quantity

_JOINERS = frozenset({",", ";", "and", "or", "but", "while", "whereas"})


def _split_token(top: Token, earlier_tops: list[Token]) -> Token | None:
    """Where the fact of figure ``top`` starts, if it is coordinated with an earlier figure.

    The parser often hangs the second figure of "100 on the eastern front and 140 in the
    south" on the nearest noun ("front") instead of on "100"; any ``conj`` figure whose head
    lies in the clause of an earlier figure counts as coordinated with it.
    """
    if top.dep_ == "conj":
        clauses = {clause_head(t).i for t in earlier_tops}
        head = top.head
        for anc in [head, *head.ancestors]:
            if any(anc.i == t.i for t in earlier_tops) or anc.i in clauses:
                return top.left_edge
    clause = clause_head(top)
    if clause.dep_ == "conj" and any(clause_head(t).i == clause.head.i for t in earlier_tops):
        return clause.left_edge
    return None


def split_content(doc: Doc, start: int, end: int, quantities: list[Quantity], *, base: int = 0) -> list[tuple[int, int]]:
    """Character ranges (offsets into ``doc.text`` + ``base``) of the facts in ``[start, end)``."""
    figures = [q for q in quantities if q.unit != "year-date" and start <= q.start and q.end <= end]
    if len(figures) < 2:
        return [(start, end)]
    token_starts = [t.idx for t in doc]
    tops: list[Token] = []
    cuts: list[int] = []
    for q in figures:
        top = figure_token(doc, q.start - base, q.end - base)
        if top is None:
            continue
        split = _split_token(top, tops) if tops else None
        if split is not None and split.idx + base > start:
            cuts.append(split.idx + base)
        tops.append(top)
    if not cuts:
        return [(start, end)]
    bounds = [start] + sorted(set(cuts)) + [end]
    parts: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:]):
        i = bisect.bisect_left(token_starts, b - base)
        # drop the joiner ("and", ",") that ends a part before the next fact
        while i > 0 and doc[i - 1].idx + base >= a and doc[i - 1].lower_ in _JOINERS:
            i -= 1
        stop = doc[i - 1].idx + len(doc[i - 1].text) + base if i > 0 else b
        parts.append((a, min(b, max(stop, a + 1))))
    return parts
