"""`GET /api/v1/openapi.json`: the API described as OpenAPI 3.1, from the same pydantic
models that check the requests (bot/api/bodies.py), so the two cannot disagree."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from bot.api.bodies import (
    BODIES,
    CustomerChange,
    CustomerQuery,
    DealChange,
    DealQuery,
    FollowupChange,
    FollowupQuery,
    NewActivity,
    NewCustomer,
    NewDeal,
    NewFollowup,
)
from storage.listing import COUNT_CAP

REF = "#/components/schemas/{model}"
ERRORS = {
    "400": "Refused: the body's shape, or what the chat would refuse (the text says why).",
    "401": "No valid token.",
    "403": "A read token asked to write.",
    "413": "The body is larger than 64 KiB.",
    "415": "The body is not application/json.",
    "429": "More than 60 requests a minute with this token; see Retry-After.",
}
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}


def document() -> dict[str, Any]:
    _, defs = models_json_schema([(m, "validation") for m in BODIES], ref_template=REF)
    schemas = dict(defs.get("$defs", {}))
    schemas["Error"] = {
        "type": "object",
        "properties": {"error": {"type": "string"}, "argument": {}, "data": {}},
        "required": ["error"],
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "crmbot API",
            "version": "1",
            "description": "The chat's verbs over JSON: the same checks, the same audit.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "paths": _paths(),
    }


def _paths() -> dict[str, Any]:
    return {
        "/customers": {
            "get": _read("listCustomers", "Customers by the filters of chat `list`. `total` counts "
                         f"up to {COUNT_CAP:,} matches (or to the end of the page asked for); past that "
                         "`total_exact` is false and there are more than `total`; "
                         "`count=exact` counts them all.", CustomerQuery),
            "post": _write("addCustomer", "Add a company or a contact (chat `add`).", NewCustomer, "201"),
        },
        "/customers/{id}": {
            "parameters": [ID],
            "get": _read("getCustomer", "A customer's card (chat `show`)."),
            "patch": _write("setCustomer", "Change a customer's fields (chat `set`).", CustomerChange),
        },
        "/customers/{id}/history": {
            "parameters": [ID],
            "get": _read("customerHistory", "A customer's history (chat `history`)."),
        },
        "/activities": {
            "post": _write("logActivity", "Log a call, visit, note ... (chat `log`).", NewActivity, "201"),
        },
        "/followups": {
            "get": _read("listFollowups", "Open follow-ups (chat `mine`, `today`, `overdue`).", FollowupQuery),
            "post": _write("planFollowup", "Plan a follow-up (chat `followup`).", NewFollowup, "201"),
        },
        "/followups/{id}": {
            "parameters": [ID],
            "patch": _write("changeFollowup", "Done, cancelled or snoozed (chat `done`, `cancel`, `snooze`).", FollowupChange),
        },
        "/deals": {
            "get": _read("listDeals", "Open deals (chat `deals`).", DealQuery),
            "post": _write("addDeal", "A new deal (chat `deal`).", NewDeal, "201"),
        },
        "/deals/{id}": {
            "parameters": [ID],
            "patch": _write("setDeal", "Change a deal (chat `set deal`).", DealChange),
        },
    }  # fmt: skip


def _read(operation: str, summary: str, params: type[BaseModel] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "operationId": operation,
        "summary": summary,
        "responses": _responses("200"),
    }
    if params is not None:
        found["parameters"] = _query(params)
    return found


def _write(operation: str, summary: str, model: type[BaseModel], ok: str = "200") -> dict[str, Any]:
    return {
        "operationId": operation,
        "summary": summary,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": REF.format(model=model.__name__)}}},
        },
        "responses": _responses(ok),
    }


def _responses(ok: str) -> dict[str, Any]:
    error = {"application/json": {"schema": {"$ref": REF.format(model="Error")}}}
    answers: dict[str, Any] = {
        ok: {
            "description": "The verb's answer data.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    }
    answers |= {code: {"description": text, "content": error} for code, text in ERRORS.items()}
    return answers


def _query(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=REF)
    return [
        {"name": name, "in": "query", "required": False, "schema": field}
        for name, field in schema["properties"].items()
    ]
