"""One Telegram update in, a plan of Bot API calls out.

`receive` does everything durable (who is writing, the command through the CRM's journal,
the chat's current customer, stored button commands) and returns what to send; `deliver`
only talks to Telegram. The webhook answers 200 between the two, so an update it has
acknowledged is never lost, and a repeated update id is answered from the journal once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.bootstrap import App
from bot.telegram import keyboard
from bot.telegram.files import Document, Shared, fetch_shared, send_document, shared_line
from bot.telegram.payloads import Chat, chat_of, command_line, field_line, update_kind
from bot.telegram.render import Part, render
from handlers import conversation
from handlers.accounts import member_for, redeem_invite
from handlers.command import Command
from handlers.i18n import translator
from handlers.reply import Reply
from storage import journal, members

log = logging.getLogger(__name__)
PLATFORM = "telegram"
TOAST_LIMIT = 190


@dataclass(frozen=True)
class Send:
    """One message to send. `fallback` is the answer it starts (with its member): when
    Telegram will not take it even after retries, the outbox delivers it later."""

    chat_id: int
    html: str
    markup: InlineKeyboardMarkup | None = None
    fallback: tuple[int, Reply] | None = None


@dataclass(frozen=True)
class Edit:
    chat_id: int
    message_id: int
    html: str
    markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class Toast:
    """The answer to a pressed button: a short note only the presser sees."""

    callback_id: str
    text: str | None = None


Action = Send | Edit | Toast | Document


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
                await self._perform(action)
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
                payload=reply.to_dict(),
                not_before=self.app.crm.clock(),
            )

    async def _perform(self, action: Action) -> None:
        if isinstance(action, Document):
            await send_document(self.bot, action)
        elif isinstance(action, Toast):
            await self.bot.answer_callback_query(action.callback_id, text=action.text)
        elif isinstance(action, Edit):
            try:
                await self.bot.edit_message_text(
                    action.html,
                    chat_id=action.chat_id,
                    message_id=action.message_id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=action.markup,
                )
            except BadRequest as problem:
                if "not modified" not in str(problem):
                    raise
        else:
            await self.bot.send_message(
                action.chat_id,
                action.html,
                parse_mode=ParseMode.HTML,
                reply_markup=action.markup,
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
        user = update.effective_user
        chat = chat_of(update)
        if user is None or chat is None or user.is_bot:
            return self._ignored(update)
        query = update.callback_query
        if query is not None:
            return self._pressed(update.update_id, user, chat, query)
        if update.message is None:
            return self._ignored(update)
        line = self._line(update.message, chat)
        if line is None:
            return self._ignored(update)
        member_id = self._member(user, chat, line)
        if member_id is None:
            return [Send(chat.chat_id, _refusal(user, line))]
        if shared is not None:
            read = shared_line(self.app, member_id, shared, self._language(member_id))
            if isinstance(read, Reply):
                return self._answer(member_id, chat, read)
            line = read
        reply = self._handle(update.update_id, member_id, chat, line)
        if reply is None:
            return []
        return with_document(self._answer(member_id, chat, reply), reply)

    def _line(self, message: Message, chat: Chat) -> str | None:
        if message.text is not None:
            line = command_line(message.text, chat.is_group, self.bot.username)
            if line is None or message.text.lstrip().startswith("/"):
                return line
            return conversation.interpret(self.app.crm.registry, line)
        return None if chat.is_group else field_line(message)

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
            return [Toast(query.id, _refusal(user, "")[:TOAST_LIMIT])]
        line = keyboard.command_of(self.app.db, chat.chat_key, query.data or "")
        if line is None:
            expired = translator(self._language(member_id))("This button has expired.")
            return [Toast(query.id, expired)]
        reply = self._handle(update_id, member_id, chat, line)
        if reply is None:
            return []
        message = query.message
        refused = not reply.ok and not (reply.sections or reply.buttons)
        if refused or (chat.is_group and not reply.public) or not isinstance(message, Message):
            return [Toast(query.id, reply.text[:TOAST_LIMIT])]
        parts = render(reply)
        first, rest = parts[0], parts[1:]
        markup = keyboard.markup(self.app.db, chat.chat_key, member_id, first.keyboard)
        edit = Edit(chat.chat_id, message.message_id, first.html, markup)
        sends = self._sends(chat.chat_id, chat.chat_key, member_id, rest)
        return with_document([Toast(query.id), edit, *sends], reply)

    def _answer(self, member_id: int, chat: Chat, reply: Reply) -> list[Action]:
        """The reply where it may be read: a group sees only what is meant for everyone."""
        if not chat.is_group or reply.public:
            return self._sends(chat.chat_id, chat.chat_key, member_id, render(reply), reply)
        t = translator(reply.language)
        private = self._private_chat(member_id)
        if private is None:
            link = f"https://t.me/{self.bot.username}"
            return [Send(chat.chat_id, t("Please write to me privately first: {link}", link=link))]
        sends = self._sends(private, str(private), member_id, render(reply), reply)
        return [*sends, Send(chat.chat_id, t("I sent you the answer in a private chat."))]

    def _sends(
        self,
        chat_id: int,
        chat_key: str,
        member_id: int,
        parts: list[Part],
        whole: Reply | None = None,
    ) -> list[Action]:
        """Messages for `parts`; the first carries the `whole` reply for the outbox should it
        fail, so an answer Telegram would not take still arrives later."""
        db = self.app.db
        return [
            Send(
                chat_id,
                part.html,
                keyboard.markup(db, chat_key, member_id, part.keyboard),
                (member_id, whole) if whole is not None and number == 0 else None,
            )
            for number, part in enumerate(parts)
        ]

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


def _refusal(user: User, line: str) -> str:
    """What a stranger hears, in their own language; nothing of theirs is stored."""
    t = translator("de" if (user.language_code or "").lower().startswith("de") else "en")
    verb, _, code = line.partition(" ")
    if verb == "start" and code.strip():
        return t(
            "This invite code is not valid any more (used or expired). "
            "Please ask your admin for a new one."
        )
    return t(
        "Sorry, this bot works only for members of our team. "
        "If you are one, ask an admin for an invite code and send: /start CODE"
    )
