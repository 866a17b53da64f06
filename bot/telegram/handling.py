"""One Telegram update in, a plan of Bot API calls out.

`receive` does everything durable (who is writing, the command through the CRM's journal,
the chat's current customer, stored button commands) and returns what to send; `deliver`
only talks to Telegram. The webhook answers 200 between the two, so an update it has
acknowledged is never lost, and a repeated update id is answered from the journal once.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, CallbackQuery, Message, Update, User
from telegram.error import TelegramError

from bot.bootstrap import App
from bot.telegram import keyboard, membership, strangers
from bot.telegram.actions import Action, Edit, Photo, Send, Toast, perform
from bot.telegram.files import Document, Shared, fetch_shared, shared_line
from bot.telegram.payloads import Chat, chat_of, command_line, field_line, update_kind
from bot.telegram.render import Part, render
from handlers import conversation
from handlers.accounts import member_for, redeem_invite
from handlers.command import Command, clean
from handlers.i18n import translator
from handlers.reply import Reply
from storage import chat_contexts, journal, members

log = logging.getLogger(__name__)
PLATFORM = "telegram"
TOAST_LIMIT = 190


class TelegramBot:
    """The bot's behaviour, shared by the webhook and polling."""

    def __init__(self, app: App, bot: Bot) -> None:
        self.app = app
        self.bot = bot

    async def process(self, update: Update) -> None:
        await self.deliver(await self.receive(update))

    async def receive(self, update: Update) -> list[Action]:
        shared = await fetch_shared(self.bot, update.message)
        return await asyncio.to_thread(self._plan, update, shared)

    async def deliver(self, plan: list[Action]) -> None:
        for action in plan:
            try:
                await perform(self.bot, action)
            except TelegramError:
                log.exception("telegram: %s failed", type(action).__name__)
                if isinstance(action, Send) and action.fallback is not None:
                    await asyncio.to_thread(self._queue, *action.fallback)
                    return

    def _queue(self, member_id: int, reply: Reply) -> None:
        """Hand an answer Telegram refused to the outbox, whose worker retries with back-off."""
        with self.app.db.session() as session:
            journal.enqueue(
                session,
                member_id=member_id,
                kind="reply",
                payload=reply.to_dict(with_image=True),
                not_before=self.app.crm.clock(),
            )

    def ignore(self, delivery_key: str | None, text: str) -> None:
        """Journal an update acknowledged but not acted on (see storage/journal.py)."""
        with self.app.db.session() as session:
            journal.ignore(session, platform=PLATFORM, text=text, delivery_key=delivery_key)

    def _ignored(self, update: Update) -> list[Action]:
        """Nothing to do for this update: what kind it was is journalled, not its content."""
        self.ignore(f"{PLATFORM}:{update.update_id}", update_kind(update))
        return []

    def _plan(self, update: Update, shared: Shared | None = None) -> list[Action]:
        if update.my_chat_member is not None:
            now = self.app.crm.clock()
            membership.changed(self.app.db, update.update_id, update.my_chat_member, now)
            return []
        user = update.effective_user
        chat = chat_of(update)
        message = update.message
        if user is None or chat is None:
            return self._ignored(update)
        if message is not None and strangers.is_anonymous(message):
            return self._anonymous(update, message, chat)
        if user.is_bot:
            return self._ignored(update)
        if update.callback_query is not None:
            return self._pressed(update.update_id, user, chat, update.callback_query)
        if update.edited_message is not None:
            return self._edited(update, user, chat, update.edited_message)
        line = self._line(message, chat) if message is not None else None
        if message is None or line is None:
            return self._ignored(update)
        member_id = self._member(user, chat, line)
        if member_id is None:
            return self._refused(update, user, chat, line)
        if shared is not None:
            read = shared_line(self.app, member_id, shared, self._language(member_id))
            if isinstance(read, Reply):
                return self._answer(member_id, chat, read)
            line = read
        reply = self._handle(update.update_id, member_id, chat, line)
        if reply is None:
            return []
        if line.startswith("jot ") and reply.ok:
            self._remember(member_id, chat, message, line)
        return with_document(self._answer(member_id, chat, reply), reply)

    def _line(self, message: Message, chat: Chat) -> str | None:
        """The command a message stands for. Forwarded text is someone else's words: it is
        only ever offered for logging, never run, whatever word it starts with."""
        if message.text is None:
            return None if chat.is_group else field_line(message)
        if message.forward_origin is not None:
            return None if chat.is_group else f"jot {message.text}"
        line = command_line(message.text, chat.is_group, self.bot.username)
        if line is None or message.text.lstrip().startswith("/"):
            return line
        return conversation.interpret(self.app.crm.registry, line)

    def _anonymous(self, update: Update, message: Message, chat: Chat) -> list[Action]:
        """An admin writing as the group: a hint when they address the bot."""
        if message.text is None or command_line(message.text, True, self.bot.username) is None:
            return self._ignored(update)
        self.ignore(f"{PLATFORM}:{update.update_id}", "message: anonymous sender_chat")
        hint = strangers.anonymous_hint(self.app.settings.crm_language)
        return [Send(chat.chat_id, hint, thread_id=chat.thread_id)]

    def _refused(self, update: Update, user: User, chat: Chat, line: str) -> list[Action]:
        if not strangers.should_refuse(self.app.db, user, chat):
            return self._ignored(update)
        return [Send(chat.chat_id, strangers.refusal(user, line), thread_id=chat.thread_id)]

    def _edited(self, update: Update, user: User, chat: Chat, message: Message) -> list[Action]:
        """An edit runs nothing; in a private chat it may offer to correct what it logged."""
        member_id = member_for(self.app.db, self.app.settings, PLATFORM, str(user.id))
        if member_id is None or chat.is_group or not message.text:
            return self._ignored(update)
        line = f"edited {message.message_id}: {message.text}"
        reply = self._handle(update.update_id, member_id, chat, line)
        return [] if reply is None else self._answer(member_id, chat, reply)

    def _remember(self, member_id: int, chat: Chat, message: Message, line: str) -> None:
        """What an offered message said, so a later edit of it can offer a correction."""
        with self.app.db.session() as session:
            chat_contexts.remember_message(
                session,
                PLATFORM,
                chat.member_key,
                member_id,
                str(message.message_id),
                clean(line.removeprefix("jot ")),
            )

    def _member(self, user: User, chat: Chat, line: str) -> int | None:
        """The member writing; a stranger's `/start CODE` in a private chat links them."""
        settings = self.app.settings
        member_id = member_for(self.app.db, settings, PLATFORM, str(user.id))
        verb, _, code = line.partition(" ")
        if member_id is None and verb == "start" and code.strip() and not chat.is_group:
            member_id = redeem_invite(
                self.app.db,
                code.strip(),
                PLATFORM,
                str(user.id),
                chat_id=str(chat.chat_id),
                now=self.app.crm.clock(),
            )
        if member_id is not None:
            membership.remember_group(self.app.db, chat, self.app.crm.clock())
        return member_id

    def _handle(self, update_id: int, member_id: int, chat: Chat, line: str) -> Reply | None:
        """The command through the CRM; None for a repeated update, already answered."""
        reply = self.app.crm.handle(
            Command(
                member_id=member_id,
                text=line,
                platform=PLATFORM,
                channel=chat.member_key,
                delivery_key=f"{PLATFORM}:{update_id}",
            )
        )
        return None if reply.repeat else reply

    def _pressed(
        self, update_id: int, user: User, chat: Chat, query: CallbackQuery
    ) -> list[Action]:
        member_id = member_for(self.app.db, self.app.settings, PLATFORM, str(user.id))
        if member_id is None:
            return [Toast(query.id, strangers.refusal(user, "")[:TOAST_LIMIT])]
        line = keyboard.command_of(self.app.db, chat.chat_key, query.data or "")
        if line is None:
            expired = translator(self._language(member_id))("This button has expired.")
            return [Toast(query.id, expired)]
        reply = self._handle(update_id, member_id, chat, line)
        if reply is None:
            return []
        message = query.message
        if not reply.ok and not (reply.sections or reply.buttons):
            return [Toast(query.id, reply.text[:TOAST_LIMIT])]
        if message is None or not message.is_accessible:
            t = translator(reply.language)
            too_old = t("That message is too old to change; the answer comes as a new message.")
            return [Toast(query.id, too_old), *self._answer(member_id, chat, reply)]
        if chat.is_group and not reply.public:
            sends, note = self._privately(member_id, reply)
            return [Toast(query.id, note[:TOAST_LIMIT]), *sends]
        parts = render(reply)
        first, rest = parts[0], parts[1:]
        markup = keyboard.markup(self.app.db, chat.chat_key, member_id, first.keyboard)
        edit = Edit(chat.chat_id, message.message_id, first.html, markup)
        more = self._sends(chat.chat_id, chat.chat_key, member_id, rest, thread_id=chat.thread_id)
        return with_document([Toast(query.id), edit, *more, *picture(chat.chat_id, reply)], reply)

    def _answer(self, member_id: int, chat: Chat, reply: Reply) -> list[Action]:
        """The reply where it may be read: a group sees only what is meant for everyone."""
        if not chat.is_group or reply.public:
            parts = render(reply)
            return self._sends(chat.chat_id, chat.chat_key, member_id, parts, reply, chat.thread_id)
        sends, note = self._privately(member_id, reply)
        return [*sends, Send(chat.chat_id, note, thread_id=chat.thread_id)]

    def _privately(self, member_id: int, reply: Reply) -> tuple[list[Action], str]:
        """The reply in the member's own chat, and what the group is told about it."""
        t = translator(reply.language)
        private = self._private_chat(member_id)
        if private is None:
            link = f"https://t.me/{self.bot.username}"
            return [], t("Please write to me privately first: {link}", link=link)
        sends = self._sends(private, str(private), member_id, render(reply), reply)
        return sends, t("I sent you the answer in a private chat.")

    def _sends(
        self,
        chat_id: int,
        chat_key: str,
        member_id: int,
        parts: list[Part],
        whole: Reply | None = None,
        thread_id: int | None = None,
    ) -> list[Action]:
        """Messages for `parts`; the first carries the `whole` reply for the outbox should it
        fail, so an answer Telegram would not take still arrives later."""
        db = self.app.db
        sends: list[Action] = [
            Send(
                chat_id,
                part.html,
                keyboard.markup(db, chat_key, member_id, part.keyboard),
                (member_id, whole) if whole is not None and number == 0 else None,
                thread_id,
            )
            for number, part in enumerate(parts)
        ]
        return sends + picture(chat_id, whole)

    def _private_chat(self, member_id: int) -> int | None:
        with self.app.db.read_session() as session:
            identity = members.identity_of(session, member_id, PLATFORM)
            return int(identity.chat_id) if identity and identity.chat_id else None

    def _language(self, member_id: int) -> str:
        with self.app.db.read_session() as session:
            member = members.get(session, member_id)
            return member.language if member else self.app.settings.crm_language


def with_document(plan: list[Action], reply: Reply) -> list[Action]:
    """The reply's file (if any) follows the answer into the chat the answer itself went to
    (a Send carrying the whole reply, or the edited message), and nowhere else."""
    answered = next(
        (a for a in plan if isinstance(a, Edit) or (isinstance(a, Send) and a.fallback)), None
    )
    if reply.attachment is None or answered is None:
        return plan
    return [*plan, Document(answered.chat_id, reply.attachment)]


def picture(chat_id: int, reply: Reply | None) -> list[Action]:
    """The chart of a reply, if it has one, as a photo into the same chat."""
    if reply is None or reply.image is None:
        return []
    return [Photo(chat_id, reply.image.data, reply.image.alt)]
