"""The OpenAPI document, typed: the report and the claim as schemas, errors as problem details.

The report is built from the domain's dataclasses (``Report.to_dict``), so its schema is derived
from those same dataclasses here instead of a second, hand-kept set of response models; the
routes keep returning plain dictionaries (nothing is re-validated at run time).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import TypeAdapter

from pipeline.errors import HTTP_REASON_PATTERN
from pipeline.models import ArticleStatus, Claim, Document, Review, SourceFailure, Verdict
from pipeline.records import CallbackStatus

PROBLEM = "application/problem+json"
Json = dict[str, Any]


def _ref(name: str) -> Json:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(name: str) -> Json:
    return {"anyOf": [_ref(name), {"type": "null"}]}


PROBLEM_SCHEMA: Json = {
    "type": "object", "title": "Problem", "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                   "detail": {"type": "string"},
                   "errors": {"type": "array", "items": {"type": "object"}, "description": "422 only: each invalid field."}},
}
STATUSES = [s.value for s in ArticleStatus]
# every recorded failure reason: a FailureReason member (its component, derived from the enum) or "http <status>"
REASON: Json = {"anyOf": [_ref("FailureReason"), {"type": "string", "pattern": HTTP_REASON_PATTERN, "title": "HttpReason"}]}
SCHEMAS: Json = {
    "Problem": PROBLEM_SCHEMA,
    "ClaimInReport": {"allOf": [_ref("Claim"), {
        "type": "object", "required": ["verdict", "review"],
        "properties": {"verdict": _nullable("Verdict"), "review": _nullable("Review"),
                       "shared_with": {"type": "array", "items": {"type": "string"},
                                       "description": "Other articles carrying the same claim fact (one cross-check)."}}}]},
    "ClaimWithVerdict": {"allOf": [_ref("Claim"), {
        "type": "object", "required": ["article_id", "verdict"],
        "properties": {"article_id": {"type": "string"}, "verdict": _nullable("Verdict")}}]},
    "Report": {
        "type": "object", "title": "Report", "required": ["id", "status", "article", "progress", "claims", "source_failures"],
        "properties": {
            "id": {"type": "string"}, "status": {"enum": STATUSES, "type": "string"},
            "article": _ref("Document"),
            "progress": {"type": "object", "required": ["claims_total", "claims_done"],
                         "properties": {"claims_total": {"type": "integer"}, "claims_done": {"type": "integer"}}},
            "claims": {"type": "array", "items": _ref("ClaimInReport")},
            "source_failures": {"type": "array", "items": _ref("SourceFailure")},
            "error": {"type": "object", "description": "Why the article failed (failed articles only).",
                      "properties": {"reason": REASON, "detail": {"type": "string"}}},
            "callback": {"type": "object", "description": "Delivery of the callback_url POST, when one was given.",
                         "required": ["url", "status", "attempts"],
                         "properties": {"url": {"type": "string"}, "attempts": {"type": "integer"},
                                        "status": {"enum": [s.value for s in CallbackStatus], "type": "string"},
                                        "last_at": {"type": ["string", "null"]}, "last_error": {"type": ["string", "null"]}}},
        },
    },
}
TYPED_200 = {("get", "/v1/articles/{aid}"): "Report", ("get", "/v1/claims/{cid}"): "ClaimWithVerdict"}
ERRORS = {"401": "no or unknown API key (when keys are on)", "404": "unknown id", "409": "not possible in this state",
          "413": "body too large", "422": "invalid request", "429": "rate limit reached (see Retry-After)",
          "503": "the state store (Redis) is unavailable"}


def document_api(app: FastAPI) -> None:
    """Make ``app.openapi`` return the typed document (built once, on first request)."""

    def openapi() -> Json:
        if app.openapi_schema is None:
            app.openapi_schema = typed(get_openapi(title=app.title, version=app.version,
                                                   description=app.description, routes=app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def typed(doc: Json) -> Json:
    components = doc.setdefault("components", {}).setdefault("schemas", {})
    adapters = [(name, "serialization", TypeAdapter(cls)) for name, cls in
                (("Claim", Claim), ("Verdict", Verdict), ("Review", Review), ("Document", Document), ("SourceFailure", SourceFailure))]
    _, defs = TypeAdapter.json_schemas(adapters, ref_template="#/components/schemas/{model}")  # type: ignore[arg-type]
    for name, schema in {**defs.get("$defs", {}), **SCHEMAS}.items():
        components.setdefault(name, schema)
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            _responses(method, path, op)
    return doc


def _responses(method: str, path: str, op: Json) -> None:
    responses = op.setdefault("responses", {})
    name = TYPED_200.get((method, path))
    if name:
        responses["200"] = {"description": "OK", "content": {"application/json": {"schema": _ref(name)}}}
    if path.endswith("/events"):
        responses["200"] = {"description": "Server-sent events until the article is finished",
                            "content": {"text/event-stream": {"schema": {"type": "string"}}}}
    if path == "/metrics":
        responses["200"] = {"description": "Prometheus text format", "content": {"text/plain": {"schema": {"type": "string"}}}}
    wanted = ["401", "503"]
    if "{" in path:
        wanted.append("404")
    if "requestBody" in op or op.get("parameters"):
        wanted.append("422")
    if "requestBody" in op:
        wanted.append("413")
    if method == "post":
        wanted.append("429")
    if path.endswith(("/review", "/recheck")):
        wanted.append("409")
    if path == "/healthz":
        wanted = ["503"]
    for code in wanted:
        responses[code] = {"description": ERRORS[code], "content": {PROBLEM: {"schema": _ref("Problem")}}}
    if path == "/healthz":
        responses["503"] = {"description": "Redis or the workers do not answer",
                            "content": {"application/json": {"schema": {"type": "object"}}}}
