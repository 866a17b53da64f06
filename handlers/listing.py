"""`list` customers by filters, in pages; `feed`: what the team did, newest first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Any

from handlers.arguments import BadArguments, MemberRef, PartyRef, name_and_pairs, take_mention
from handlers.context import Context, Refusal
from handlers.fields import KIND_ALIASES
from handlers.lookup import member, resolve
from handlers.reply import Button, Item, Reply, Section
from storage import audit, listing, members
from storage.models import RELATIONSHIPS, AuditEntry, Party

PAGE_SIZE = 20
LIST_KEYS = {
    "city": "city", "stadt": "city", "ort": "city", "tag": "tag", "kind": "kind", "art": "kind",
    "owner": "owner", "betreuer": "owner", "company": "company", "firma": "company",
    "quiet": "quiet", "ruhig": "quiet", "page": "page", "seite": "page",
    "per_page": "per_page", "pro_seite": "per_page", "count": "count", "anzahl": "count",
}  # fmt: skip
EXACT = ("exact", "genau")
"""`count=exact`: the total of every match, however many (a list counts up to COUNT_CAP)."""
MAX_PAGE_SIZE = 100
_QUIET = re.compile(r"^(\d{1,4})\s*([dtwm]?)$")
_QUIET_DAYS = {"": 1, "d": 1, "t": 1, "w": 7, "m": 30}
SPANS = {"today": "today", "heute": "today", "week": "week", "woche": "week"}


@dataclass(frozen=True)
class ListArgs:
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1
    size: int = PAGE_SIZE

    def line(self) -> str:
        pairs = "".join(f" {key}={value}" for key, value in self.filters.items())
        size = f" per_page={self.size}" if self.size != PAGE_SIZE else ""
        return f"list{pairs}" + (f" page={self.page}" if self.page > 1 else "") + size


@dataclass(frozen=True)
class FeedArgs:
    who: MemberRef | None
    span: str = "today"
    page: int = 1

    def line(self) -> str:
        who = f" {self.who}" if self.who else ""
        more = f" page={self.page}" if self.page > 1 else ""
        return f"feed{who} {self.span}{more}"


def parse_list(text: str, ctx: Context) -> ListArgs:
    parsed = name_and_pairs(text)
    unknown = [key for key in parsed.pairs if key not in LIST_KEYS]
    if parsed.name or unknown:
        raise BadArguments(ctx.t("Unknown: {keys}.", keys=", ".join(unknown) or parsed.name))
    filters = {LIST_KEYS[key]: value.strip() for key, value in parsed.pairs.items()}
    page = _page(ctx, filters.pop("page", "1"))
    size = _page(ctx, filters.pop("per_page", str(PAGE_SIZE)))
    if size > MAX_PAGE_SIZE:
        raise BadArguments(ctx.t("At most {limit} a page.", limit=MAX_PAGE_SIZE))
    return ListArgs(filters, page, size)


def _page(ctx: Context, value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 10_000:
        raise BadArguments(ctx.t("A page is a number."))
    return int(value)


def list_customers(args: ListArgs, ctx: Context) -> Reply:
    """`list city= tag= kind= owner=@x company= quiet=90d`: a count and a page of 20."""
    t = ctx.t
    filters = filters_of(ctx, args)
    found = listing.page(ctx.session, filters, args.size, args.page, _count_cap(ctx, args))
    total, rows = found.total, found.parties
    shown_to = (args.page - 1) * args.size + len(rows)
    items = tuple(
        Item(
            f"#{p.id} {p.name}" + (f" \u00b7 {p.city}" if p.city else ""),
            (Button(t("Show"), f"show {PartyRef.of(p.id)}"),),
        )
        for p in rows
    )
    buttons = []
    if shown_to < total:
        buttons.append(Button(t("More"), replace(args, page=args.page + 1).line()))
    return Reply(
        text=t.plural("{count} customer", "{count} customers", total)
        if found.exact
        else t("more than {count} customers", count=total),
        sections=[Section(t("Customers"), items, total - shown_to if found.exact else 0)]
        if items
        else [],
        buttons=buttons,
        data={
            "total": total,
            "total_exact": found.exact,
            "page": args.page,
            "per_page": args.size,
            "customers": [customer_data(p) for p in rows],
        },
    )


def _count_cap(ctx: Context, args: ListArgs) -> int | None:
    count = args.filters.get("count")
    if count is None:
        return listing.COUNT_CAP
    if count.lower() not in EXACT:
        raise Refusal(
            ctx.t(
                "count=exact counts every match; without it a list counts up to {cap}.",
                cap=listing.COUNT_CAP,
            ),
            argument="count",
        )
    return None


def customer_data(party: Party) -> dict[str, Any]:
    """A customer's own columns as the public JSON shows them (no joins: a page of them
    costs no statement more)."""
    return {
        "id": party.id,
        "name": party.name,
        "type": party.party_type,
        "kind": party.relationship_kind,
        "company_id": party.company_id,
        "owner_id": party.owner_id,
        "email": party.email,
        "phone": party.phone,
        "city": party.city,
        "address": party.address,
        "tags": list(party.tags),
        "custom": party.custom,
    }


def filters_of(ctx: Context, args: ListArgs) -> listing.Filters:
    """The filters `list` was given, owner and company resolved: `top` and segments share them."""
    t = ctx.t
    values = args.filters
    owner_id = company_id = None
    if "owner" in values:
        ref = MemberRef(values["owner"].lstrip("@"))
        owner_id = member(
            ctx, ref, lambda chosen: replace(args, filters={**values, "owner": str(chosen)}).line()
        ).id
    if "company" in values:
        company = resolve(
            ctx,
            PartyRef(values["company"]),
            lambda chosen: replace(args, filters={**values, "company": str(chosen)}).line(),
            strict=True,
        )
        company_id = company.id
    kind = values.get("kind")
    if kind is not None:
        kind = KIND_ALIASES.get(kind.lower(), kind.lower())
        if kind not in RELATIONSHIPS:
            raise BadArguments(
                t(
                    "Unknown kind \u201c{value}\u201d. Use one of: {kinds}",
                    value=kind,
                    kinds=", ".join(RELATIONSHIPS),
                )
            )
    return listing.Filters(
        city=values.get("city"),
        tag=values.get("tag"),
        kind=kind,
        owner_id=owner_id,
        company_id=company_id,
        quiet_since=_quiet_since(ctx, values["quiet"]) if "quiet" in values else None,
    )


def _quiet_since(ctx: Context, value: str) -> datetime:
    found = _QUIET.match(value.strip().lower())
    if found is None or int(found[1]) == 0:
        raise BadArguments(ctx.t("Quiet for how long? For example: quiet=90d"))
    return ctx.now - timedelta(days=int(found[1]) * _QUIET_DAYS[found[2]])


def parse_feed(text: str, ctx: Context) -> FeedArgs:
    rest, who = take_mention(text)
    parsed = name_and_pairs(rest)
    unknown = [key for key in parsed.pairs if key not in ("page", "seite")]
    words = parsed.name.lower().split()
    if unknown or len(words) > 1 or (words and words[0] not in SPANS):
        raise BadArguments(ctx.t("Unknown: {keys}.", keys=", ".join(unknown) or parsed.name))
    page = _page(ctx, next(iter(parsed.pairs.values()), "1"))
    return FeedArgs(who, SPANS[words[0]] if words else "today", page)


def feed(args: FeedArgs, ctx: Context) -> Reply:
    """`feed [@member] [today|week]`: logged, planned, closed and changed, newest first."""
    t = ctx.t
    colleague = (
        member(ctx, args.who, lambda chosen: replace(args, who=chosen).line()) if args.who else None
    )
    local = ctx.now.astimezone(ctx.zone)
    start = datetime.combine(local.date(), time(0), tzinfo=ctx.zone)
    if args.span == "week":
        start = ctx.now - timedelta(days=7)
    entries = audit.since(
        ctx.session, start, colleague.id if colleague else None, PAGE_SIZE + 1,
        (args.page - 1) * PAGE_SIZE,
    )  # fmt: skip
    items = tuple(Item(feed_line(ctx, e)) for e in entries[:PAGE_SIZE])
    buttons = []
    if len(entries) > PAGE_SIZE:
        buttons.append(Button(t("More"), replace(args, page=args.page + 1).line()))
    title = t("What {who} did", who=colleague.name) if colleague else t("What the team did")
    return Reply(
        text=title if items else t("{title}: nothing.", title=title),
        sections=[Section(title, items)] if items else [],
        buttons=buttons,
        data={
            "entries": [
                {"entity": e.entity, "id": e.entity_id, "action": e.action}
                for e in entries[:PAGE_SIZE]
            ]
        },
    )


def feed_line(ctx: Context, entry: AuditEntry) -> str:
    """One change as a person says it: who, when, what, about which record."""
    t = ctx.t
    after, before = entry.after or {}, entry.before or {}
    who = entry.member_id and _name(ctx, entry.member_id)
    ref = after.get("name") or before.get("name") or f"#{entry.entity_id}"
    if entry.entity == "activities":
        what = t(
            "logged {kind}: {text}", kind=t(str(after.get("kind", ""))), text=after.get("text", "")
        )
    elif entry.entity == "followups":
        what = _followup_change(ctx, entry, before, after)
    elif entry.action == "merge":
        what = t("merged #{id} into #{into}", id=before.get("from"), into=entry.entity_id)
    elif entry.action == "create":
        what = t("added {name}", name=ref)
    else:
        changed = sorted(
            k
            for k in after
            if before.get(k) != after.get(k) and not k.endswith(("_key", "_at", "e164"))
        )
        what = t("changed {name}: {fields}", name=ref, fields=", ".join(changed) or "\u2013")
    if entry.action == "revert":
        what = t("undid: {what}", what=what)
    return f"{ctx.moment(entry.at)} \u00b7 {who} \u00b7 {what}"


def _followup_change(
    ctx: Context, entry: AuditEntry, before: dict[str, object], after: dict[str, object]
) -> str:
    t = ctx.t
    if entry.action == "create":
        return t("planned follow-up #{id}: {text}", id=entry.entity_id, text=after.get("text", ""))
    if before.get("status") != after.get("status"):
        return t("follow-up #{id} {status}", id=entry.entity_id, status=t(str(after.get("status"))))
    if before.get("due_at") != after.get("due_at"):
        return t("snoozed follow-up #{id}", id=entry.entity_id)
    return t("changed follow-up #{id}", id=entry.entity_id)


def _name(ctx: Context, member_id: int) -> str:
    found = members.get(ctx.session, member_id)
    return found.name if found else "?"
