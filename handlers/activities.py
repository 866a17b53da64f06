"""Logging what happened: calls, meetings, visits, e-mails, notes, complaints."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from handlers import when
from handlers.arguments import BadArguments, PartyRef, head_and_body, name_and_pairs
from handlers.context import Context, Refusal
from handlers.dates import DateError
from handlers.followups import followup_item
from handlers.lookup import party_ids, resolve, spell_mentions
from handlers.reply import Button, Reply, Section, Subject
from storage import activities, followups
from storage.models import ACTIVITY_KINDS, Party

PRESET_WORDS = {
    "anruf": "call", "termin": "meeting", "besuch": "visit", "mail": "email",
    "notiz": "note", "beschwerde": "complaint",
}  # fmt: skip
"""German words that are commands of their own: `anruf Müller: ...` is `log call ...`."""
KIND_WORDS = {
    **{kind: kind for kind in ACTIVITY_KINDS}, **PRESET_WORDS,
    "telefonat": "call", "treffen": "meeting", "e-mail": "email", "reklamation": "complaint",
}  # fmt: skip
FOLLOWUP_KEYS = ("followup", "wv")
DOUBLE_CONTACT_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class LogArgs:
    """`log <kind> <customer> [followup=<when>]: <text>`."""

    kind: str
    customer: PartyRef
    text: str
    followup: str | None = None
    occurred_at: datetime | None = None
    """A past moment the member named ("gestern 15 Uhr"); None is now."""

    def line(self) -> str:
        plan = f" followup={self.followup}" if self.followup else ""
        at = f" {self.occurred_at.isoformat(timespec='minutes')}" if self.occurred_at else ""
        return f"log {self.kind} {self.customer}{at}{plan}: {self.text}"


def parse_log(text: str, ctx: Context) -> LogArgs:
    t = ctx.t
    kind_word, _, rest = text.partition(" ")
    kind = KIND_WORDS.get(kind_word.lower())
    if kind is None:
        raise BadArguments(t("Log what?"))
    head, body = head_and_body(rest)
    if not body:
        raise BadArguments(t("What happened? Write it after a colon."))
    parsed = name_and_pairs(head)
    plans = [parsed.pairs.pop(key) for key in FOLLOWUP_KEYS if key in parsed.pairs]
    if parsed.pairs:
        raise BadArguments(t("Unknown: {keys}.", keys=", ".join(parsed.pairs)))
    customer, occurred_at = _backdated(ctx, parsed.name)
    return LogArgs(kind, PartyRef(customer), body, plans[0] if plans else None, occurred_at)


def _backdated(ctx: Context, words: str) -> tuple[str, datetime | None]:
    """`Müller gestern 15 Uhr` -> ("Müller", yesterday 15:00): a log may name when it
    happened; a time ahead is refused, since a log records what happened."""
    words = " ".join(words.split())
    try:
        _customer, moment = when.split(ctx, words)
    except DateError as problem:
        past = problem.reason == "past" and problem.moment is not None
        if past and problem.moment and words.endswith(f" {problem.phrase}"):
            return words[: -len(problem.phrase)].strip(), problem.moment
        return words, None
    raise Refusal(
        ctx.t("A log records what happened; {when} is ahead.", when=when.spoken(ctx, moment))
    )


def log(args: LogArgs, ctx: Context) -> Reply:
    """Log an activity (and, with `followup=`, plan the next step in the same breath);
    warns when a colleague contacted the customer in the last day."""
    party = resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
    text = spell_mentions(ctx, args.text)
    others = activities.contacts_by_others(
        ctx.session, party_ids(ctx, party), ctx.member.id, ctx.now - DOUBLE_CONTACT_WINDOW
    )
    occurred_at = args.occurred_at or ctx.now
    activity = activities.add(ctx.session, ctx.member.id, party, args.kind, text, occurred_at)
    reply = logged(ctx, party, activity.id, args.kind)
    if others:
        latest = others[0]
        reply.text += "\n" + ctx.t(
            "Note: {who} already had contact with {name} ({kind}, {when}).",
            who=latest.member.name,
            name=party.name,
            kind=ctx.t(latest.kind),
            when=ctx.moment(latest.occurred_at),
        )
    reply.data["recent_contacts"] = [
        {"member": a.member.name, "kind": a.kind, "at": a.occurred_at.isoformat()} for a in others
    ]
    if args.followup:
        _plan_next(ctx, party, args.followup, text, reply)
    return reply


def _plan_next(ctx: Context, party: Party, phrase: str, text: str, reply: Reply) -> None:
    """The follow-up a log asks for, for the member logging, due at `phrase`."""
    due_at = when.moment(ctx, phrase, argument="followup")
    first_line = text.splitlines()[0]
    followup = followups.add(ctx.session, ctx.member.id, party, first_line, due_at, ctx.member.id)
    reply.sections.append(Section(ctx.t("Follow-up"), (followup_item(ctx, followup),)))
    reply.data["followup"] = {"id": followup.id, "due_at": ctx.local_iso(due_at)}


def logged(
    ctx: Context, party: Party, activity_id: int, kind: str, meta: dict[str, Any] | None = None
) -> Reply:
    """The confirmation of anything logged, typed or sent from the field."""
    data: dict[str, Any] = {
        "id": activity_id,
        "kind": kind,
        "customer": party.name,
        "customer_id": party.id,
    }
    if meta is not None:
        data["meta"] = meta
    return Reply(
        text=ctx.t(
            "{kind} with {name} logged (#{id}).",
            kind=ctx.t(kind).capitalize(),
            name=party.name,
            id=activity_id,
        ),
        public=True,
        buttons=[Button(ctx.t("Show"), f"show {PartyRef.of(party.id)}")],
        subject=Subject("party", party.id, party.name),
        data=data,
    )
