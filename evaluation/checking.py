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
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from pipeline.checking import check_claim
from pipeline.checking.lexical import content_terms
from pipeline.checking.passages import split_passages
from pipeline.checking.ratings import find_rating
from pipeline.checking.numbers import interval
from pipeline.claims import standalone_claim
from pipeline.models import Claim, Document, Verdict
from pipeline.quantities import find_quantities
from rank_bm25 import BM25Okapi

from evaluation.stats import bootstrap_interval

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


# ---------------------------------------------------------------- QuanTemp (fact-check article as evidence)

# Rating sentences for the "ratings removed" mode: broader than the checker's own detector
# (``pipeline.checking.ratings``), so the mode measures what the rest of the reporting says.
_RATING_SENTENCE = re.compile(
    r"\b(?:we(?:'ve| have)? rated?|rate[sd]? (?:it|this|the|that|his|her|their)|our (?:rating|verdict|ruling)|rating\s*:|verdict\s*:"
    r"|pants on fire|half[- ]true|mostly (?:true|false)|(?:one|two|three|four) pinocchios?|earns? (?:a |an )?(?:true|false|mostly|half)"
    r"|we (?:find|found|conclude|concluded) (?:that )?(?:the|this|his|her) (?:claim|statement) (?:is |to be )?(?:false|true|misleading))",
    re.IGNORECASE,
)


def quantemp_sentences(doc: str) -> list[str]:
    return [p.text for p in split_passages(doc) if p.text.strip()]


def without_ratings(doc: str) -> str:
    """The article with every sentence that states a rating removed (SOURCE.md's second mode)."""
    return " ".join(s for s in quantemp_sentences(doc) if find_rating(s) is None and not _RATING_SENTENCE.search(s))


def quantemp_page(item: dict, *, ratings: bool = True) -> Page:
    doc = item["evidence_doc"] if ratings else without_ratings(item["evidence_doc"])
    mode = "as-given" if ratings else "no-ratings"
    return Page(f"/quantemp/{mode}/{item['quantemp_row']}.html", None, None, (doc,))


def baseline_quantemp(item: dict, doc: str) -> str:
    """Issue 4's rule on the article's sentences: supported when 3 BM25 sentences cover 60% of the
    claim and no figure clashes, else contradicted (there is no "No" answer to read)."""
    sentences = quantemp_sentences(doc)
    if _figures_clash(item["claim"], sentences):
        return "contradicted"
    coverage, _ = _coverage_top3(item["claim"], sentences)
    return "supported" if coverage > BASELINE_COVERAGE else "contradicted"


# ---------------------------------------------------------------- one case per claim and evidence mode

DATA_SETS = ("wice", "averitec", "quantemp", "quantemp_no_ratings")
QUANTEMP_CLASSES = ("supported", "contradicted", "mixed")
_AVERITEC_LABELS = {"supported": "supported", "contradicted": "contradicted", "conflicting": "mixed"}


@dataclass(frozen=True)
class Case:
    """One claim to check against its pages, with its gold label in the checker's label set.

    ``group`` is the claim: rows sharing it (a repeated claim, the two QuanTemp modes) are
    resampled and folded together. ``baseline`` is the simple rule's answer.
    """

    dataset: str
    key: str
    group: str
    gold: str
    claim: Claim
    pages: tuple[Page, ...]
    baseline: str
    claim_date: str | None = None
    numerical: bool = False
    sentences: tuple[str, ...] = ()  # WiCE: the data's sentences, for evidence recall
    gold_sets: tuple[tuple[int, ...], ...] = ()
    baseline_top5: tuple[int, ...] = ()


def _group(dataset: str, claim: str) -> str:
    return f"{'quantemp' if dataset.startswith('quantemp') else dataset}:{_norm(claim)}"


def wice_cases(items: Sequence[dict]) -> list[Case]:
    out = []
    for x in items:
        supported, top5 = baseline_wice(x)
        out.append(Case("wice", x["wice_id"], _group("wice", x["claim"]), "supported" if x["label"] == "supported" else "unverified",
                        bare_claim(x["claim"]), (wice_page(x),), "supported" if supported else "unverified",
                        sentences=tuple(x["evidence"]), gold_sets=tuple(tuple(g) for g in x["supporting_sentences"]),
                        baseline_top5=tuple(top5)))
    return out


def averitec_cases(items: Sequence[dict]) -> list[Case]:
    out = []
    for i, x in enumerate(items):
        when = _iso_date(x.get("claim_date"))
        gold = _AVERITEC_LABELS.get(x["label_mapped"], "unverified")
        base = {"supported": "supported", "refuted": "contradicted"}.get(baseline_averitec(x), "unverified")
        out.append(Case("averitec", str(i), _group("averitec", x["claim"]), gold,
                        bare_claim(x["claim"], speaker=x.get("speaker") or None, date=when), tuple(averitec_pages(i, x)), base,
                        claim_date=when, numerical="Numerical Claim" in x.get("claim_types", ())))
    return out


def quantemp_cases(items: Sequence[dict], *, ratings: bool) -> list[Case]:
    name = "quantemp" if ratings else "quantemp_no_ratings"
    out = []
    for x in items:
        page = quantemp_page(x, ratings=ratings)
        out.append(Case(name, str(x["quantemp_row"]), _group(name, x["claim"]), x["label"], bare_claim(x["claim"]), (page,),
                        baseline_quantemp(x, page.paragraphs[0]), numerical=True))
    return out


def load_cases(eval_dir: Path = EVAL_DIR, data_sets: Sequence[str] = DATA_SETS) -> list[Case]:
    """Every dev case of the pool (WiCE, AVeriTeC, QuanTemp in both evidence modes)."""
    out: list[Case] = []
    if "wice" in data_sets:
        out += wice_cases(_read_jsonl(eval_dir / "wice" / "claims.jsonl"))
    if "averitec" in data_sets:
        out += averitec_cases(_read_jsonl(eval_dir / "averitec" / "claims.jsonl"))
    quantemp = [d for d in data_sets if d.startswith("quantemp")]
    if quantemp and (eval_dir / "quantemp" / "claims.jsonl").is_file():
        items = _read_jsonl(eval_dir / "quantemp" / "claims.jsonl")
        if "quantemp" in quantemp:
            out += quantemp_cases(items, ratings=True)
        if "quantemp_no_ratings" in quantemp:
            out += quantemp_cases(items, ratings=False)
    return out


# ---------------------------------------------------------------- predictions and figures


@dataclass(frozen=True)
class Row:
    """One case's answer (label in the checker's set) and whether its evidence holds a gold set."""

    case: Case
    label: str
    confidence: float
    hit: bool | None = None
    why: str = ""


def check_case(case: Case, documents: DocumentSource, **options: object) -> Verdict:
    docs, failures = documents(case.pages)
    return check_claim(case.claim, None, docs, failures, claim_date=case.claim_date, **options)  # type: ignore[arg-type]


def predict(cases: Sequence[Case], documents: DocumentSource, **options: object) -> list[Row]:
    rows = []
    for case in cases:
        verdict = check_case(case, documents, **options)
        hit = None
        if case.dataset == "wice" and any(case.gold_sets):
            found = sentence_indices([e.passage for e in verdict.evidence[:5]], case.sentences)
            hit = recall_hit(found, case.gold_sets)
        rows.append(Row(case, verdict.label, verdict.confidence, hit, verdict.rationale))
    return rows


def baseline_rows(cases: Sequence[Case]) -> list[Row]:
    return [Row(c, c.baseline, 1.0, recall_hit(set(c.baseline_top5), c.gold_sets) if any(c.gold_sets) else None) for c in cases]


def majority_rows(cases: Sequence[Case]) -> list[Row]:
    """Every case of a data set answered with that set's most frequent gold label."""
    from collections import Counter

    top = {d: Counter(c.gold for c in cases if c.dataset == d).most_common(1)[0][0] for d in {c.dataset for c in cases}}
    return [Row(c, top[c.dataset], 1.0) for c in cases]


def precision_of(label: str, rows: Sequence[Row]) -> float:
    """Share of ``label`` answers that are right (0 when never answered)."""
    said = [r for r in rows if r.label == label]
    return sum(r.case.gold == label for r in said) / len(said) if said else 0.0


def _wice_f1(rows: Sequence[Row]) -> float:
    return binary_f1([r.case.gold == "supported" for r in rows], [r.label == "supported" for r in rows])


def _recall5(rows: Sequence[Row]) -> float:
    eligible = [r.hit for r in rows if r.hit is not None]
    return sum(eligible) / len(eligible) if eligible else 0.0


def _averitec_f1(rows: Sequence[Row]) -> float:
    return macro_f1([to_averitec(r.case.gold) for r in rows], [to_averitec(r.label) for r in rows])


def _averitec_numerical_f1(rows: Sequence[Row]) -> float:
    return _averitec_f1([r for r in rows if r.case.numerical])


def _quantemp_f1(rows: Sequence[Row]) -> float:
    """Macro-F1 over supported / contradicted / mixed: "unverified" is wrong for every class."""
    return macro_f1([r.case.gold for r in rows], [r.label for r in rows], QUANTEMP_CLASSES)


def _contradicted_precision(rows: Sequence[Row]) -> float:
    return precision_of("contradicted", rows)


Metric = Callable[[Sequence[Row]], float]
METRICS: dict[str, dict[str, Metric]] = {
    "wice": {"supported_f1": _wice_f1, "recall_at_5": _recall5},
    "averitec": {"macro_f1": _averitec_f1, "numerical_macro_f1": _averitec_numerical_f1,
                 "contradicted_precision": _contradicted_precision},
    "quantemp": {"macro_f1": _quantemp_f1, "contradicted_precision": _contradicted_precision},
    "quantemp_no_ratings": {"macro_f1": _quantemp_f1, "contradicted_precision": _contradicted_precision},
}


def figures(rows: Sequence[Row], *, misses: bool = True) -> dict[str, dict]:
    """Per data set: each metric, its 95% bootstrap interval (claims resampled), counts, misses."""
    out: dict[str, dict] = {}
    for data_set in DATA_SETS:
        mine = [r for r in rows if r.case.dataset == data_set]
        if not mine:
            continue
        fig: dict = {}
        ci: dict[str, tuple[float, float]] = {}
        for name, metric in METRICS[data_set].items():
            fig[name] = round(metric(mine), 4)
            ci[name] = bootstrap_interval(metric, mine, [r.case.group for r in mine])
        fig["ci"] = ci
        fig["claims"] = len(mine)
        fig["answered"] = dict(sorted(Counter(r.label for r in mine).items()))
        if data_set == "averitec":
            fig["numerical_claims"] = sum(r.case.numerical for r in mine)
        if data_set == "wice":
            fig["with_gold_evidence"] = sum(r.hit is not None for r in mine)
        if misses:
            fig["misses"] = [{"key": r.case.key, "gold": r.case.gold, "pred": r.label, "why": r.why}
                             for r in mine if r.label != r.case.gold]
        out[data_set] = fig
    return out

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
    path, beside the simple baseline and the majority class, per data set with intervals."""
    cases = load_cases(eval_dir)
    out: dict = {"split": "dev", "eval_dir": str(eval_dir),
                 "majority": figures(majority_rows(cases), misses=False), "baseline": figures(baseline_rows(cases), misses=False)}
    if direct:
        out["direct"] = figures(predict(cases, direct_documents))
    if served is None:
        served = _served_available()
    if served:
        source = ServedDocuments([p for c in cases for p in c.pages])
        try:
            out["served"] = figures(predict(cases, source))
        finally:
            source.close()
    return out


_TITLES = {
    "wice": "WiCE (claim against one page)",
    "averitec": "AVeriTeC (3-way: supported / refuted / NEE)",
    "quantemp": "QuanTemp, fact-check article as given (3-way: supported / contradicted / mixed)",
    "quantemp_no_ratings": "QuanTemp, rating sentences removed",
}


def _cell(fig: dict, metric: str) -> str:
    lo, hi = fig["ci"][metric]
    return f"{fig[metric]:.3f} [{lo:.2f}, {hi:.2f}]"


def print_report(report: dict) -> None:
    print(f"newscheck cross-checking evaluation, dev split ({report['eval_dir']}); 95% bootstrap intervals over claims")
    deciders = [("majority class", "majority"), ("baseline (BM25 coverage + cues + numbers)", "baseline")]
    deciders += [(f"pipeline, {path} documents", path) for path in ("served", "direct") if path in report]
    for data_set in DATA_SETS:
        present = [(name, key) for name, key in deciders if data_set in report.get(key, {})]
        if not present:
            continue
        first = report[present[0][1]][data_set]
        print(f"  {_TITLES[data_set]}, {first['claims']} claims")
        metrics = list(METRICS[data_set])
        print("    " + f"{'':44}" + "".join(f"{m:>24}" for m in metrics))
        for name, key in present:
            fig = report[key][data_set]
            print("    " + f"{name:44}" + "".join(f"{_cell(fig, m):>24}" for m in metrics))


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
