"""Keeping one member per person: `member rename|remove` and `link` (admins).

A person who wrote from Slack before being linked has a second member; `link @slack-user
bernd` moves that account to bernd and retires the stray member. A removed member keeps
their history but gets no reminders; their open follow-ups are listed, each with a button
that hands it to the admin who removed them (`assign <id> @member`, any member may).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from handlers.arguments import BadArguments, MemberRef, record_id, take_mention
from handlers.context import Context, Refusal
from handlers.followups import assignment_notice, followup_item, open_followup, told_assignee
from handlers.i18n import N_
from handlers.lookup import member
from handlers.members import MAX_MEMBER_NAME
from handlers.reply import Button, Item, Notice, Reply, Section
from storage import followups, members
from storage.models import Followup

_RENAME = re.compile(r"^(?:rename|umbenennen)\s+(?P<old>.+?)\s+(?:to|zu|in)\s+(?P<new>.+)$", re.I)
_REMOVE = re.compile(r"^(?:remove|entfernen)\s+(?P<old>.+)$", re.I)


@dataclass(frozen=True)
class MemberChange:
    who: MemberRef
    new_name: str | None = None
    """None: remove the member."""


@dataclass(frozen=True)
class AssignArgs:
    followup_id: int
    assignee: MemberRef

    def line(self) -> str:
        return f"assign {self.followup_id} {self.assignee}"


@dataclass(frozen=True)
class LinkArgs:
    account: MemberRef
    keeper: MemberRef


def parse_member(text: str, ctx: Context) -> MemberChange:
    text = text.strip()
    renamed, removed = _RENAME.match(text), _REMOVE.match(text)
    if renamed:
        new = renamed["new"].strip()
        if not any(ch.isalnum() for ch in new) or len(new) > MAX_MEMBER_NAME:
            raise BadArguments(ctx.t("Please give a name."))
        return MemberChange(MemberRef(renamed["old"].strip().lstrip("@")), new)
    if removed:
        return MemberChange(MemberRef(removed["old"].strip().lstrip("@")))
    raise BadArguments()


def change_member(args: MemberChange, ctx: Context) -> Reply:
    t = ctx.t
    who = member(ctx, args.who)
    if args.new_name is not None:
        old = who.name
        members.rename(ctx.session, who, ctx.member.id, args.new_name)
        return Reply(
            text=t("{old} is now called {new}.", old=old, new=who.name),
            data={"id": who.id, "name": who.name},
        )
    if who.id == ctx.member.id:
        raise Refusal(t("You cannot remove yourself."))
    members.deactivate(ctx.session, who, ctx.member.id)
    left = followups.open_for_assignee(ctx.session, who.id)
    text = t("{name} is removed from the team and gets no more reminders.", name=who.name)
    if left:
        text += "\n" + t.plural(
            "{count} open follow-up needs a new owner:",
            "{count} open follow-ups need a new owner:",
            len(left),
        )
    return Reply(
        text=text,
        sections=[Section(t("Open follow-ups"), tuple(_to_reassign(ctx, f) for f in left[:25]))]
        if left
        else [],
        data={"id": who.id, "active": False, "open_followups": [f.id for f in left]},
    )


def _to_reassign(ctx: Context, followup: Followup) -> Item:
    """A removed member's follow-up, with one button: hand it to me."""
    line = followup_item(ctx, followup).text
    to_me = AssignArgs(followup.id, MemberRef(f"#{ctx.member.id}")).line()
    return Item(line, (Button(ctx.t("Assign to me"), to_me, "primary"),))


def parse_assign(text: str, ctx: Context) -> AssignArgs:
    rest, who = take_mention(text)
    try:
        followup_id = record_id(rest)
    except BadArguments:
        raise BadArguments(ctx.t("Which follow-up, and to whom (@name)?")) from None
    if who is None:
        raise BadArguments(ctx.t("Which follow-up, and to whom (@name)?"))
    return AssignArgs(followup_id, who)


def assign(args: AssignArgs, ctx: Context) -> Reply:
    """`assign <id> @member`: an open follow-up changes hands; the new assignee is told, and
    the old one (while on the team) hears who took it."""
    t = ctx.t
    followup = open_followup(ctx, args.followup_id)
    colleague = member(ctx, args.assignee, lambda chosen: replace(args, assignee=chosen).line())
    if colleague.id == followup.assignee_id:
        raise Refusal(
            t("Follow-up #{id} is {name}'s already.", id=followup.id, name=colleague.name)
        )
    reply = Reply(
        text=t("Follow-up #{id} is now {name}'s.", id=followup.id, name=colleague.name),
        buttons=[Button(t("Undo"), "undo")],
        data={"id": followup.id, "assignee": colleague.name},
    )
    if followup.assignee.active:
        told_assignee(ctx, followup, reply, N_("{who} handed your follow-up #{id} on: {what}"))
    followups.reassign(ctx.session, ctx.member.id, followup, colleague.id)
    reply.sections.append(Section(t("Follow-up"), (followup_item(ctx, followup),)))
    if colleague.id != ctx.member.id:
        reply.notices.append(Notice(colleague.id, assignment_notice(ctx, followup, colleague)))
    return reply


def parse_link(text: str, ctx: Context) -> LinkArgs:
    rest, account = take_mention(text)
    keeper = rest.strip().lstrip("@")
    if account is None or not keeper:
        raise BadArguments()
    return LinkArgs(account, MemberRef(keeper))


def link(args: LinkArgs, ctx: Context) -> Reply:
    """`link @account <member>`: the account's platforms now belong to that member."""
    t = ctx.t
    stray, keeper = member(ctx, args.account), member(ctx, args.keeper)
    if stray.id == keeper.id:
        raise Refusal(t("{name} is linked already.", name=keeper.name))
    moved = members.absorb(ctx.session, keeper, stray, ctx.member.id)
    return Reply(
        text=t(
            "{old}'s accounts ({platforms}) now belong to {name}.",
            old=stray.name,
            platforms=", ".join(moved) or "\u2013",
            name=keeper.name,
        ),
        data={"member": keeper.name, "id": keeper.id, "platforms": moved},
    )
