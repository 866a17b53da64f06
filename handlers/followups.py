"""Follow-ups: who does what by when; planning, closing and moving them (the lists of them
are handlers/agenda.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from handlers import when
from handlers.arguments import (
    BadArguments,
    MemberRef,
    PartyRef,
    head_and_body,
    record_id,
    take_mention,
)
from handlers.context import Context, Refusal
from handlers.dates import DateError
from handlers.i18n import N_, Translate, format_moment, translator
from handlers.lookup import Ambiguous, member, resolve, spell_mentions
from handlers.reply import Button, Item, Notice, Reply, Section, Subject
from storage import followups, parties
from storage.models import Followup, Member

_SHIFT = re.compile(r"^\+(\d{1,3})([hdw])$")
_SHIFT_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


@dataclass(frozen=True)
class FollowupArgs:
    """`followup <customer> <when> [@member]: <what>`; `due_at` is already a moment."""

    customer: PartyRef
    due_at: datetime
    assignee: MemberRef | None
    text: str

    def line(self) -> str:
        """The moment is written exactly, so a button means the same whenever pressed."""
        who = f" {self.assignee}" if self.assignee else ""
        return f"followup {self.customer} {self.due_at.isoformat(timespec='minutes')}{who}: {self.text}"


@dataclass(frozen=True)
class SnoozeArgs:
    followup_id: int
    when: str

    def line(self) -> str:
        return f"snooze {self.followup_id} {self.when}"


def parse_create(text: str, ctx: Context) -> FollowupArgs:
    head, what = head_and_body(text)
    if not what:
        raise BadArguments(ctx.t("What is to be done? Write it after a colon."))
    head, mention = take_mention(head)
    try:
        customer_words, due_at = when.split(ctx, head)
    except DateError as problem:
        if problem.reason == "ambiguous_split":
            raise Ambiguous(_which_split(ctx, problem, mention, what)) from problem
        raise Refusal(when.date_problem(ctx, problem)) from problem
    return FollowupArgs(PartyRef(customer_words), due_at, mention, what)


def _which_split(ctx: Context, problem: DateError, mention: MemberRef | None, what: str) -> Reply:
    """ "Bau Montag 10 Uhr" with a customer "Bau Montag": each reading as a button."""
    items = tuple(
        Item(
            f"{split.customer} \u00b7 {when.spoken(ctx, split.moment)}",
            (
                Button(
                    f"{split.customer[:40]} \u00b7 {split.phrase[:25]}",
                    FollowupArgs(_exactly(ctx, split.customer), split.moment, mention, what).line(),
                ),
            ),
        )
        for split in problem.splits
    )
    return Reply(
        text=when.date_problem(ctx, problem),
        ok=False,
        sections=[Section(ctx.t("Which one do you mean?"), items)],
    )


def parse_id(text: str, ctx: Context) -> int:
    return record_id(text, ctx.t("Which follow-up? Give its number."))


def parse_snooze(text: str, ctx: Context) -> SnoozeArgs:
    id_word, _, when = text.strip().partition(" ")
    followup_id = parse_id(id_word, ctx)
    if not when.strip():
        raise BadArguments(ctx.t("Snooze until when?"))
    return SnoozeArgs(followup_id, when.strip())


def create(args: FollowupArgs, ctx: Context) -> Reply:
    """Plan a follow-up for the member or a colleague, who is told."""
    t = ctx.t
    assignee = member(ctx, args.assignee) if args.assignee else ctx.member
    party = resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
    what = spell_mentions(ctx, args.text)
    due_at = args.due_at
    followup = followups.add(ctx.session, ctx.member.id, party, what, due_at, assignee.id)
    reply = Reply(
        text=t(
            "Follow-up #{id} for {name}: {when}, {who}.",
            id=followup.id,
            name=party.name,
            when=when.spoken(ctx, due_at),
            who=assignee.name,
        ),
        public=True,
        sections=[Section(t("Follow-up"), (followup_item(ctx, followup),))],
        subject=Subject("party", party.id, party.name),
        data={
            "id": followup.id,
            "due_at": due_at.astimezone(ctx.zone).isoformat(),
            "assignee": assignee.name,
            "customer": party.name,
        },
    )
    _mind_the_day_off(ctx, followup, reply)
    if assignee.id != ctx.member.id:
        reply.notices.append(Notice(assignee.id, assignment_notice(ctx, followup, assignee)))
    return reply


def _exactly(ctx: Context, words: str) -> PartyRef:
    """The customer these words name exactly, by id, so the button cannot be misread."""
    named = parties.with_exact_key(ctx.session, words)
    return PartyRef.of(named[0].id) if len(named) == 1 else PartyRef(words)


def _mind_the_day_off(ctx: Context, followup: Followup, reply: Reply) -> None:
    """A follow-up on a weekend or holiday says so and offers the next working day."""
    off = when.day_off_note(ctx, followup.due_at)
    if off is None:
        return
    text, next_working = off
    reply.text += "\n" + text
    moved = next_working.astimezone(ctx.zone).isoformat(timespec="minutes")
    reply.buttons.append(
        Button(ctx.t("Move to the next working day"), f"snooze {followup.id} {moved}")
    )


def assignment_notice(ctx: Context, followup: Followup, assignee: Member) -> Reply:
    """What a colleague given a follow-up is told, in their language, with its buttons."""
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
        buttons=list(followup_buttons(t, followup)),
        language=assignee.language,
        data={"followup_id": followup.id},
    )


def done(followup_id: int, ctx: Context) -> Reply:
    """`done <id>`: close a follow-up; its reminder will not go out."""
    followup = _closed(ctx, followup_id, "done")
    reply = Reply(
        text=ctx.t("Follow-up #{id} done: {what}", id=followup.id, what=followup.text),
        data={"id": followup.id, "status": "done"},
    )
    return told_assignee(ctx, followup, reply, N_("{who} marked your follow-up #{id} done: {what}"))


def cancel(followup_id: int, ctx: Context) -> Reply:
    """`cancel <id>`: drop a follow-up nobody needs any more; its reminder will not go out."""
    followup = _closed(ctx, followup_id, "cancelled")
    reply = Reply(
        text=ctx.t("Follow-up #{id} cancelled: {what}", id=followup.id, what=followup.text),
        data={"id": followup.id, "status": "cancelled"},
    )
    return told_assignee(ctx, followup, reply, N_("{who} cancelled your follow-up #{id}: {what}"))


def _closed(ctx: Context, followup_id: int, status: str) -> Followup:
    followup = open_followup(ctx, followup_id)
    followups.close(ctx.session, ctx.member.id, followup, status, ctx.now)
    return followup


def snooze(args: SnoozeArgs, ctx: Context) -> Reply:
    """`snooze <id> <when>`: move a follow-up to a date phrase, or by `+1d`, `+1w`, `+2h`."""
    followup = open_followup(ctx, args.followup_id)
    due_at = _shifted(ctx, args.when, followup)
    followups.reschedule(ctx.session, ctx.member.id, followup, due_at)
    reply = Reply(
        text=ctx.t(
            "Follow-up #{id} moved to {when}.", id=followup.id, when=when.spoken(ctx, due_at)
        ),
        sections=[Section(ctx.t("Follow-up"), (followup_item(ctx, followup),))],
        data={"id": followup.id, "due_at": due_at.astimezone(ctx.zone).isoformat()},
    )
    return told_assignee(ctx, followup, reply, N_("{who} moved your follow-up #{id}: {what}"))


def told_assignee(ctx: Context, followup: Followup, reply: Reply, message: str) -> Reply:
    """Anyone on the team may close, move or reopen a colleague's follow-up; the assignee is
    told who did it (`message` in the assignee's language), so nobody's list changes behind
    their back."""
    assignee = followup.assignee
    if assignee.id != ctx.member.id:
        t = translator(assignee.language)
        text = t(message, who=ctx.member.name, id=followup.id, what=followup.text)
        notice = Reply(text=text, language=assignee.language, data={"followup_id": followup.id})
        reply.notices.append(Notice(assignee.id, notice))
    return reply


def _shifted(ctx: Context, phrase: str, followup: Followup) -> datetime:
    """`+1d` counts from the due time, or from now when that has passed: snoozing a
    follow-up must never bring it closer."""
    shift = _SHIFT.match(phrase)
    if shift:
        return max(ctx.now, followup.due_at) + int(shift[1]) * _SHIFT_UNITS[shift[2]]
    return when.moment(ctx, phrase)


def open_followup(ctx: Context, followup_id: int) -> Followup:
    """The open follow-up with this id; anything else is refused, naming its state."""
    followup = followups.get(ctx.session, followup_id)
    if followup is None:
        raise Refusal(ctx.t("There is no follow-up #{id}.", id=followup_id))
    if followup.status != "open":
        raise Refusal(
            ctx.t(
                "Follow-up #{id} is {status} already.",
                id=followup.id,
                status=ctx.t(followup.status),
            )
        )
    return followup


def followup_item(ctx: Context, followup: Followup, with_status: bool = False) -> Item:
    """One follow-up as a line with Done and Snooze buttons (while it is open)."""
    late = followup.status == "open" and followup.due_at < ctx.now
    customer = f" \u00b7 {followup.party.name}" if followup.party else ""
    marker = "\u26a0 " if late else ""
    status = f" [{ctx.t(followup.status)}]" if with_status else ""
    text = (
        f"{marker}#{followup.id} {ctx.moment(followup.due_at)}{customer}: {followup.text}{status}"
    )
    buttons = followup_buttons(ctx.t, followup) if followup.status == "open" else ()
    return Item(text, buttons)


def followup_buttons(t: Translate, followup: Followup) -> tuple[Button, ...]:
    """Done and Snooze: the same three wherever a follow-up is shown or reminded."""
    return (
        Button(t("Done"), f"done {followup.id}", "primary"),
        Button(t("Snooze 1 day"), f"snooze {followup.id} +1d"),
        Button(t("Snooze 1 week"), f"snooze {followup.id} +1w"),
    )
