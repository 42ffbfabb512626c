"""The desk's JSON API: PUT a review, list and delete articles, export ClaimReview."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from config.settings import Settings
from newscheck.desk import ApiHooks, key_name
from newscheck.desk.claimreview import claim_reviews
from pipeline.desk import make_review
from pipeline.ports import StateStore
from pipeline.errors import InputError, NotFound
from pipeline.ids import is_article_id, is_claim_id
from pipeline.models import ArticleStatus, Label, Status, to_dict

BATCH_MAX = 50  # submissions in one batch request


class ReviewRequest(BaseModel):
    """A reviewer's final label for a claim and why."""

    model_config = ConfigDict(extra="forbid")

    label: Label
    note: str = Field("", max_length=4000)

    @field_validator("note")
    @classmethod
    def _encodable(cls, v: str) -> str:
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("note is not valid Unicode text (lone surrogate)") from None
        return v.strip()


class ReviewOut(BaseModel):
    label: Label
    note: str
    by: str
    at: str
    machine_label: Label


class ArticleRow(BaseModel):
    id: str
    status: Status
    created_at: str | None
    title: str | None
    url: str | None
    claims_total: int
    claims_done: int
    labels: dict[str, int] = Field(description="Claims by final label (the review's, else the verdict's).")
    reviewed: int


class ArticleList(BaseModel):
    items: list[ArticleRow]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last page.")


class BatchRequest(BaseModel):
    """Up to BATCH_MAX submissions, each shaped like the body of POST /v1/articles."""

    model_config = ConfigDict(extra="forbid")

    articles: list[dict[str, Any]] = Field(min_length=1, max_length=BATCH_MAX)


class BatchItem(BaseModel):
    index: int
    status: int = Field(description="What POST /v1/articles would have answered for this item (202, 422, 429).")
    id: str | None = None
    article_status: Status | None = None
    detail: str | None = None


class BatchResult(BaseModel):
    results: list[BatchItem]


class RecheckRequest(BaseModel):
    """Sources to check the article's claims against again."""

    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(default_factory=list, description="New source URLs.")
    replace: bool = Field(False, description="Use only these sources (default: add them to the earlier ones).")


class VerdictHistory(BaseModel):
    claim_id: str
    verdicts: list[dict[str, Any]] = Field(description="Every verdict of the claim, oldest first; the last is current.")
    reviews: list[ReviewOut] = Field(description="Every review of the claim, oldest first; the last is current.")


def api_router(settings: Settings, store: StateStore, hooks: ApiHooks) -> APIRouter:
    desk, articles, verdicts = store.desk, store.articles, store.verdicts
    router = APIRouter(tags=["desk"])
    authorised = hooks.authorised

    @router.post("/v1/articles/batch", response_model=BatchResult)
    def batch(body: BatchRequest, request: Request, key: str | None = Depends(authorised)) -> BatchResult:
        """Submit several articles; each is validated, rate-limited and queued on its own."""
        results = []
        for n, raw in enumerate(body.articles):
            try:
                hooks.rate_limited(request, key)
                accepted: Any = hooks.accept(hooks.submission.model_validate(raw))
            except hooks.rate_limited_error:
                results.append(BatchItem(index=n, status=429, detail="rate limit reached; retry later"))
            except ValidationError as exc:
                detail = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors())
                results.append(BatchItem(index=n, status=422, detail=detail))
            except InputError as exc:
                results.append(BatchItem(index=n, status=422, detail=str(exc)))
            else:
                results.append(BatchItem(index=n, status=202, id=accepted.id, article_status=accepted.status))
        return BatchResult(results=results)

    @router.post("/v1/articles/{aid}/recheck", status_code=202, dependencies=[Depends(hooks.rate_limited)])
    def recheck(aid: str, body: RecheckRequest, response: Response) -> Any:
        """Judge the article's claims again with new or extra sources; earlier verdicts are kept as history."""
        inp = articles.article_input(aid) if is_article_id(aid) else None
        if inp is None:
            raise NotFound(f"no article with id {aid!r}")
        sources = list(body.sources) if body.replace else list(dict.fromkeys([*inp.sources, *body.sources]))
        raw = {k: v for k, v in {**to_dict(inp), "sources": sources}.items() if v is not None}
        try:
            accepted: Any = hooks.accept(hooks.submission.model_validate(raw))  # the submission's own checks
        except ValidationError as exc:
            raise InputError("; ".join(str(e["msg"]) for e in exc.errors())) from None
        outcome = desk.recheck(aid, replace(inp, sources=tuple(sources)), deadline_s=settings.article_deadline)
        if outcome == 0:
            raise HTTPException(409, f"article {aid} is still being checked; recheck it once it is finished")
        hooks.enqueue(aid)
        response.headers["Location"] = accepted.links.self
        return accepted.model_copy(update={"status": ArticleStatus.QUEUED.value, "note": None})

    @router.get("/v1/claims/{cid}/history", response_model=VerdictHistory, dependencies=[Depends(authorised)])
    def history(cid: str) -> VerdictHistory:
        """The claim's verdicts across rechecks and its reviews, oldest first."""
        if not is_claim_id(cid) or verdicts.claim(cid) is None:
            raise NotFound(f"no claim with id {cid!r}")
        earlier = [to_dict(v) for v in desk.verdict_history(cid)]
        current = verdicts.verdict(cid)
        if current is not None:
            earlier.append(to_dict(current))
        reviews = [ReviewOut(**to_dict(r)) for r in desk.review_history(cid)]
        return VerdictHistory(claim_id=cid, verdicts=earlier, reviews=reviews)

    @router.put("/v1/claims/{cid}/review", response_model=ReviewOut)
    def put_review(cid: str, body: ReviewRequest, key: str | None = Depends(authorised)) -> ReviewOut:
        """Record the reviewer's final label beside the machine verdict (which is never changed)."""
        found = verdicts.claim(cid) if is_claim_id(cid) else None
        if found is None:
            raise NotFound(f"no claim with id {cid!r}")
        _, aid = found
        verdict = verdicts.verdict(cid)
        if verdict is None:
            raise HTTPException(409, f"claim {cid} has no machine verdict yet; review it once it is judged")
        review = make_review(body.label, body.note, key_name(key), verdict.label)
        desk.record_review(aid, cid, review)
        return ReviewOut(**to_dict(review))

    @router.get("/v1/articles", response_model=ArticleList, dependencies=[Depends(authorised)])
    def list_articles(
        limit: int = Query(20, ge=1, le=100),
        cursor: str | None = Query(None, max_length=200),
        status: Status | None = None,
        label: Label | None = None,
    ) -> ArticleList:
        """Articles newest first; filter by status and by a claim's final label."""
        page = desk.list_articles(limit=limit, cursor=cursor, status=status, label=label)
        return ArticleList(items=[ArticleRow(**to_dict(s)) for s in page.items], next_cursor=page.next_cursor)

    @router.delete("/v1/articles/{aid}", status_code=204, dependencies=[Depends(authorised)])
    def delete_article(aid: str) -> Response:
        """Remove the article's state, claims, verdicts, reviews and events (the source cache stays).

        Refused (409) while workers are on it: their next write would bring part of it back."""
        meta = articles.article(aid) if is_article_id(aid) else None
        if meta is None:
            raise NotFound(f"no article with id {aid!r}")
        if not meta.finished:
            raise HTTPException(409, f"article {aid} is being checked; delete it once it is finished")
        desk.delete_article(aid)
        return Response(status_code=204)

    @router.get("/v1/articles/{aid}/claimreview", dependencies=[Depends(authorised)],
                responses={200: {"content": {"application/ld+json": {}}}})
    def claimreview(aid: str, request: Request) -> JSONResponse:
        """schema.org ClaimReview JSON-LD, one per claim with a definite final label."""
        report = store.report(aid) if is_article_id(aid) else None
        if report is None:
            raise NotFound(f"no article with id {aid!r}")
        body: dict[str, Any] = claim_reviews(report.to_dict(), str(request.base_url).rstrip("/"))
        return JSONResponse(body, media_type="application/ld+json")

    return router
