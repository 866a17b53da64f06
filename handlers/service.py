"""The CRM as one service: a Command in, a Reply out, every effect in one transaction.

Receiving and processing are two steps, so an adapter can make a command durable (one
insert into the journal) before it acknowledges the platform, and do the work after:

    receipt = crm.receive(command)      # committed: the text survives any crash from here
    ...acknowledge...
    reply = crm.process(receipt, command)

`handle` does both at once. `read` answers a command no person typed (the Slack Home tab,
a refresh) without journalling it, in a read-only transaction. `run` takes a verb's typed
arguments that another system built (the HTTP API), not a line: the same handler, the same
journal (as `args.line()`), the same unit of work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from sqlalchemy.orm import Session

from config import Settings
from handlers.arguments import BadArguments
from handlers.command import MAX_COMMAND_CHARS, Command, clean
from handlers.context import Context, Links, NoLinks, Refusal
from handlers.effects import keep_effects
from handlers.help import unknown_command
from handlers.i18n import translator
from handlers.lookup import Ambiguous
from handlers.registry import Registry
from handlers.reply import Reply, error
from storage import journal, members
from storage.db import Database
from storage.models import Member
from storage.search import NameIndex
from storage.types import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Receipt:
    """A journalled command. `stored` is set when the delivery was seen before (a platform
    retrying): the first answer, or None while the first delivery is still being handled.
    `claimed` says the row was already taken for processing (by start-up recovery)."""

    journal_id: int
    repeat: bool = False
    stored: dict[str, Any] | None = None
    claimed: bool = False


@runtime_checkable
class TypedArgs(Protocol):
    """A verb's own arguments dataclass: it writes itself back as a canonical command."""

    def line(self) -> str: ...


Work = Callable[[Context], Reply]


class _HandledElsewhere(Exception):
    """Another process answered this journal row first; this run's changes are undone."""


class _Unchanged(Exception):
    """A refusal or a question: whatever the handler wrote is rolled back with the whole
    transaction (no savepoint: two round trips fewer for every command that succeeds), and
    only the answer is journalled, in a transaction of its own."""

    def __init__(self, reply: Reply, status: str, member_id: int) -> None:
        super().__init__(status)
        self.reply, self.status, self.member_id = reply, status, member_id


class Crm:
    """Built once by bootstrap; every adapter calls it for every command."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        registry: Registry,
        names: NameIndex | None = None,
        clock: Callable[[], datetime] = utcnow,
        links: Links | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.registry = registry
        self.names = names or NameIndex(db)
        self.clock = clock
        self.links: Links = links or NoLinks()
        self._languages: dict[int, str] = {}

    def handle(self, command: Command) -> Reply:
        return self.process(self.receive(command), command)

    def run(
        self,
        verb_name: str,
        args: object,
        member_id: int,
        *,
        platform: str,
        write: bool,
    ) -> Reply:
        """Run a verb's handler on typed arguments as member `member_id` (the JSON API). A
        write is journalled as `args.line()` (`<verb> <value>` for a verb that takes a bare
        id or `@member`) and answered in one unit of work, as if typed; a read runs in a
        read-only transaction. Admin-only verbs are refused as in chat."""
        verb = self.registry.find(verb_name)
        if verb is None:
            raise KeyError(verb_name)

        def work(ctx: Context) -> Reply:
            if verb.admin_only and not ctx.member.is_admin:
                raise Refusal(ctx.t("Only an admin may do that."))
            try:
                return verb.handler(args, ctx)
            except BadArguments as bad:
                raise verb.refusal(bad, ctx) from bad

        bare = "" if args is None else f" {args}"
        text = args.line() if isinstance(args, TypedArgs) else f"{verb.name}{bare}"
        command = Command(member_id=member_id, text=text, platform=platform)
        if write:
            return self.process(self.receive(command), command, work)
        return self.read(command, work)

    def receive(self, command: Command) -> Receipt:
        """Journal the command as received (one insert, committed)."""
        with self.db.session() as session:
            journal_id, stored, repeat = journal.receive(
                session,
                platform=command.platform,
                text=command.text,
                member_id=command.member_id or None,
                channel=command.channel,
                delivery_key=command.delivery_key,
                origin=command.origin,
            )
        return Receipt(journal_id, repeat, stored)

    def process(self, receipt: Receipt, command: Command, work: Work | None = None) -> Reply:
        """Run a received command; its changes commit together with the journal's answer,
        so a retried delivery either sees the answer or runs the command for the first time.
        The answer is stored only on a row still as this process received it (or claimed
        it, at start-up recovery); when another process got there first, everything this
        run did is rolled back, so a command never runs twice."""
        if receipt.repeat:
            return self._repeat_answer(command, receipt.stored)
        try:
            with self.db.session() as session:
                return self._unit(session, receipt, command, work)
        except _Unchanged as unchanged:
            with self.db.session() as session:
                settled = journal.settle(
                    session, receipt.journal_id, unchanged.status, unchanged.reply.to_dict(),
                    member_id=unchanged.member_id, was=_was(receipt),
                )  # fmt: skip
            return unchanged.reply if settled else self._repeat_answer(command, None)
        except _HandledElsewhere:
            return self._repeat_answer(command, None)
        except Exception:
            log.exception("command failed: journal entry %s", receipt.journal_id)
            t = translator(self._languages.get(command.member_id, self.settings.crm_language))
            reply = error(
                t(
                    "Something went wrong. Your message is saved (#{id}) and nothing was half-written.",
                    id=receipt.journal_id,
                )
            )
            reply.language = t.language
            with self.db.session() as session:
                journal.settle(session, receipt.journal_id, "failed", reply.to_dict())
            return reply

    def read(self, command: Command, work: Work | None = None) -> Reply:
        """A command nobody typed: answered from a read-only transaction, not journalled.
        The transaction is rolled back, never committed, so whatever a read did is undone
        with it."""
        with self.db.read_session() as session:
            try:
                member = members.get(session, command.member_id)
                if member is None:
                    return error(translator(self.settings.crm_language)("Unknown member."))
                ctx = self._context(session, member, command)
                reply, _status = self._answer(ctx, command, work=work)
                return reply
            finally:
                session.rollback()

    def _unit(
        self, session: Session, receipt: Receipt, command: Command, work: Work | None
    ) -> Reply:
        member = members.get(session, command.member_id)
        if member is None:
            reply = error(translator(self.settings.crm_language)("Unknown member."))
            journal.settle(session, receipt.journal_id, "refused", reply.to_dict())
            return reply
        self._languages[member.id] = member.language
        ctx = self._context(session, member, command)
        reply, status = self._answer(ctx, command, keep=True, work=work)
        if status != "done":
            raise _Unchanged(reply, status, member.id)
        settled = journal.settle(
            session, receipt.journal_id, status, reply.to_dict(), member_id=member.id,
            was=_was(receipt),
        )  # fmt: skip
        if not settled:
            raise _HandledElsewhere
        return reply

    def _answer(
        self, ctx: Context, command: Command, *, keep: bool = False, work: Work | None = None
    ) -> tuple[Reply, str]:
        """The reply and the journal status. A refusal or a question must change nothing:
        the caller rolls back the transaction when the status is not "done". With `keep`,
        the command's effects are stored. `work` replaces reading the command's text
        (typed arguments from `run`)."""
        try:
            reply = work(ctx) if work else self._route(command.text, ctx)
            if keep:
                keep_effects(ctx, command, reply)
            status = "done"
        except Refusal as refusal:
            reply, status = error(refusal.message, **refusal.data), "refused"
            reply.argument = refusal.argument
        except Ambiguous as question:
            reply, status = question.reply, "asked"
        reply.language = ctx.member.language
        return reply, status

    def _context(self, session: Session, member: Member, command: Command) -> Context:
        return Context(
            session=session,
            member=member,
            settings=self.settings,
            names=self.names,
            now=self.clock(),
            registry=self.registry,
            platform=command.platform,
            channel=command.channel,
            links=self.links,
        )

    def _route(self, text: str, ctx: Context) -> Reply:
        t = ctx.t
        line = clean(text)
        if not line:
            raise Refusal(t("Type a command, for example: help"))
        if len(text) > MAX_COMMAND_CHARS:
            raise Refusal(
                t.plural(
                    "That is too long ({count} character); the limit is {limit}.",
                    "That is too long ({count} characters); the limit is {limit}.",
                    len(text),
                    limit=MAX_COMMAND_CHARS,
                )
            )
        resolved = self.registry.resolve(line)
        if resolved is None:
            raise unknown_command(ctx, line.split(" ", 1)[0])
        if resolved.verb.admin_only and not ctx.member.is_admin:
            raise Refusal(t("Only an admin may do that."))
        return resolved.verb.run(resolved.args, ctx)

    def _repeat_answer(self, command: Command, stored: dict[str, Any] | None) -> Reply:
        if stored is not None:
            return Reply.from_dict(stored, repeat=True)
        with self.db.read_session() as session:
            member = members.get(session, command.member_id)
            language = member.language if member else self.settings.crm_language
        reply = error(translator(language)("This message is already being handled."))
        reply.repeat = True
        reply.language = language
        return reply


def _was(receipt: Receipt) -> str:
    """The journal status the row must still have for this run's answer to count."""
    return "processing" if receipt.claimed else "received"
