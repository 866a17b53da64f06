"""`/api/v1`: customers, activities, follow-ups and deals over JSON, for other systems.

Every request is a verb of the chat run through `Crm.run` as the token's member: a write is
journalled and done in one unit of work with the chat's validation and audit; a read runs in
a read-only transaction. An answer is the verb's `reply.data`; a refusal is 400 with its
text. Before any of that: a token (401), its scope (403), its rate (429), the body's size
(413), type (415) and shape (400), each answered as JSON, changing nothing.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from aiohttp import web
from pydantic import ValidationError

from bot.api.auth import Caller, RateLimit, caller
from bot.api.bodies import Body
from bot.bootstrap import App
from handlers.context import Refusal
from handlers.i18n import Translate, translator
from handlers.reply import Reply

MAX_BODY_BYTES = 64 * 1024
B = TypeVar("B", bound=Body)
Build = Callable[[Translate, datetime], tuple[str, object]]
"""Builds the verb and its typed arguments; may refuse (with the caller's translator)."""
Route = Callable[[web.Request, Caller, Translate], Awaitable[web.Response]]


class ApiError(Exception):
    def __init__(self, status: int, message: str, **headers: str) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers

    def response(self) -> web.Response:
        return web.json_response({"error": self.message}, status=self.status, headers=self.headers)


class Api:
    def __init__(self, app: App, limit: RateLimit) -> None:
        self.app = app
        self.limit = limit

    def route(self, scope: str, handler: Route) -> Callable[[web.Request], Awaitable[web.Response]]:
        """The handler behind the token check, the scope and the rate limit."""

        async def guarded(request: web.Request) -> web.Response:
            try:
                found = await self._caller(request)
                t = translator(found.language)
                if not found.may(scope):
                    raise ApiError(403, t("This token may only read."))
                wait = self.limit.wait(found.token_id)
                if wait:
                    raise ApiError(
                        429,
                        t("Too many requests; try again shortly."),
                        **{"Retry-After": str(wait)},
                    )
                return await handler(request, found, t)
            except ApiError as problem:
                return problem.response()

        return guarded

    async def _caller(self, request: web.Request) -> Caller:
        header = request.headers.get("Authorization", "")
        found = await asyncio.to_thread(caller, self.app, header) if header else None
        if found is None:
            t = translator(self.app.settings.crm_language)
            raise ApiError(401, t("A valid API token is needed."), **{"WWW-Authenticate": "Bearer"})
        return found

    async def answer(
        self, found: Caller, build: Build, *, write: bool, status: int = 200
    ) -> web.Response:
        reply = await asyncio.to_thread(self._run, found, build, write)
        if not reply.ok:
            problem = {"error": reply.text, "argument": reply.argument, "data": reply.data}
            return web.json_response(problem, status=400, dumps=_dumps)
        return web.json_response(reply.data, status=status, dumps=_dumps)

    def _run(self, found: Caller, build: Build, write: bool) -> Reply:
        t = translator(found.language)
        try:
            verb, args = build(t, self.app.crm.clock())
        except Refusal as refusal:
            reply = Reply(text=refusal.message, ok=False)
            reply.argument = refusal.argument
            return reply
        return self.app.crm.run(verb, args, found.member_id, platform="api", write=write)


async def body(request: web.Request, model: type[B], t: Translate) -> B:
    """The request's JSON body as `model`; too large, not JSON, or not the model's shape is
    refused before anything runs."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise ApiError(413, _too_large(t))
    if request.content_type != "application/json":
        raise ApiError(415, t("Send the body as application/json."))
    raw = await request.content.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, _too_large(t))
    try:
        return model.model_validate_json(raw)
    except ValidationError as problem:
        raise ApiError(400, explain(t, problem)) from problem


def query(request: web.Request, model: type[B], t: Translate) -> B:
    if len(request.query) != len(set(request.query)):
        raise ApiError(400, t("Give each query parameter once."))
    try:
        return model.model_validate(dict(request.query))
    except ValidationError as problem:
        raise ApiError(400, explain(t, problem)) from problem


def record_id(request: web.Request, t: Translate) -> int:
    text = request.match_info["id"]
    if not text.isdigit() or not 1 <= int(text) <= 10**12:
        raise ApiError(404, t("No such record."))
    return int(text)


def explain(t: Translate, problem: ValidationError) -> str:
    """The first thing wrong with a body, named by its field."""
    first = problem.errors(include_url=False)[0]
    field = ".".join(str(part) for part in first["loc"])
    kind = first["type"]
    if kind == "json_invalid":
        return t("The body is not valid JSON.")
    if kind in ("model_type", "model_attributes_type") or not field:
        return t("The body must be a JSON object.")
    if kind == "extra_forbidden":
        return t("Unknown field: {field}.", field=field)
    if kind == "missing":
        return t("Missing field: {field}.", field=field)
    return t("Field {field} is not valid: {problem}", field=field, problem=first["msg"])


def _too_large(t: Translate) -> str:
    return t("The body is too large (at most {limit} bytes).", limit=MAX_BODY_BYTES)


def _dumps(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def build(verb: str, args: object) -> Build:
    """A Build for arguments that need neither the translator nor the time."""
    return lambda _t, _now: (verb, args)
