"""Follow-ups: who does what by when, and the lists that keep a member on top of them."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.args import head_and_body, take_mention
from handlers.command import Command
from handlers.context import Context, Refusal
from handlers.dates import DateError, parse_when, split_trailing_when
from handlers.i18n import Translate, format_moment, translator
from handlers.lookup import resolve
from handlers.reply import Button, Item, Notice, Reply, Section
from storage import followups, members
from storage.models import Followup, Member

_SHIFT = re.compile(r"^\+(\d{1,3})([hdw])$")
_SHIFT_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_ID = re.compile(r"^#?(\d{1,12})$")


def create(command: Command, ctx: Context) -> Reply:
    """`followup <customer> <when> [@member]: <what>`."""
    t = ctx.t
    head, what = head_and_body(command.args)
    if not what:
        raise Refusal(
            t(
                "What is to be done? Write it after a colon: followup Müller morgen 10 Uhr: send the quote"
            )
        )
    head, mention = take_mention(head)
    assignee = _assignee(ctx, mention)
    try:
        customer_words, due_at = split_trailing_when(head, now=ctx.now, tz=ctx.zone)
    except DateError as problem:
        raise Refusal(date_problem(ctx, problem)) from problem
    party = resolve(ctx, customer_words, lambda ref: command.text.replace(customer_words, ref, 1))
    followup = followups.add(ctx.session, ctx.member.id, party, what, due_at, assignee.id)
    reply = Reply(
        text=t(
            "Follow-up #{id} for {name}: {when}, {who}.",
            id=followup.id,
            name=party.name,
            when=ctx.moment(due_at),
            who=assignee.name,
        ),
        public=True,
        sections=[Section(t("Follow-up"), (followup_item(ctx, followup),))],
        data={
            "id": followup.id,
            "due_at": due_at.astimezone(ctx.zone).isoformat(),
            "assignee": assignee.name,
            "customer": party.name,
        },
    )
    if assignee.id != ctx.member.id:
        reply.notices.append(Notice(assignee.id, _assignment_notice(ctx, followup, assignee)))
    return reply


def _assignee(ctx: Context, mention: str | None) -> Member:
    if mention is None:
        return ctx.member
    if mention.startswith("#"):
        found = members.get(ctx.session, int(mention[1:]))
        candidates = [found] if found else []
    else:
        candidates = members.by_name(ctx.session, mention)
    if not candidates:
        raise Refusal(
            ctx.t(
                "There is no member \u201c{name}\u201d. Type members for the team.",
                name=mention[:40],
            )
        )
    if len(candidates) > 1:
        names = ", ".join(m.name for m in candidates[:5])
        raise Refusal(
            ctx.t(
                "\u201c{name}\u201d could be: {names}. Be more precise.",
                name=mention[:40],
                names=names,
            )
        )
    return candidates[0]


def _assignment_notice(ctx: Context, followup: Followup, assignee: Member) -> Reply:
    t = translator(assignee.language)
    when = format_moment(followup.due_at, assignee.language, ZoneInfo(assignee.timezone))
    customer = followup.party.name if followup.party else ""
    return Reply(
        text=t(
            "{who} gave you a follow-up for {name}, due {when}: {what}",
            who=ctx.member.name,
            name=customer,
            when=when,
            what=followup.text,
        ),
        buttons=list(_buttons(t, followup)),
        data={"followup_id": followup.id},
    )


def done(command: Command, ctx: Context) -> Reply:
    """`done <id>`: close a follow-up; its reminder will not go out."""
    followup = _closed(ctx, command.args, "done")
    return Reply(
        text=ctx.t("Follow-up #{id} done: {what}", id=followup.id, what=followup.text),
        data={"id": followup.id, "status": "done"},
    )


def cancel(command: Command, ctx: Context) -> Reply:
    """`cancel <id>`: drop a follow-up nobody needs any more; its reminder will not go out."""
    followup = _closed(ctx, command.args, "cancelled")
    return Reply(
        text=ctx.t("Follow-up #{id} cancelled: {what}", id=followup.id, what=followup.text),
        data={"id": followup.id, "status": "cancelled"},
    )


def _closed(ctx: Context, words: str, status: str) -> Followup:
    followup = _open_followup(ctx, words)
    followups.close(ctx.session, ctx.member.id, followup, status, ctx.now)
    return followup


def snooze(command: Command, ctx: Context) -> Reply:
    """`snooze <id> <when>`: move a follow-up to a date phrase, or by `+1d`, `+1w`, `+2h`."""
    id_word, _, when = command.args.partition(" ")
    followup = _open_followup(ctx, id_word)
    if not when.strip():
        raise Refusal(ctx.t("Snooze until when? Use: snooze {id} morgen", id=followup.id))
    due_at = _shifted(ctx, when.strip(), followup)
    followups.reschedule(ctx.session, ctx.member.id, followup, due_at)
    return Reply(
        text=ctx.t("Follow-up #{id} moved to {when}.", id=followup.id, when=ctx.moment(due_at)),
        sections=[Section(ctx.t("Follow-up"), (followup_item(ctx, followup),))],
        data={"id": followup.id, "due_at": due_at.astimezone(ctx.zone).isoformat()},
    )


def _shifted(ctx: Context, when: str, followup: Followup) -> datetime:
    """`+1d` counts from the due time, or from now when that has passed: snoozing a
    follow-up must never bring it closer."""
    shift = _SHIFT.match(when)
    if shift:
        return max(ctx.now, followup.due_at) + int(shift[1]) * _SHIFT_UNITS[shift[2]]
    try:
        return parse_when(when, now=ctx.now, tz=ctx.zone)
    except DateError as problem:
        raise Refusal(date_problem(ctx, problem)) from problem


def _open_followup(ctx: Context, words: str) -> Followup:
    match = _ID.match(words.strip())
    if match is None:
        raise Refusal(ctx.t("Which follow-up? Give its number, e.g. done 12"))
    followup = followups.get(ctx.session, int(match[1]))
    if followup is None:
        raise Refusal(ctx.t("There is no follow-up #{id}.", id=match[1]))
    if followup.status != "open":
        raise Refusal(
            ctx.t(
                "Follow-up #{id} is {status} already.",
                id=followup.id,
                status=ctx.t(followup.status),
            )
        )
    return followup


def mine(command: Command, ctx: Context) -> Reply:
    """`mine`: every open follow-up of mine, overdue first."""
    items = followups.open_for_assignee(ctx.session, ctx.member.id)
    return _listing(ctx, ctx.t("Your open follow-ups"), items)


def today(command: Command, ctx: Context) -> Reply:
    """`today`: mine due by the end of today (overdue included), in my time zone."""
    local = ctx.now.astimezone(ctx.zone)
    end_of_day = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=ctx.zone)
    items = followups.open_for_assignee(ctx.session, ctx.member.id, due_before=end_of_day)
    return _listing(ctx, ctx.t("Due today"), items)


def overdue(command: Command, ctx: Context) -> Reply:
    """`overdue`: mine whose time has passed."""
    items = followups.open_for_assignee(ctx.session, ctx.member.id, due_before=ctx.now)
    return _listing(ctx, ctx.t("Overdue"), items)


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


def followup_item(ctx: Context, followup: Followup, with_status: bool = False) -> Item:
    """One follow-up as a line with Done and Snooze buttons (while it is open)."""
    late = followup.status == "open" and followup.due_at < ctx.now
    customer = f" \u00b7 {followup.party.name}" if followup.party else ""
    marker = "\u26a0 " if late else ""
    status = f" [{ctx.t(followup.status)}]" if with_status else ""
    text = (
        f"{marker}#{followup.id} {ctx.moment(followup.due_at)}{customer}: {followup.text}{status}"
    )
    buttons = _buttons(ctx.t, followup) if followup.status == "open" else ()
    return Item(text, buttons)


def _buttons(t: Translate, followup: Followup) -> tuple[Button, ...]:
    return (
        Button(t("Done"), f"done {followup.id}", "primary"),
        Button(t("Snooze 1 day"), f"snooze {followup.id} +1d"),
        Button(t("Snooze 1 week"), f"snooze {followup.id} +1w"),
    )


def date_problem(ctx: Context, problem: DateError) -> str:
    """The member-facing words for a date phrase that names no moment ahead."""
    t = ctx.t
    messages = {
        "empty": t("When? Add a time, for example: morgen 10 Uhr"),
        "too_long": t("That time is too long to read."),
        "past": t("\u201c{phrase}\u201d is in the past. Choose a time ahead."),
        "unknown": t(
            "I cannot read \u201c{phrase}\u201d as a time. Try: morgen 10 Uhr, Freitag, 3.12., in 2 Stunden, tomorrow 3pm."
        ),
    }
    return messages.get(problem.reason, messages["unknown"]).format(phrase=problem.phrase[:60])
