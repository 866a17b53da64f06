"""What a command owes beyond its answer, in the same unit of work: messages to other
members, the webhook events of its changes, and the chat's current customer (the party the
reply is about, so the next note needs no name)."""

from __future__ import annotations

from handlers import webhook_events
from handlers.command import Command
from handlers.context import Context
from handlers.reply import Reply
from storage import chat_contexts, journal


def keep_effects(ctx: Context, command: Command, reply: Reply) -> None:
    webhook_events.emit(ctx)
    for notice in reply.notices:
        journal.enqueue(
            ctx.session,
            member_id=notice.member_id,
            kind=notice.kind,
            payload=notice.reply.to_dict(with_image=True),
            not_before=ctx.now,
        )
    subject = reply.subject
    if command.channel and subject is not None and subject.kind == "party":
        chat_contexts.set_current(
            ctx.session, command.platform, command.channel, ctx.member.id, subject.id
        )
