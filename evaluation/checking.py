"""Evaluate the cross-checker on WiCE and AVeriTeC (dev splits in ../shared/eval), beside a baseline.

    python -m evaluation.checking [--eval-dir PATH] [--direct] [--json] [--cv]

Each claim's sources are rendered as HTML pages, served by a local HTTP server, fetched with
the real fetcher and extracted with the real extractor before ``check_claim`` sees them
("served" path). ``--direct`` builds the Documents straight from the data's text instead, which
isolates the judgement from fetching and extraction; both are printed when both run.

Metrics (``../shared/eval/README.md``):
- WiCE: F1 of "supported" (partially/not supported are negatives) and evidence recall@5 (some
  gold set of sentence indices lies inside the sentences of the 5 passages returned);
- AVeriTeC: 3-way macro-F1 (supported / refuted / not enough evidence, Conflicting folded into
  NEE) overall and on ``Numerical Claim``. Labels map supported -> supported,
  contradicted -> refuted, mixed/unverified -> NEE.

``--cv`` shows how the one threshold of the checker (``SUPPORT_COVERAGE``) is chosen: on the
direct path, for each of several random halvings of WiCE and AVeriTeC together, the grid value
with the best mean of WiCE supported-F1 and AVeriTeC macro-F1 on one half is scored on the
other half; it prints the median pick and the mean held-out figures.

The baseline is the simple lexical rule of issue 4, computed on the data's own sentences: a
claim is supported when its 3 best BM25 sentences cover more than 60% of its content words;
for AVeriTeC a bare "No" answer or a figure that matches no figure of the answers means
refuted, and answers that are all "unanswerable" mean NEE.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from pipeline.checking import check_claim
from pipeline.checking.lexical import content_terms
from pipeline.checking.numbers import interval
from pipeline.claims import standalone_claim
from pipeline.models import Claim, Document, Verdict
from pipeline.quantities import find_quantities
from rank_bm25 import BM25Okapi

EVAL_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
AVERITEC_CLASSES = ("supported", "refuted", "nee")
_META = re.compile(r"^\(meta data\)\s*(?P<key>[A-Z ]+):\s*(?P<value>.*)$")
_WS = re.compile(r"\s+")

# ---------------------------------------------------------------- data -> claims and pages


@dataclass(frozen=True)
class Page:
    """A source as the data gives it: what to serve, and the page text for direct use."""

    path: str
    title: str | None
    published: str | None
    paragraphs: tuple[str, ...]

    def html(self) -> str:
        esc = html.escape
        head = f"<title>{esc(self.title)}</title>" if self.title else ""
        if self.published:
            head += f'<meta property="article:published_time" content="{esc(self.published)}">'
        h1 = f"<h1>{esc(self.title)}</h1>" if self.title else ""
        body = "".join(f"<p>{esc(p)}</p>" for p in self.paragraphs)
        return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body><article>{h1}{body}</article></body></html>"

    def document(self, base_url: str = "http://source.invalid") -> Document:
        return Document(text="\n".join(self.paragraphs), url=base_url + self.path, title=self.title, published=self.published)


def bare_claim(text: str, *, speaker: str | None = None, date: str | None = None) -> Claim:
    """A claim given as bare text, built the way the product builds one (figures, counted things)."""
    return standalone_claim(text, speaker=speaker, date=date)


def _iso_date(day_month_year: str | None) -> str | None:
    """AVeriTeC dates are DD-MM-YYYY."""
    if not day_month_year:
        return None
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", day_month_year.strip())
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else None


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def wice_page(item: dict) -> Page:
    """Line 0 of the evidence is the page title; the rest are its sentences, one paragraph each."""
    lines = list(item["evidence"])
    title_match = _META.match(lines[0]) if lines else None
    title = title_match.group("value") if title_match else (lines[0] if lines else None)
    published = None
    for line in lines[1:]:
        m = _META.match(line)
        if m and m.group("key").strip() == "PUBLISHED DATETIME":
            published = m.group("value").strip()[:10] or None
    return Page(f"/wice/{item['wice_id']}.html", title, published, tuple(lines[1:]))


def averitec_pages(index: int, item: dict) -> list[Page]:
    """One page per gold answer: question, answer and explanation; titled with the source's domain."""
    pages: list[Page] = []
    for qi, q in enumerate(item["questions"]):
        for ai, ans in enumerate(q["answers"]):
            parts = [q["question"], ans["answer"]]
            if ans.get("boolean_explanation"):
                parts.append(ans["boolean_explanation"])
            domain = urlsplit(ans.get("source_url") or "").hostname
            pages.append(Page(f"/averitec/{index}/{qi}-{ai}.html", domain, None, tuple(p for p in parts if p)))
    return pages


# ---------------------------------------------------------------- metrics


def f1(tp: int, fp: int, fn: int) -> float:
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def binary_f1(gold: Sequence[bool], pred: Sequence[bool]) -> float:
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    return f1(tp, fp, fn)


def macro_f1(gold: Sequence[str], pred: Sequence[str], classes: Sequence[str] = AVERITEC_CLASSES) -> float:
    scores = [binary_f1([g == c for g in gold], [p == c for p in pred]) for c in classes]
    return sum(scores) / len(scores)


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def sentence_indices(passages: Iterable[str], sentences: Sequence[str]) -> set[int]:
    """Which of the data's sentences the returned passages hold (either text inside the other)."""
    normed = [_norm(_META.sub(lambda m: m.group("value"), s)) for s in sentences]
    found: set[int] = set()
    for passage in passages:
        p = _norm(passage)
        for i, s in enumerate(normed):
            if s and (s in p or (len(p) >= 20 and p in s)):
                found.add(i)
    return found


def recall_hit(found: set[int], gold_sets: Sequence[Sequence[int]]) -> bool:
    return any(set(g) <= found for g in gold_sets if g)


def averitec_gold(item: dict) -> str:
    return {"supported": "supported", "contradicted": "refuted"}.get(item["label_mapped"], "nee")


def to_averitec(label: str) -> str:
    return {"supported": "supported", "contradicted": "refuted"}.get(label, "nee")


# ---------------------------------------------------------------- baseline (issue 4's simple rule)

BASELINE_COVERAGE = 0.6
_BARE_NO = re.compile(r"^\s*no\b", re.IGNORECASE)


def _coverage_top3(claim: str, sentences: Sequence[str]) -> tuple[float, list[int]]:
    terms = list(dict.fromkeys(content_terms(claim)))
    corpus = [content_terms(s) for s in sentences]
    if not terms or not corpus:
        return 0.0, []
    scores = BM25Okapi([doc or ["\x00"] for doc in corpus]).get_scores(terms)
    order = sorted(range(len(corpus)), key=lambda i: (-scores[i], i))
    covered = set(terms) & set().union(*(corpus[i] for i in order[:3]))
    return len(covered) / len(terms), order[:5]


def _figures_clash(claim: str, answers: Sequence[str]) -> bool:
    """The claim has a figure (not a year) and the answers have figures, none of them matching."""
    claim_iv = [iv for q in find_quantities(claim) if (iv := interval(q)) and iv.family != "year"]
    answer_iv = [iv for a in answers for q in find_quantities(a) if (iv := interval(q)) and iv.family != "year"]
    if not claim_iv or not answer_iv:
        return False
    return not any(a.family == c.family and a.low <= c.high and c.low <= a.high for c in claim_iv for a in answer_iv)


def baseline_wice(item: dict) -> tuple[bool, list[int]]:
    coverage, top5 = _coverage_top3(item["claim"], item["evidence"])
    return coverage > BASELINE_COVERAGE, top5


def baseline_averitec(item: dict) -> str:
    answers = [a for q in item["questions"] for a in q["answers"]]
    if any(a["answer_type"] == "Boolean" and _BARE_NO.match(a["answer"]) for a in answers):
        return "refuted"
    if all(a["answer_type"] == "Unanswerable" for a in answers):
        return "nee"
    texts = [a["answer"] + " " + a.get("boolean_explanation", "") for a in answers]
    if _figures_clash(item["claim"], texts):
        return "refuted"
    sentences = [q["question"] + " " + a["answer"] for q in item["questions"] for a in q["answers"]]
    coverage, _ = _coverage_top3(item["claim"], sentences)
    return "supported" if coverage > BASELINE_COVERAGE else "refuted"


# ---------------------------------------------------------------- the pipeline on each path

DocumentSource = Callable[[Sequence[Page]], tuple[list[Document], list]]


def direct_documents(pages: Sequence[Page]) -> tuple[list[Document], list]:
    return [p.document() for p in pages], []


class ServedDocuments:
    """Serve every page on a local HTTP server and read it back through fetcher + extractor."""

    def __init__(self, pages: Sequence[Page]) -> None:
        from newscheck.localserver import LocalServer, Route
        from pipeline.adapters.http_fetcher import HttpFetcher

        self.server = LocalServer({p.path: Route(body=p.html()) for p in pages}).start()
        self.fetcher = HttpFetcher(allow_hosts=("127.0.0.1",))

    def __call__(self, pages: Sequence[Page]) -> tuple[list[Document], list]:
        from pipeline.errors import FetchError, UnsupportedInput
        from pipeline.extraction import extract_document
        from pipeline.models import SourceFailure

        docs: list[Document] = []
        failures: list[SourceFailure] = []
        for page in pages:
            url = self.server.url(page.path)
            try:
                fetched = self.fetcher.fetch(url)
                docs.append(extract_document(fetched.text, fetched.final_url, sha256=fetched.sha256, fetched_at=fetched.fetched_at))
            except FetchError as exc:
                failures.append(SourceFailure(url, exc.reason, exc.detail))
            except UnsupportedInput as exc:
                failures.append(SourceFailure(url, "no text", str(exc)))
        return docs, failures

    def close(self) -> None:
        self.server.stop()


def _served_available() -> bool:
    try:
        import pipeline.adapters.http_fetcher  # noqa: F401
        import pipeline.extraction  # noqa: F401
    except ImportError:
        return False
    return True


def evaluate_wice(items: Sequence[dict], documents: DocumentSource) -> dict:
    gold, pred, hits, eligible = [], [], 0, 0
    misses: list[dict] = []
    for item in items:
        page = wice_page(item)
        docs, failures = documents([page])
        verdict = check_claim(bare_claim(item["claim"]), None, docs, failures)
        is_gold = item["label"] == "supported"
        is_pred = verdict.label == "supported"
        gold.append(is_gold)
        pred.append(is_pred)
        if any(item["supporting_sentences"]):
            eligible += 1
            found = sentence_indices([e.passage for e in verdict.evidence[:5]], item["evidence"])
            hits += recall_hit(found, item["supporting_sentences"])
        if is_gold != is_pred:
            misses.append({"id": item["wice_id"], "gold": item["label"], "pred": verdict.label, "why": verdict.rationale})
    return {"supported_f1": round(binary_f1(gold, pred), 4), "recall_at_5": round(hits / max(eligible, 1), 4),
            "claims": len(items), "with_gold_evidence": eligible, "misses": misses}


def evaluate_averitec(items: Sequence[dict], documents: DocumentSource) -> dict:
    gold, pred, numerical = [], [], []
    misses: list[dict] = []
    for index, item in enumerate(items):
        docs, failures = documents(averitec_pages(index, item))
        verdict: Verdict = check_claim(
            bare_claim(item["claim"], speaker=item.get("speaker") or None, date=_iso_date(item.get("claim_date"))),
            None, docs, failures, claim_date=_iso_date(item.get("claim_date")),
        )
        g, p = averitec_gold(item), to_averitec(verdict.label)
        gold.append(g)
        pred.append(p)
        numerical.append("Numerical Claim" in item.get("claim_types", ()))
        if g != p:
            misses.append({"index": index, "gold": g, "pred": verdict.label, "why": verdict.rationale})
    num_gold = [g for g, n in zip(gold, numerical) if n]
    num_pred = [p for p, n in zip(pred, numerical) if n]
    return {"macro_f1": round(macro_f1(gold, pred), 4), "numerical_macro_f1": round(macro_f1(num_gold, num_pred), 4),
            "claims": len(items), "numerical_claims": len(num_gold), "misses": misses}


def evaluate_baseline(wice: Sequence[dict], averitec: Sequence[dict]) -> dict:
    gold, pred, hits, eligible = [], [], 0, 0
    for item in wice:
        supported, top5 = baseline_wice(item)
        gold.append(item["label"] == "supported")
        pred.append(supported)
        if any(item["supporting_sentences"]):
            eligible += 1
            hits += recall_hit(set(top5), item["supporting_sentences"])
    a_gold = [averitec_gold(x) for x in averitec]
    a_pred = [baseline_averitec(x) for x in averitec]
    num = ["Numerical Claim" in x.get("claim_types", ()) for x in averitec]
    return {
        "wice": {"supported_f1": round(binary_f1(gold, pred), 4), "recall_at_5": round(hits / max(eligible, 1), 4)},
        "averitec": {
            "macro_f1": round(macro_f1(a_gold, a_pred), 4),
            "numerical_macro_f1": round(macro_f1([g for g, n in zip(a_gold, num) if n], [p for p, n in zip(a_pred, num) if n]), 4),
        },
    }


# ---------------------------------------------------------------- choosing the coverage threshold

CV_GRID = tuple(round(0.50 + 0.02 * i, 2) for i in range(16))


def _predictions(wice: Sequence[dict], averitec: Sequence[dict], grid: Sequence[float]) -> dict[float, tuple[list[bool], list[str]]]:
    """Per threshold: each WiCE claim predicted supported or not, each AVeriTeC label (direct path)."""
    w_cases = [(bare_claim(x["claim"]), direct_documents([wice_page(x)])[0]) for x in wice]
    a_cases = [
        (bare_claim(x["claim"], speaker=x.get("speaker") or None, date=_iso_date(x.get("claim_date"))),
         direct_documents(averitec_pages(i, x))[0], _iso_date(x.get("claim_date")))
        for i, x in enumerate(averitec)
    ]
    out: dict[float, tuple[list[bool], list[str]]] = {}
    for t in grid:
        w_pred = [check_claim(c, None, d, support_coverage=t).label == "supported" for c, d in w_cases]
        a_pred = [to_averitec(check_claim(c, None, d, claim_date=when, support_coverage=t).label) for c, d, when in a_cases]
        out[t] = (w_pred, a_pred)
    return out


def cross_validate(eval_dir: Path = EVAL_DIR, *, grid: Sequence[float] = CV_GRID, repeats: int = 25, seed: int = 0) -> dict:
    """Pick the coverage threshold on one random half of both data sets, score it on the other."""
    import random
    import statistics

    wice = _read_jsonl(eval_dir / "wice" / "claims.jsonl")
    averitec = _read_jsonl(eval_dir / "averitec" / "claims.jsonl")
    w_gold = [x["label"] == "supported" for x in wice]
    a_gold = [averitec_gold(x) for x in averitec]
    preds = _predictions(wice, averitec, grid)

    def scores(t: float, wi: Sequence[int], ai: Sequence[int]) -> tuple[float, float]:
        w_pred, a_pred = preds[t]
        return (binary_f1([w_gold[i] for i in wi], [w_pred[i] for i in wi]),
                macro_f1([a_gold[i] for i in ai], [a_pred[i] for i in ai]))

    rng = random.Random(seed)
    picks: list[float] = []
    held: list[tuple[float, float]] = []
    for _ in range(repeats):
        wi, ai = list(range(len(wice))), list(range(len(averitec)))
        rng.shuffle(wi)
        rng.shuffle(ai)
        halves = [(wi[: len(wi) // 2], ai[: len(ai) // 2]), (wi[len(wi) // 2 :], ai[len(ai) // 2 :])]
        for k in (0, 1):
            (tw, ta), (hw, ha) = halves[k], halves[1 - k]
            best = max(grid, key=lambda t: (sum(scores(t, tw, ta)), -abs(t - statistics.median(grid))))
            picks.append(best)
            held.append(scores(best, hw, ha))
    full = {t: scores(t, range(len(wice)), range(len(averitec))) for t in grid}
    return {
        "median_pick": statistics.median(picks), "picks": [min(picks), max(picks)],
        "held_out": {"wice_supported_f1": round(statistics.mean(h[0] for h in held), 4),
                     "averitec_macro_f1": round(statistics.mean(h[1] for h in held), 4)},
        "whole_dev": {str(t): {"wice_supported_f1": round(w, 4), "averitec_macro_f1": round(a, 4)} for t, (w, a) in full.items()},
        "repeats": repeats, "seed": seed,
    }


def run(eval_dir: Path = EVAL_DIR, *, served: bool | None = None, direct: bool = True) -> dict:
    """All figures: the pipeline on the served path (when its modules exist) and/or the direct
    path, and the baseline, for both data sets."""
    wice = _read_jsonl(eval_dir / "wice" / "claims.jsonl")
    averitec = _read_jsonl(eval_dir / "averitec" / "claims.jsonl")
    out: dict = {"split": "dev", "eval_dir": str(eval_dir), "baseline": evaluate_baseline(wice, averitec)}
    if direct:
        out["direct"] = {"wice": evaluate_wice(wice, direct_documents), "averitec": evaluate_averitec(averitec, direct_documents)}
    if served is None:
        served = _served_available()
    if served:
        pages = [wice_page(x) for x in wice] + [p for i, x in enumerate(averitec) for p in averitec_pages(i, x)]
        source = ServedDocuments(pages)
        try:
            out["served"] = {"wice": evaluate_wice(wice, source), "averitec": evaluate_averitec(averitec, source)}
        finally:
            source.close()
    return out


def print_report(report: dict) -> None:
    print(f"newscheck cross-checking evaluation, dev split ({report['eval_dir']})")
    rows = [("baseline (BM25 coverage + No/unanswerable cues + numbers)", report["baseline"])]
    rows += [(f"pipeline, {path} documents", report[path]) for path in ("served", "direct") if path in report]
    for name, r in rows:
        w, a = r["wice"], r["averitec"]
        print(f"  {name}")
        print(f"    WiCE     supported-F1 {w['supported_f1']:.4f}   evidence recall@5 {w['recall_at_5']:.4f}")
        print(f"    AVeriTeC macro-F1     {a['macro_f1']:.4f}   Numerical Claim macro-F1 {a['numerical_macro_f1']:.4f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.checking", description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument("--direct", action="store_true", help="only build Documents from the data's text (no HTTP)")
    parser.add_argument("--json", action="store_true", help="print the whole result, misses included, as JSON")
    parser.add_argument("--cv", action="store_true", help="choose the coverage threshold by repeated 2-fold cross-validation")
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"evaluation data not found at {args.eval_dir}", file=sys.stderr)
        return 2
    if args.cv:
        cv = cross_validate(args.eval_dir)
        if args.json:
            print(json.dumps(cv, indent=2))
        else:
            print(f"coverage threshold by 2-fold CV x{cv['repeats']} (dev, direct path): median pick {cv['median_pick']}"
                  f" (range {cv['picks'][0]}-{cv['picks'][1]}); held-out WiCE supported-F1 {cv['held_out']['wice_supported_f1']:.4f},"
                  f" AVeriTeC macro-F1 {cv['held_out']['averitec_macro_f1']:.4f}")
        return 0
    report = run(args.eval_dir, served=False if args.direct else None, direct=True)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
