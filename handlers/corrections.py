"""Corrections: an activity is never edited; a corrected text is a new entry pointing back.

A chat platform tells the bot when a member edits a message, with the new text only. When
the old text was logged (one tap on the offer a plain message gets), the member is offered
to log the new text as a correction of that entry; nothing changes until they press it.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.arguments import BadArguments, head_and_body, record_id
from handlers.context import Context, Refusal
from handlers.reply import Button, Reply, Subject
from storage import activities, chat_contexts


@dataclass(frozen=True)
class CorrectArgs:
    activity_id: int
    text: str

    def line(self) -> str:
        return f"correct {self.activity_id}: {self.text}"


@dataclass(frozen=True)
class EditedArgs:
    message: str
    text: str


def parse_correct(text: str, ctx: Context) -> CorrectArgs:
    head, body = head_and_body(text)
    if not body.strip():
        raise BadArguments(ctx.t("Please give the corrected text after a colon."))
    return CorrectArgs(record_id(head), body.strip())


def correct(args: CorrectArgs, ctx: Context) -> Reply:
    """`correct <activity id>: <text>`: a new entry of the same kind, customer and moment
    that corrects the old one; history shows both."""
    t = ctx.t
    old = activities.get(ctx.session, args.activity_id)
    if old is None:
        raise Refusal(t("There is no activity #{id}.", id=args.activity_id), argument="activity")
    party = old.party
    new = activities.add(
        ctx.session,
        ctx.member.id,
        party,
        old.kind,
        args.text,
        old.occurred_at,
        meta=dict(old.meta or {}),
        corrects_id=old.id,
    )
    return Reply(
        text=t(
            "Correction of #{old} for {name} logged (#{id}).",
            old=old.id,
            name=party.name,
            id=new.id,
        ),
        subject=Subject("party", party.id, party.name),
        data={"id": new.id, "corrects": old.id, "customer": party.name},
    )


def parse_edited(text: str, ctx: Context) -> EditedArgs:
    head, body = head_and_body(text)
    if not head.strip() or not body.strip():
        raise BadArguments()
    return EditedArgs(head.strip(), body.strip())


def edited(args: EditedArgs, ctx: Context) -> Reply:
    """`edited <message>: <new text>`, sent by a chat adapter when a member edits a message:
    an offer to correct what it logged, or word that an edit runs nothing."""
    t = ctx.t
    channel = ctx.channel or ""
    before = chat_contexts.remembered_message(ctx.session, ctx.platform, channel, args.message)
    logged = activities.latest_with_text(ctx.session, ctx.member.id, before) if before else None
    chat_contexts.remember_message(
        ctx.session, ctx.platform, channel, ctx.member.id, args.message, args.text
    )
    if logged is None or logged.text == args.text:
        raise Refusal(
            t(
                "An edited message runs nothing and changes nothing here; send it again as a new message."
            )
        )
    party = logged.party
    return Reply(
        text=t(
            "You edited a message logged as #{id} for {name}. Log the new text as a correction?",
            id=logged.id,
            name=party.name,
        )
        + f"\n\u201c{args.text}\u201d",
        buttons=[Button(t("Log correction"), CorrectArgs(logged.id, args.text).line(), "primary")],
        subject=Subject("party", party.id, party.name),
        data={"activity": logged.id, "offer": args.text},
    )
