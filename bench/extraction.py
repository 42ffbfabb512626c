"""Figure 1: claim extraction throughput beside spaCy's bare ``nlp.pipe`` on the same texts.

Both sides share one ``nlp.pipe`` pass over the texts, so the ratio is what the attribution
rules cost on top of the parse (1.0 = free). Rounds alternate and the best of each side is kept,
which cancels most of the noise of a shared machine. Cold start runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.generator import make_batch

POLNEAR = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "polnear" / "articles.jsonl"


def corpus(limit: int) -> tuple[str, list[str]]:
    """PolNeAR article texts read in place when the evaluation data is present, else generated ones."""
    from pipeline.claims.guard import check_text
    from pipeline.errors import InputError

    texts: list[str] = []
    name = "generated wire articles"
    if POLNEAR.is_file():
        name = "PolNeAR dev articles (read in place)"
        for line in POLNEAR.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    if not texts:
        name = "generated wire articles"
        texts = [a.text for a in make_batch(limit, start=50_000)]
    usable = []
    for text in texts[:limit]:
        try:
            check_text(text)
            usable.append(text)
        except InputError:
            continue
    return name, usable


@dataclass(frozen=True)
class ExtractionFigures:
    corpus: str
    articles: int
    words: int
    claims: int
    bare_seconds: float
    extract_seconds: float

    @property
    def ratio(self) -> float:
        return self.bare_seconds / self.extract_seconds

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.extract_seconds

    @property
    def words_per_s(self) -> float:
        return self.words / self.extract_seconds

    @property
    def bare_words_per_s(self) -> float:
        return self.words / self.bare_seconds


def _bare(nlp: object, texts: Sequence[str]) -> float:
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts):  # type: ignore[attr-defined]
        pass
    return time.perf_counter() - t0


def _extract(nlp: object, texts: Sequence[str]) -> tuple[float, int]:
    from pipeline.claims import extract_claims_from_doc, text_for_parser

    t0 = time.perf_counter()
    n = 0
    for i, doc in enumerate(nlp.pipe(text_for_parser(t) for t in texts)):  # type: ignore[attr-defined]
        n += len(extract_claims_from_doc(doc, article_id=f"a_bench{i}", given=texts[i]))
    return time.perf_counter() - t0, n


def measure_extraction(limit: int, rounds: int) -> ExtractionFigures:
    from pipeline.nlp import get_nlp, warm_up

    name, texts = corpus(limit)
    warm_up()
    nlp = get_nlp()
    _extract(nlp, texts)  # untimed: the parser's buffers and every lazy table are warm for both sides
    bare, extract, claims = [], [], 0
    for i in range(max(rounds, 2)):  # alternate which side goes first
        if i % 2:
            bare.append(_bare(nlp, texts))
        secs, claims = _extract(nlp, texts)
        extract.append(secs)
        if not i % 2:
            bare.append(_bare(nlp, texts))
    return ExtractionFigures(name, len(texts), sum(len(t.split()) for t in texts), claims, min(bare), min(extract))


COLD = """
import json, sys, time
t0 = time.perf_counter()
from pipeline.claims import extract_claims
t1 = time.perf_counter()
claims = extract_claims(sys.stdin.read())
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "first_article_s": t2 - t1, "claims": len(claims)}))
"""


def measure_cold_start(text: str) -> dict[str, float]:
    """A new interpreter: import, model loading and the first article, as a fresh worker pays them."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", COLD], input=text, capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[1], check=True)
    wall = time.perf_counter() - t0
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "process_wall_s": wall}
