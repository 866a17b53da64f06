"""A member's lists of follow-ups (`mine`, `today`, `overdue`), or a colleague's."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from handlers.arguments import BadArguments, MemberRef, take_mention
from handlers.context import Context
from handlers.followups import followup_item
from handlers.lookup import member
from handlers.reply import Reply, Section
from storage import followups
from storage.models import Followup, Member


def parse_whose(text: str, ctx: Context) -> MemberRef | None:
    """`mine`, or `mine @colleague` for a colleague's list; nothing else."""
    rest, who = take_mention(text)
    if rest.strip():
        raise BadArguments(ctx.t("Unknown: {keys}.", keys=rest.strip()[:40]))
    return who


def _whose(ctx: Context, who: MemberRef | None) -> tuple[Member, str]:
    if who is None:
        return ctx.member, ""
    colleague = member(ctx, who)
    return colleague, f" \u00b7 {colleague.name}"


def mine(who: MemberRef | None, ctx: Context) -> Reply:
    """`mine [@member]`: every open follow-up, overdue first."""
    assignee, suffix = _whose(ctx, who)
    items = followups.open_for_assignee(ctx.session, assignee.id)
    return _listing(ctx, ctx.t("Your open follow-ups") + suffix, items)


def today(who: MemberRef | None, ctx: Context) -> Reply:
    """`today [@member]`: due by the end of today (overdue included), in my time zone."""
    assignee, suffix = _whose(ctx, who)
    local = ctx.now.astimezone(ctx.zone)
    end_of_day = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=ctx.zone)
    items = followups.open_for_assignee(ctx.session, assignee.id, due_before=end_of_day)
    return _listing(ctx, ctx.t("Due today") + suffix, items)


def overdue(who: MemberRef | None, ctx: Context) -> Reply:
    """`overdue [@member]`: those whose time has passed."""
    assignee, suffix = _whose(ctx, who)
    items = followups.open_for_assignee(ctx.session, assignee.id, due_before=ctx.now)
    return _listing(ctx, ctx.t("Overdue") + suffix, items)


def _listing(ctx: Context, title: str, items: list[Followup], limit: int = 25) -> Reply:
    if not items:
        return Reply(text=ctx.t("{title}: nothing.", title=title), data={"followups": []})
    return Reply(
        text=ctx.t("{title}: {count}", title=title, count=len(items)),
        sections=[
            Section(
                title,
                tuple(followup_item(ctx, f) for f in items[:limit]),
                max(0, len(items) - limit),
            )
        ],
        data={
            "followups": [
                {"id": f.id, "due_at": ctx.local_iso(f.due_at), "text": f.text} for f in items
            ]
        },
    )
