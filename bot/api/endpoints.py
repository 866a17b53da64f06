"""The resources of `/api/v1` and the verbs they run. Mount with `mount(web_app, app)`."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiohttp import web

from bot.api import commands
from bot.api.auth import Caller, RateLimit
from bot.api.bodies import (
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
from bot.api.openapi import document
from bot.api.routes import Api, body, build, query, record_id
from bot.bootstrap import App
from handlers.i18n import Translate

PREFIX = "/api/v1"


def mount(web_app: web.Application, app: App, limit: RateLimit | None = None) -> None:
    api = Api(app, limit or RateLimit(app.settings.crm_api_requests_per_minute))
    currency = app.settings.crm_currency
    zone = ZoneInfo(app.settings.crm_timezone)
    spec = document()

    async def openapi(_request: web.Request) -> web.Response:
        return web.json_response(spec)

    async def list_customers(request: web.Request, found: Caller, t: Translate) -> web.Response:
        args = commands.list_customers(query(request, CustomerQuery, t))
        return await api.answer(found, build("list", args), write=False)

    async def get_customer(request: web.Request, found: Caller, t: Translate) -> web.Response:
        args = commands.show_customer(record_id(request, t), "show")
        return await api.answer(found, build("show", args), write=False)

    async def customer_history(request: web.Request, found: Caller, t: Translate) -> web.Response:
        args = commands.show_customer(record_id(request, t), "history")
        return await api.answer(found, build("history", args), write=False)

    async def add_customer(request: web.Request, found: Caller, t: Translate) -> web.Response:
        new = await body(request, NewCustomer, t)
        return await api.answer(
            found, lambda t, _now: ("add", commands.add_customer(t, new)), write=True, status=201
        )

    async def set_customer(request: web.Request, found: Caller, t: Translate) -> web.Response:
        customer_id = record_id(request, t)
        change = await body(request, CustomerChange, t)
        return await api.answer(
            found,
            lambda t, _now: ("set", commands.set_customer(t, customer_id, change)),
            write=True,
        )

    async def log_activity(request: web.Request, found: Caller, t: Translate) -> web.Response:
        new = await body(request, NewActivity, t)
        return await api.answer(
            found,
            lambda t, now: ("log", commands.log_activity(t, new, now)),
            write=True,
            status=201,
        )

    async def list_followups(request: web.Request, found: Caller, t: Translate) -> web.Response:
        verb, who = commands.list_followups(query(request, FollowupQuery, t))
        return await api.answer(found, build(verb, who), write=False)

    async def plan_followup(request: web.Request, found: Caller, t: Translate) -> web.Response:
        new = await body(request, NewFollowup, t)
        return await api.answer(
            found,
            lambda t, now: ("followup", commands.plan_followup(t, new, now)),
            write=True,
            status=201,
        )

    async def change_followup(request: web.Request, found: Caller, t: Translate) -> web.Response:
        followup_id = record_id(request, t)
        change = await body(request, FollowupChange, t)
        return await api.answer(
            found, lambda t, _now: commands.change_followup(t, followup_id, change), write=True
        )

    async def list_deals(request: web.Request, found: Caller, t: Translate) -> web.Response:
        args = commands.list_deals(query(request, DealQuery, t))
        return await api.answer(found, build("deals", args), write=False)

    async def add_deal(request: web.Request, found: Caller, t: Translate) -> web.Response:
        new = await body(request, NewDeal, t)
        return await api.answer(
            found,
            lambda t, now: ("deal", commands.new_deal(t, new, currency, now.astimezone(zone))),
            write=True,
            status=201,
        )

    async def set_deal(request: web.Request, found: Caller, t: Translate) -> web.Response:
        deal_id = record_id(request, t)
        change = await body(request, DealChange, t)
        return await api.answer(
            found, lambda t, _now: ("set", commands.set_deal(t, deal_id, change)), write=True
        )

    router = web_app.router
    router.add_get(f"{PREFIX}/openapi.json", openapi)
    router.add_get(f"{PREFIX}/customers", api.route("read", list_customers))
    router.add_post(f"{PREFIX}/customers", api.route("write", add_customer))
    router.add_get(f"{PREFIX}/customers/{{id}}", api.route("read", get_customer))
    router.add_patch(f"{PREFIX}/customers/{{id}}", api.route("write", set_customer))
    router.add_get(f"{PREFIX}/customers/{{id}}/history", api.route("read", customer_history))
    router.add_post(f"{PREFIX}/activities", api.route("write", log_activity))
    router.add_get(f"{PREFIX}/followups", api.route("read", list_followups))
    router.add_post(f"{PREFIX}/followups", api.route("write", plan_followup))
    router.add_patch(f"{PREFIX}/followups/{{id}}", api.route("write", change_followup))
    router.add_get(f"{PREFIX}/deals", api.route("read", list_deals))
    router.add_post(f"{PREFIX}/deals", api.route("write", add_deal))
    router.add_patch(f"{PREFIX}/deals/{{id}}", api.route("write", set_deal))
