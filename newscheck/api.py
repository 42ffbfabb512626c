"""The HTTP API: submit articles, read reports, stream progress. It only submits and reads.

Errors are RFC 9457 problem details (``type``, ``title``, ``status``, ``detail``): unknown ids
404, malformed bodies 422, oversized bodies 413, missing API key 401, Redis down 503.
Tasks are sent by name, so the API process never imports the NLP stack.
"""

from __future__ import annotations

import hmac
import re
from datetime import date
from typing import Any
from urllib.parse import unquote, urlsplit

from celery import Celery
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from config.settings import Settings, get_settings
from newscheck.desk import KEY_COOKIE, ApiHooks, desk_router
from newscheck.desk.openapi import document_api
from newscheck.metrics import StoreCollector
from newscheck.sse import EventStreams, stream_position
from pipeline.adapters import wiring
from pipeline.adapters.redis_events import AsyncEvents
from pipeline.adapters.redis_state import RedisState
from pipeline import ids
from pipeline.claims.guard import MAX_CHARS
from pipeline.errors import InputError, NotFound, StoreUnavailable
from pipeline.ids import article_id_for, is_article_id, is_claim_id
from pipeline.models import ArticleInput, ArticleStatus, to_dict
from pipeline.netguard import check_url

PROBLEM = "application/problem+json"
_DATE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def problem(status: int, title: str, detail: str, type_: str = "about:blank", **extra: Any) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _http_url(value: str, field: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{field} must be an absolute http(s) URL, got {value!r}")
    return value


def _unicode(value: str, field: str) -> str:
    """Lone surrogates cannot be stored or hashed as UTF-8: refuse them here, not with a 500 later."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{field} is not valid Unicode text (lone surrogate)") from None
    return value


class SubmitRequest(BaseModel):
    """An article to check: exactly one of url, text, html."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(None, max_length=2048)
    text: str | None = None
    html: str | None = None
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, description="YYYY-MM-DD")
    sources: list[str] = Field(default_factory=list)
    callback_url: str | None = Field(None, max_length=2048)

    @field_validator("url", "text", "html", "title", "published", "callback_url", mode="before")
    @classmethod
    def _encodable(cls, v: Any, info: Any) -> Any:
        return _unicode(v, info.field_name) if isinstance(v, str) else v

    @field_validator("text", "html")
    @classmethod
    def _readable(cls, v: str | None, info: Any) -> str | None:
        """The pipeline's character limit, checked at submission so a doomed article is never queued."""
        if v is not None and len(v) > MAX_CHARS:
            raise ValueError(f"{info.field_name} too large: {len(v):,} characters (limit {MAX_CHARS:,})")
        return v

    @field_validator("url", "callback_url")
    @classmethod
    def _urls(cls, v: str | None, info: Any) -> str | None:
        return None if v is None else _http_url(v, info.field_name)

    @field_validator("sources")
    @classmethod
    def _sources(cls, v: list[str]) -> list[str]:
        return [_http_url(_unicode(u, "every source"), "every source") for u in v]

    @field_validator("published")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            if not _DATE.match(v):
                raise ValueError
            date.fromisoformat(v)
        except ValueError:
            raise ValueError("published must be a real date YYYY-MM-DD") from None
        return v

    @model_validator(mode="after")
    def _exactly_one(self) -> SubmitRequest:
        given = [n for n in ("url", "text", "html") if getattr(self, n) is not None]
        blank = [n for n in given if not getattr(self, n).strip()]
        if blank:
            raise ValueError(f"{blank[0]} is empty or only whitespace")
        if len(given) != 1:
            raise ValueError(f"give exactly one of url, text or html (got {', '.join(given) or 'none'})")
        return self


class Links(BaseModel):
    self: str
    events: str


class Accepted(BaseModel):
    id: str
    status: str
    links: Links
    note: str | None = Field(None, description="Set when a resubmission brings sources the article was not checked against.")


class BodySizeLimit:
    """Refuse bodies above the limit with 413, whether or not Content-Length is sent.

    A body without a length (chunked) is read, up to the limit, before the app sees it: an error
    raised while the app reads would reach FastAPI's body parser and come out as a 400.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._too_large(scope, receive, send)
        if declared is not None or scope.get("method") in ("GET", "HEAD"):
            return await self.app(scope, receive, send)  # the server holds a declared length to its word
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before its body was complete
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_bytes:
                return await self._too_large(scope, receive, send)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        resp = problem(413, "Payload Too Large", f"request bodies are limited to {self.max_bytes} bytes")
        await resp(scope, receive, send)


def create_app(settings: Settings | None = None, *, store: RedisState | None = None, celery: Celery | None = None) -> FastAPI:
    settings = settings or get_settings()
    if store is None:
        store = wiring.state(settings)
    if celery is None:
        from workers.app import create_app as create_celery

        celery = create_celery(settings)
    # Swagger UI and ReDoc load from a CDN: off; /docs is the desk's offline reference instead
    api = FastAPI(title="newscheck", version="0.1.0", description="Verify the attributed claims of news articles.",
                  docs_url=None, redoc_url=None)
    api.add_middleware(BodySizeLimit, max_bytes=settings.api_max_body_bytes)
    the_store, the_celery = store, celery

    def authorised(request: Request) -> str | None:
        """The caller's API key once checked; None when keys are off (the local demo)."""
        if not settings.api_keys:
            return None
        header = request.headers.get("authorization", "")
        key = header[7:] if header.lower().startswith("bearer ") else request.headers.get("x-api-key", "")
        key = key or unquote(request.cookies.get(KEY_COOKIE, ""))  # the desk page's SameSite=Strict cookie (URI-encoded)
        if not _known_key(key, settings.api_keys):
            raise _Unauthorised()
        return key

    @api.exception_handler(_Unauthorised)
    async def _unauth(request: Request, exc: _Unauthorised) -> JSONResponse:
        resp = problem(401, "Unauthorized", "send an API key as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'")
        resp.headers["WWW-Authenticate"] = "Bearer"
        return resp

    @api.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        detail = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:]) or 'body'}: {e['msg']}" for e in errors)
        return problem(422, "Unprocessable Content", detail or "invalid request", errors=errors)

    @api.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, _TITLES.get(exc.status_code, "Error"), str(exc.detail))

    @api.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> JSONResponse:
        return problem(404, "Not Found", str(exc))

    @api.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        resp = problem(503, "Service Unavailable", "the state store (Redis) is unavailable; try again shortly")
        resp.headers["Retry-After"] = "5"
        return resp

    @api.exception_handler(InputError)
    async def _bad_input(request: Request, exc: InputError) -> JSONResponse:
        return problem(422, "Unprocessable Content", str(exc))

    def rate_limited(request: Request, key: str | None = Depends(authorised)) -> None:
        """Per validated key, else per client address: a made-up header never opens a new bucket."""
        who = f"key:{key}" if key is not None else f"addr:{request.client.host if request.client else 'unknown'}"
        used, retry_after = the_store.submissions.hit_rate("submit:" + ids.short_hash(who), 60)
        if used > settings.api_rate_per_minute:
            raise _RateLimited(retry_after)

    @api.exception_handler(_RateLimited)
    async def _too_many(request: Request, exc: _RateLimited) -> JSONResponse:
        resp = problem(429, "Too Many Requests", f"at most {settings.api_rate_per_minute} submissions a minute; retry later")
        resp.headers["Retry-After"] = str(exc.retry_after)
        return resp

    @api.post("/v1/articles", status_code=202, response_model=Accepted,
              dependencies=[Depends(rate_limited)])
    def submit(body: SubmitRequest, response: Response) -> Accepted:
        accepted = accept(body)
        response.headers["Location"] = accepted.links.self
        return accepted

    def accept(body: SubmitRequest) -> Accepted:
        """Queue one valid submission; the same article keeps its id and is not queued twice."""
        if len(body.sources) > settings.max_sources:
            raise InputError(f"at most {settings.max_sources} sources per submission (got {len(body.sources)})")
        for url in filter(None, [body.url, body.callback_url, *body.sources]):
            check_url(url, settings.fetch_allow_hosts, resolver=_no_dns)
        inp = ArticleInput.from_dict(body.model_dump())
        aid = article_id_for(inp)
        note = None
        if the_store.articles.create_article(aid, inp, deadline_s=settings.article_deadline):
            the_celery.send_task("newscheck.prepare_article", args=[aid])
        else:  # never silently: say which sources a resubmission would add, and how
            known = the_store.articles.article_input(aid)
            unused = [u for u in inp.sources if known is not None and u not in known.sources]
            if unused:
                note = (f"already submitted: {len(unused)} new source(s) not used; "
                        f"POST /v1/articles/{aid}/recheck with them checks the claims again")
        meta = the_store.articles.article(aid)
        status = meta.status if meta is not None else ArticleStatus.QUEUED
        return Accepted(id=aid, status=status, note=note,
                        links=Links(self=f"/v1/articles/{aid}", events=f"/v1/articles/{aid}/events"))

    @api.get("/v1/articles/{aid}", dependencies=[Depends(authorised)])
    def get_article(aid: str) -> dict[str, Any]:
        report = the_store.report(aid) if is_article_id(aid) else None
        if report is None:
            raise NotFound(f"no article with id {aid!r}")
        return report.to_dict()

    @api.get("/v1/claims/{cid}", dependencies=[Depends(authorised)])
    def get_claim(cid: str) -> dict[str, Any]:
        found = the_store.verdicts.claim(cid) if is_claim_id(cid) else None
        if found is None:
            raise NotFound(f"no claim with id {cid!r}")
        claim, aid = found
        verdict = the_store.verdicts.verdict(cid)
        return {**to_dict(claim), "article_id": aid, "verdict": to_dict(verdict) if verdict else None}

    streams = EventStreams(AsyncEvents(settings.redis_url, the_store.keys, max_connections=settings.api_max_streams + 10),
                           limit=settings.api_max_streams)

    @api.get("/v1/articles/{aid}/events", dependencies=[Depends(authorised)])
    async def events(aid: str, request: Request) -> Response:
        """Async: an open stream holds a coroutine, never one of the threads other routes need."""
        position = stream_position(request.headers.get("last-event-id"))
        if not is_article_id(aid) or await streams.events.status(aid) is None:
            raise NotFound(f"no article with id {aid!r}")
        if streams.full:
            resp = problem(503, "Service Unavailable", f"at most {streams.limit} event streams are open at once")
            resp.headers["Retry-After"] = "5"
            return resp
        after = await streams.start_after(aid, position)
        return StreamingResponse(streams.stream(aid, after), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    api.include_router(desk_router(settings, the_store, ApiHooks(
        authorised=authorised, unauthorised=_Unauthorised, rate_limited=rate_limited, rate_limited_error=_RateLimited,
        submission=SubmitRequest, accept=accept,
        enqueue=lambda aid: the_celery.send_task("newscheck.prepare_article", args=[aid]))))

    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector(the_store.stats, the_store.deadlines))

    @api.get("/metrics", dependencies=[Depends(authorised)])
    def metrics() -> Response:
        """Prometheus text format: articles, verdicts, fetch errors, queue lengths, task durations."""
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    @api.get("/healthz")
    def healthz() -> JSONResponse:
        checks: dict[str, Any] = {}
        try:
            checks["redis"] = "ok" if the_store.ping() else "no answer"
        except StoreUnavailable as exc:
            checks["redis"] = str(exc)
        try:
            replies: list[dict[str, Any]] | None = []
            if checks["redis"] == "ok":
                # a fresh broker connection each time: a pooled one may be stale after a Redis restart
                with the_celery.connection_for_write() as conn:
                    replies = the_celery.control.ping(timeout=1.0, connection=conn)
            checks["workers"] = len(replies or [])
        except Exception as exc:  # the broker's own errors: report, never crash the probe
            checks["workers"] = 0
            checks["broker"] = f"{type(exc).__name__}: {exc}"
        ok = checks["redis"] == "ok" and checks["workers"] > 0
        return JSONResponse({"status": "ok" if ok else "unavailable", **checks}, status_code=200 if ok else 503)

    document_api(api)  # typed report and claim, problem details, the event stream
    return api


class _Unauthorised(Exception):
    pass


class _RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after


def _known_key(key: str, keys: list[str]) -> bool:
    """Constant-time comparison against every key: timing never tells how much of a guess was right."""
    given = key.encode("utf-8", "surrogateescape")
    found = False
    for candidate in keys:
        found |= hmac.compare_digest(given, candidate.encode("utf-8", "surrogateescape"))
    return found


def _no_dns(host: str, port: int) -> list[str]:
    """The API checks literal addresses and local names only; workers re-check after DNS."""
    raise OSError("not resolved at submission")


_TITLES = {400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
           413: "Payload Too Large", 422: "Unprocessable Content", 429: "Too Many Requests", 503: "Service Unavailable"}
