"""Domain records: frozen dataclasses that every stage passes around.

They serialise to the report contract (``../shared/design/report.schema.json``) with
:func:`to_dict` and come back from Redis with the ``from_dict`` class methods, so the queued
path and the in-process path share one shape. Offsets always index ``Document.text``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from pipeline.errors import Reason, checked_reason

QuoteType = Literal["direct", "indirect", "mixed", "none"]
# "denied": the speaker rejects the content ("X denied targeting civilians"), it does not state it
Polarity = Literal["asserted", "denied"]
Stance = Literal["supports", "contradicts", "neutral"]
Label = Literal["supported", "contradicted", "mixed", "unverified"]
Attribution = Literal["confirmed", "disputed", "unconfirmed"]


class ArticleStatus(StrEnum):
    """Where an article is: queued -> running -> done | failed (a recheck puts a finished one
    back to queued). A ``StrEnum``: the wire format (API JSON, the Redis hash) keeps the plain
    strings. Re-exported by ``pipeline.records`` beside the other state records."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (ArticleStatus.DONE, ArticleStatus.FAILED)


# the same values as a Literal, for the face's pydantic schemas (their OpenAPI keeps an inline enum)
Status = Literal["queued", "running", "done", "failed"]


def to_dict(obj: Any) -> Any:
    """Plain JSON-ready structure of a record (tuples become lists)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """Keep only the fields ``cls`` declares, so older or newer payloads still load."""
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclass(frozen=True)
class Span:
    """A stretch of ``Document.text``: ``text == doc.text[start:end]``."""

    text: str
    start: int
    end: int

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Span | None:
        return None if d is None else cls(**_known(cls, d))


@dataclass(frozen=True)
class Speaker:
    """Who a claim is attributed to.

    ``kind``: person, group, organisation, document, anonymous, pronoun, unknown.
    ``resolved`` is the name a pronoun or "the spokesman" was resolved to (else None).
    """

    text: str
    start: int
    end: int
    kind: str = "unknown"
    resolved: str | None = None

    @property
    def name(self) -> str:
        return self.resolved or self.text

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Speaker | None:
        return None if d is None else cls(**_known(cls, d))


@dataclass(frozen=True)
class Quantity:
    """A figure as data. ``low``/``high`` bound hedged values ("about 100" -> 90..110).

    ``counted`` is the thing counted (even when elided in the sentence), ``context`` the
    place/front/period it applies to; ``unit`` is normalised (km, m, %, USD, year, ...).
    """

    value: float | None
    low: float | None
    high: float | None
    approx: bool
    unit: str | None
    counted: str | None
    context: str | None
    text: str
    start: int
    end: int

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quantity:
        return cls(**_known(cls, d))


@dataclass(frozen=True)
class Claim:
    """One checkable statement with its attribution, as spans of the article text."""

    id: str
    text: str
    start: int
    end: int
    speaker: Speaker | None
    cue: Span | None
    content: Span
    quote: QuoteType
    quantities: tuple[Quantity, ...] = ()
    checkworthy: float = 0.5
    claim_type: str = "event"
    # ISO date the claimed event refers to (relative dates resolved against publication), if known.
    time: str | None = None
    time_text: str | None = None
    polarity: Polarity = "asserted"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        d = _known(cls, d)
        d.pop("verdict", None)
        d["speaker"] = Speaker.from_dict(d.get("speaker"))
        d["cue"] = Span.from_dict(d.get("cue"))
        d["content"] = Span.from_dict(d["content"])
        d["quantities"] = tuple(Quantity.from_dict(q) for q in d.get("quantities", ()))
        return cls(**d)


@dataclass(frozen=True)
class ClaimReview:
    """A fact-checker's published rating of one claim (schema.org ``ClaimReview`` on a page).

    Typed so that checking can match the reviewed claim against ours before trusting the
    rating; every text is plain (markup reduced to text when the page was read).
    """

    claim_reviewed: str
    rating: str | None = None  # the rating's words as published (alternateName): "Mostly False"
    rating_value: float | None = None  # the ordinal scale: value between worst and best
    best_rating: float | None = None
    worst_rating: float | None = None
    author: str | None = None  # the fact-checker
    published: str | None = None  # YYYY-MM-DD
    claimant: str | None = None  # who made the claim (author of itemReviewed)
    claimant_role: str | None = None  # the claimant's jobTitle as the markup gives it

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClaimReview:
        return cls(**_known(cls, d))


@dataclass(frozen=True)
class Document:
    """Main text and metadata of an article or a fetched source page.

    ``sha256`` and ``fetched_at`` describe the fetched body (None for submitted text);
    ``links`` are absolute URLs the page cites in its main text.
    """

    text: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    links: tuple[str, ...] = ()
    sha256: str | None = None
    fetched_at: str | None = None
    # headings, dateline and other metadata found that have no field of their own
    language: str | None = None
    # HTTP validators of the fetched body, to revalidate a cached copy instead of downloading it
    etag: str | None = None
    last_modified: str | None = None
    # fact-checks of claims the page publishes as ClaimReview markup
    reviews: tuple[ClaimReview, ...] = ()
    # the wire dateline, metadata and never a speaker: "BASHIQA, Iraq (Wire) -" -> place, agency
    dateline_place: str | None = None
    dateline_agency: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        d = _known(cls, d)
        d["links"] = tuple(d.get("links", ()))
        d["reviews"] = tuple(ClaimReview.from_dict(r) for r in d.get("reviews", ()))
        return cls(**d)


@dataclass(frozen=True)
class SourceFailure:
    """A source that could not be used, with the stable reason code of its FetchError."""

    url: str
    reason: Reason
    detail: str = ""

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceFailure:
        d = _known(cls, d)
        d["reason"] = checked_reason(d["reason"])
        return cls(**d)


@dataclass(frozen=True)
class Evidence:
    """One passage of one source, with what it says about the claim and why it counts."""

    url: str
    title: str | None
    outlet: str | None
    published: str | None
    passage: str
    stance: Stance
    independent: bool
    duplicate_of: str | None
    fetched_at: str
    sha256: str
    score: float = 0.0
    # why this passage got its stance (numbers compared, negation, ...), for auditors
    note: str | None = None
    after_claim: bool = False
    # the fact-check rating of the claim this source publishes, quoted ("rated 'False' by ...")
    rating: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(**_known(cls, d))


@dataclass(frozen=True)
class Verdict:
    label: Label
    confidence: float
    attribution: Attribution
    independent_sources: int
    rationale: str
    evidence: tuple[Evidence, ...] = ()
    failures: tuple[SourceFailure, ...] = ()
    # why the claim was not checked ("timeout" when the sweeper closed it), else None
    reason: Reason | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Verdict:
        d = _known(cls, d)
        if d.get("reason") is not None:
            d["reason"] = checked_reason(d["reason"])
        d["evidence"] = tuple(Evidence.from_dict(e) for e in d.get("evidence", ()))
        d["failures"] = tuple(SourceFailure.from_dict(f) for f in d.get("failures", ()))
        return cls(**d)


@dataclass(frozen=True)
class ArticleInput:
    """What a user submitted: exactly one of url / text / html, plus hints."""

    url: str | None = None
    text: str | None = None
    html: str | None = None
    title: str | None = None
    published: str | None = None
    sources: tuple[str, ...] = ()
    callback_url: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleInput:
        d = _known(cls, d)
        d["sources"] = tuple(d.get("sources") or ())
        return cls(**d)


@dataclass(frozen=True)
class Review:
    """A reviewer's final label for a claim, kept beside the machine verdict (never over it).

    ``by`` is the API key's name, ``at`` an ISO time, ``machine_label`` the verdict it answered.
    """

    label: Label
    note: str
    by: str
    at: str
    machine_label: Label

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Review:
        return cls(**_known(cls, d))


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    verdict: Verdict | None
    review: Review | None = None
    # other articles carrying the same claim fact, whose cross-check this one shares (pipeline/facts.py)
    shared_with: tuple[str, ...] = ()

    def to_report(self) -> dict[str, Any]:
        out = to_dict(self.claim)
        out["verdict"] = to_dict(self.verdict) if self.verdict is not None else None
        out["review"] = to_dict(self.review) if self.review is not None else None
        out["shared_with"] = list(self.shared_with)
        return out


@dataclass(frozen=True)
class Report:
    """The article report of the contract: what the API, `status` and `verify` print."""

    id: str
    status: ArticleStatus
    article: Document
    claims: tuple[ClaimResult, ...] = ()
    claims_total: int = 0
    error: dict[str, Any] | None = None
    failures: tuple[SourceFailure, ...] = field(default=())
    # delivery of the callback_url POST (url, status, attempts, last_at, last_error), when one was given
    callback: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        done = sum(1 for c in self.claims if c.verdict is not None)
        out: dict[str, Any] = {
            "id": self.id,
            "status": self.status,
            "article": to_dict(self.article),
            "progress": {"claims_total": self.claims_total, "claims_done": done},
            "claims": [c.to_report() for c in self.claims],
            "source_failures": to_dict(self.failures),
        }
        if self.error is not None:
            out["error"] = self.error
        if self.callback is not None:
            out["callback"] = self.callback
        return out
