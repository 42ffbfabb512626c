"""Dev cases of the checking evaluation: WiCE, AVeriTeC and QuanTemp as claims with pages, the
simple baseline and the majority class, the pipeline's answers (both deciders) and the figures
with bootstrap intervals. ``evaluation.checking`` runs and prints them (its docstring gives the
metrics); ``evaluation.train_verdict`` fits the learned verdict on the same cases.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from pipeline.checking import Weighed, verdict_of, weigh_sources
from pipeline.checking.lexical import content_terms
from pipeline.checking.numbers import interval
from pipeline.checking.passages import split_passages
from pipeline.checking.ratings import find_rating
from pipeline.checking.verdict_model import VerdictModel
from pipeline.claims import standalone_claim
from pipeline.models import Claim, Document, SourceFailure
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


def iso_date(day_month_year: str | None) -> str | None:
    """AVeriTeC dates are DD-MM-YYYY."""
    if not day_month_year:
        return None
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", day_month_year.strip())
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else None


def read_jsonl(path: Path) -> list[dict]:
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
        from config.settings import load_settings
        from newscheck.localserver import LocalServer, Route
        from pipeline.adapters import wiring

        self.server = LocalServer({p.path: Route(body=p.html()) for p in pages}).start()
        self.stack = wiring.in_process(load_settings(fetch_allow_hosts=["127.0.0.1"]))  # the product's fetcher
        self.fetcher = self.stack.fetcher

    def __call__(self, pages: Sequence[Page]) -> tuple[list[Document], list]:
        from pipeline.errors import FailureReason, FetchError, UnsupportedInput
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
                failures.append(SourceFailure(url, FailureReason.NO_TEXT, str(exc)))
        return docs, failures

    def close(self) -> None:
        self.stack.close()
        self.server.stop()


def served_available() -> bool:
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
        when = iso_date(x.get("claim_date"))
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
        out += wice_cases(read_jsonl(eval_dir / "wice" / "claims.jsonl"))
    if "averitec" in data_sets:
        out += averitec_cases(read_jsonl(eval_dir / "averitec" / "claims.jsonl"))
    quantemp = [d for d in data_sets if d.startswith("quantemp")]
    if quantemp and (eval_dir / "quantemp" / "claims.jsonl").is_file():
        items = read_jsonl(eval_dir / "quantemp" / "claims.jsonl")
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


@dataclass(frozen=True)
class Weighing:
    """A case's sources judged once (stages 1-3), so each decider is applied to the same votes."""

    case: Case
    weighed: Weighed
    failures: tuple[SourceFailure, ...]


def weigh_case(case: Case, documents: DocumentSource) -> Weighing:
    docs, failures = documents(case.pages)
    return Weighing(case, weigh_sources(case.claim, None, docs, claim_date=case.claim_date), tuple(failures))


def row_of(w: Weighing, *, decider: str = "model", model: VerdictModel | None = None) -> Row:
    """The case's answer by ``decider`` (the learned verdict, with ``model`` or the shipped one, or the hand rules)."""
    verdict = verdict_of(w.case.claim, w.weighed, w.failures, decider=decider, model=model)  # type: ignore[arg-type]
    hit = None
    if w.case.dataset == "wice" and any(w.case.gold_sets):
        found = sentence_indices([e.passage for e in verdict.evidence[:5]], w.case.sentences)
        hit = recall_hit(found, w.case.gold_sets)
    return Row(w.case, verdict.label, verdict.confidence, hit, verdict.rationale)


def predict(cases: Sequence[Case], documents: DocumentSource) -> list[Weighing]:
    return [weigh_case(c, documents) for c in cases]


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


_QUOTE = re.compile(r'"[^"]+"')


def unquoted(rows: Sequence[Row]) -> list[str]:
    """Keys of the decided verdicts (not unverified) whose rationale quotes no statement: every
    label must name the passage, figure or rating it rests on."""
    return [r.case.key for r in rows if r.label != "unverified" and r.why and not _QUOTE.search(r.why)]


def figures(rows: Sequence[Row], *, misses: bool = True) -> dict[str, dict]:
    """Per data set: each metric, its 95% bootstrap interval (claims resampled), counts, misses,
    and the decided verdicts whose rationale quotes nothing."""
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
        fig["decided"] = sum(r.label != "unverified" for r in mine)
        fig["unquoted"] = unquoted(mine)
        if misses:
            fig["misses"] = [{"key": r.case.key, "gold": r.case.gold, "pred": r.label, "why": r.why}
                             for r in mine if r.label != r.case.gold]
        out[data_set] = fig
    return out


def figure_cell(fig: dict, metric: str) -> str:
    lo, hi = fig["ci"][metric]
    return f"{fig[metric]:.3f} [{lo:.2f}, {hi:.2f}]"
