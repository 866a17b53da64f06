"""The Bot API calls a handled update comes down to, and how each is made.

Planning (bot/telegram/handling.py) is durable and talks to the database only; these are
sent after the webhook has answered 200.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.telegram.files import Document, send_document
from handlers.reply import Reply


@dataclass(frozen=True)
class Send:
    """One message to send. `fallback` is the answer it starts (with its member): when
    Telegram will not take it even after retries, the outbox delivers it later.
    `thread_id` keeps an answer in the forum topic it was asked in."""

    chat_id: int
    html: str
    markup: InlineKeyboardMarkup | None = None
    fallback: tuple[int, Reply] | None = None
    thread_id: int | None = None


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


@dataclass(frozen=True)
class Photo:
    """A reply's picture (a chart), sent after its text with `sendPhoto`."""

    chat_id: int
    png: bytes
    caption: str


Action = Send | Edit | Toast | Document | Photo


async def perform(bot: Bot, action: Action) -> None:
    if isinstance(action, Document):
        await send_document(bot, action)
    elif isinstance(action, Photo):
        await bot.send_photo(action.chat_id, photo=action.png, caption=action.caption)
    elif isinstance(action, Toast):
        await bot.answer_callback_query(action.callback_id, text=action.text)
    elif isinstance(action, Edit):
        try:
            await bot.edit_message_text(
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
        await bot.send_message(
            action.chat_id,
            action.html,
            parse_mode=ParseMode.HTML,
            reply_markup=action.markup,
            message_thread_id=action.thread_id,
        )
