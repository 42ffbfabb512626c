"""The desk's web page, served by the API: server-rendered Jinja2 plus one small local script.

Every response carries a Content-Security-Policy that allows only this origin's script and
style files (no inline script, no CDN), and every fetched text goes through autoescape.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from config.settings import Settings
from newscheck.desk import render
from pipeline.ports import StateStore
from pipeline.errors import InputError
from pipeline.ids import is_article_id
from pipeline.models import ArticleStatus, Label, Status

HERE = Path(__file__).parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
STATIC = {"desk.js": "text/javascript; charset=utf-8", "desk.css": "text/css; charset=utf-8"}
LABELS = ("supported", "contradicted", "mixed", "unverified")
STATUSES = tuple(s.value for s in ArticleStatus)

templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                        trim_blocks=True, lstrip_blocks=True)
templates.globals.update(render=render, labels=LABELS, statuses=STATUSES)


def page_router(settings: Settings, store: StateStore, authorised: Callable[..., str | None],
                unauthorised: type[Exception]) -> APIRouter:
    desk = store.desk
    router = APIRouter(include_in_schema=False)
    keys_on = bool(settings.api_keys)

    def page(name: str, code: int = 200, **ctx: Any) -> HTMLResponse:
        html = templates.get_template(name).render(keys_on=keys_on, **ctx)
        return HTMLResponse(html, status_code=code, headers=SECURITY_HEADERS)

    def allowed(request: Request) -> bool:
        try:
            authorised(request)
        except unauthorised:
            return False
        return True

    @router.get("/", response_class=HTMLResponse)
    def index(request: Request, status: Status | None = None, label: Label | None = None,
              cursor: str | None = Query(None, max_length=200)) -> HTMLResponse:
        if not allowed(request):
            return page("key.html", 401)
        try:
            listing = desk.list_articles(limit=20, cursor=cursor, status=status, label=label)
        except InputError as exc:
            return page("index.html", 422, rows=[], error=str(exc), status=status, label=label, next_url=None, paged=True,
                        first_url="/")
        filters = {k: v for k, v in {"status": status, "label": label}.items() if v}
        next_url = "/?" + urlencode({**filters, "cursor": listing.next_cursor}) if listing.next_cursor else None
        return page("index.html", rows=listing.items, status=status, label=label, next_url=next_url,
                    paged=cursor is not None, first_url="/?" + urlencode(filters))

    def report_page(aid: str, request: Request, template: str) -> HTMLResponse:
        if not allowed(request):
            return page("key.html", 401)
        report = store.report(aid) if is_article_id(aid) else None
        if report is None:
            return page("missing.html", 404, aid=aid)
        return page(template, report=report.to_dict())

    @router.get("/articles/{aid}", response_class=HTMLResponse)
    def article(aid: str, request: Request) -> HTMLResponse:
        return report_page(aid, request, "article.html")

    @router.get("/articles/{aid}/live", response_class=HTMLResponse)
    def live(aid: str, request: Request) -> HTMLResponse:
        """The part of the article page that changes as verdicts and reviews arrive."""
        return report_page(aid, request, "_live.html")

    @router.get("/docs", response_class=HTMLResponse)
    @router.get("/redoc", response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        """The API reference from its own OpenAPI schema, offline (Swagger UI and ReDoc need a CDN)."""
        return page("docs.html", operations=render.operations(request.app.openapi()))

    @router.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC:
            return Response("not found", status_code=404, media_type="text/plain", headers=SECURITY_HEADERS)
        return Response((HERE / "static" / name).read_bytes(), media_type=STATIC[name],
                        headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})

    return router
