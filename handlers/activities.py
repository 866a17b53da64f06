"""Logging what happened: calls, meetings, visits, e-mails, notes, complaints."""

from __future__ import annotations

from datetime import timedelta

from handlers.args import head_and_body
from handlers.command import Command
from handlers.context import Context, Refusal
from handlers.lookup import party_ids, resolve
from handlers.reply import Button, Reply
from storage import activities
from storage.models import ACTIVITY_KINDS

KIND_WORDS = {
    **{kind: kind for kind in ACTIVITY_KINDS},
    "anruf": "call", "telefonat": "call", "termin": "meeting", "treffen": "meeting",
    "besuch": "visit", "mail": "email", "e-mail": "email", "notiz": "note",
    "beschwerde": "complaint", "reklamation": "complaint",
}  # fmt: skip
DOUBLE_CONTACT_WINDOW = timedelta(hours=24)


def log(command: Command, ctx: Context) -> Reply:
    """`log <kind> <customer>: <text>`; warns when a colleague contacted them in the last day."""
    t = ctx.t
    kind_word, _, rest = command.args.partition(" ")
    kind = KIND_WORDS.get(kind_word.lower())
    if kind is None:
        raise Refusal(
            t("Log what? Use: log call|meeting|visit|email|note|complaint <customer>: <text>")
        )
    customer_words, text = head_and_body(rest)
    if not text:
        raise Refusal(
            t("What happened? Write it after a colon: log call Müller: asked for a quote")
        )
    party = resolve(ctx, customer_words, lambda ref: command.text.replace(customer_words, ref, 1))
    ids = party_ids(ctx, party)
    others = activities.contacts_by_others(
        ctx.session, ids, ctx.member.id, ctx.now - DOUBLE_CONTACT_WINDOW
    )
    activity = activities.add(ctx.session, ctx.member.id, party, kind, text, ctx.now)
    lines = [
        t(
            "{kind} with {name} logged (#{id}).",
            kind=t(kind).capitalize(),
            name=party.name,
            id=activity.id,
        )
    ]
    if others:
        latest = others[0]
        lines.append(
            t(
                "Note: {who} already had contact with {name} ({kind}, {when}).",
                who=latest.member.name,
                name=party.name,
                kind=t(latest.kind),
                when=ctx.moment(latest.occurred_at),
            )
        )
    return Reply(
        text="\n".join(lines),
        public=True,
        buttons=[Button(t("Show"), f"show #{party.id}")],
        data={
            "id": activity.id,
            "kind": kind,
            "customer": party.name,
            "customer_id": party.id,
            "recent_contacts": [
                {"member": a.member.name, "kind": a.kind, "at": a.occurred_at.isoformat()}
                for a in others
            ],
        },
    )
