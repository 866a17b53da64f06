"""The CRM as one service: a Command in, a Reply out, every effect in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from config import Settings
from handlers.command import MAX_COMMAND_CHARS, Command, clean
from handlers.context import Context, Refusal
from handlers.help import unknown_command
from handlers.i18n import translator
from handlers.lookup import Ambiguous
from handlers.registry import Registry
from handlers.reply import Reply, error
from storage import journal, members
from storage.db import Database
from storage.search import NameIndex
from storage.types import utcnow

log = logging.getLogger(__name__)


class Crm:
    """Built once by bootstrap; every adapter calls `handle` for every command."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        registry: Registry,
        names: NameIndex | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.settings = settings
        self.registry = registry
        self.names = names or NameIndex(db)
        self.clock = clock

    def handle(self, command: Command) -> Reply:
        """Journal the command, run it, and store the answer with the changes it made.

        The journal row is committed first, so the text survives any crash below; the
        changes and the journal's "done" mark commit together, so a retried delivery
        either sees the answer or runs the command for the first time.
        """
        with self.db.session() as session:
            journal_id, stored, repeat = journal.receive(
                session,
                platform=command.platform,
                text=command.text,
                member_id=command.member_id,
                channel=command.channel,
                delivery_key=command.delivery_key,
            )
        if repeat:
            return self._repeat_answer(command, stored)
        try:
            return self._run(command, journal_id)
        except Refusal as refusal:
            reply = error(refusal.message, **refusal.data)
            status = "refused"
        except Ambiguous as question:
            reply = question.reply
            status = "asked"
        except Exception:
            log.exception("command failed: journal entry %s", journal_id)
            t = self._t(command)
            reply = error(
                t(
                    "Something went wrong. Your message is saved (#{id}) and nothing was half-written.",
                    id=journal_id,
                )
            )
            status = "failed"
        with self.db.session() as session:
            journal.settle(session, journal_id, status, reply.to_dict())
        return reply

    def _run(self, command: Command, journal_id: int) -> Reply:
        with self.db.session() as session:
            member = members.get(session, command.member_id)
            if member is None:
                t = self._t(command)
                raise Refusal(t("Unknown member."))
            ctx = Context(
                session=session,
                member=member,
                settings=self.settings,
                names=self.names,
                now=self.clock(),
                registry=self.registry,
                platform=command.platform,
            )
            reply = self._route(command, ctx)
            for notice in reply.notices:
                journal.enqueue(
                    session,
                    member_id=notice.member_id,
                    kind=notice.kind,
                    payload=notice.reply.to_dict(),
                    not_before=ctx.now,
                )
            journal.settle(session, journal_id, "done", reply.to_dict())
            return reply

    def _route(self, command: Command, ctx: Context) -> Reply:
        t = ctx.t
        if not clean(command.text):
            raise Refusal(t("Type a command, for example: help"))
        if len(command.text) > MAX_COMMAND_CHARS:
            raise Refusal(
                t(
                    "That is too long ({size} characters); the limit is {limit}.",
                    size=len(command.text),
                    limit=MAX_COMMAND_CHARS,
                )
            )
        resolved = self.registry.resolve(command)
        if resolved is None:
            raise unknown_command(ctx, command.verb)
        if resolved.verb.admin_only and not ctx.member.is_admin:
            raise Refusal(t("Only an admin may do that."))
        return resolved.verb.handler(
            Command(
                member_id=command.member_id,
                text=f"{resolved.verb.name} {resolved.args}".strip(),
                platform=command.platform,
                channel=command.channel,
                delivery_key=command.delivery_key,
            ),
            ctx,
        )

    def _repeat_answer(self, command: Command, stored: dict[str, Any] | None) -> Reply:
        if stored is None:
            t = self._t(command)
            return error(t("This message is already being handled."), repeat=True)
        reply = Reply.from_dict(stored)
        reply.data["repeat"] = True
        return reply

    def _t(self, command: Command) -> Callable[..., str]:
        with self.db.session() as session:
            member = members.get(session, command.member_id)
            language = member.language if member else self.settings.crm_language
        return translator(language)
