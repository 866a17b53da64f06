"""A member's lists of follow-ups (`mine`, `today`, `overdue`), or a colleague's."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Final

from handlers.arguments import BadArguments, MemberRef, take_mention
from handlers.context import Context
from handlers.followups import followup_item
from handlers.lookup import member
from handlers.reply import Reply, Section
from storage import followups
from storage.models import Member

SHOWN: Final = 25


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
    """`mine [@member]`: the open follow-ups, overdue first (the first SHOWN, and the count)."""
    assignee, suffix = _whose(ctx, who)
    return _listing(ctx, ctx.t("Your open follow-ups") + suffix, assignee.id)


def today(who: MemberRef | None, ctx: Context) -> Reply:
    """`today [@member]`: due by the end of today (overdue included), in my time zone."""
    assignee, suffix = _whose(ctx, who)
    local = ctx.now.astimezone(ctx.zone)
    end_of_day = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=ctx.zone)
    return _listing(ctx, ctx.t("Due today") + suffix, assignee.id, end_of_day)


def overdue(who: MemberRef | None, ctx: Context) -> Reply:
    """`overdue [@member]`: those whose time has passed."""
    assignee, suffix = _whose(ctx, who)
    return _listing(ctx, ctx.t("Overdue") + suffix, assignee.id, ctx.now)


def _listing(
    ctx: Context, title: str, assignee_id: int, due_before: datetime | None = None
) -> Reply:
    """The first SHOWN, soonest due first, and how many there are: a member with thousands
    of open follow-ups costs what one with a handful does."""
    items = followups.open_for_assignee(ctx.session, assignee_id, due_before, SHOWN)
    if not items:
        return Reply(
            text=ctx.t("{title}: nothing.", title=title), data={"followups": [], "count": 0}
        )
    count = len(items)
    if count == SHOWN:
        count = followups.count_open_for_assignee(ctx.session, assignee_id, due_before)
    return Reply(
        text=ctx.t("{title}: {count}", title=title, count=count),
        sections=[Section(title, tuple(followup_item(ctx, f) for f in items), count - len(items))],
        data={
            "followups": [
                {"id": f.id, "due_at": ctx.local_iso(f.due_at), "text": f.text} for f in items
            ],
            "count": count,
        },
    )
