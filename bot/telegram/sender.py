"""TelegramSender: how the outbox and reminder worker reach a member on Telegram.

It sends once and reports failures as DeliveryError, so the worker, which owns retries
and pacing across processes, decides when to try again. A reply's picture (a chart)
follows its text as a photo (sendPhoto).
"""

from __future__ import annotations

import asyncio

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.delivery import Address, DeliveryError
from bot.telegram import keyboard
from bot.telegram.application import plain_bot
from bot.telegram.payloads import seconds
from bot.telegram.render import render
from config import Settings
from handlers.reply import Reply
from storage import members, send_budgets
from storage.db import Database
from storage.send_budgets import Budget
from storage.types import utcnow

GONE = ("chat not found", "user is deactivated", "bot was blocked")
TELEGRAM_BUDGET = Budget("telegram", rate=30.0, burst=30.0)
"""Telegram's bulk limit, about 30 messages a second per bot, shared by all workers."""


class TelegramSender:
    platform = "telegram"

    def __init__(self, bot: Bot, db: Database, budget: Budget = TELEGRAM_BUDGET) -> None:
        self.bot = bot
        self.db = db
        self.budget = budget
        self._ready = False
        self._turns = 0
        self._waiting = asyncio.Lock()

    async def already_sent(self, address: Address, key: str) -> bool:
        """The Bot API cannot list what a bot sent: a message in flight when a worker
        died may go out twice."""
        return False

    async def send(self, address: Address, reply: Reply, key: str = "") -> None:
        chat_id = int(address.chat_id or address.external_id)
        member_id = await asyncio.to_thread(self._member_id, address)
        if not self._ready:
            await self.bot.initialize()
            self._ready = True
        parts = render(reply)
        for part in parts:
            markup = await asyncio.to_thread(
                keyboard.markup, self.db, str(chat_id), member_id, part.keyboard
            )
            await self._turn()
            try:
                await self.bot.send_message(
                    chat_id, part.html, parse_mode=ParseMode.HTML, reply_markup=markup
                )
                if part is parts[-1] and reply.image is not None:
                    await self._turn()
                    await self.bot.send_photo(
                        chat_id, photo=reply.image.data, caption=reply.image.alt
                    )
            except RetryAfter as flood:
                raise DeliveryError(str(flood), retry_after=seconds(flood.retry_after)) from flood
            except Forbidden as blocked:
                raise DeliveryError(str(blocked), permanent=True) from blocked
            except BadRequest as bad:
                gone = any(reason in str(bad).lower() for reason in GONE)
                raise DeliveryError(str(bad), permanent=gone) from bad
            except TelegramError as problem:
                raise DeliveryError(str(problem)) from problem

    async def pace(self) -> None:
        """Take a turn of the budget every sending process shares, for the next message.

        One waiter per process asks the database at a time: a hundred sends waiting would
        otherwise each poll it every few milliseconds and starve the worker of it."""
        async with self._waiting:
            while wait := await asyncio.to_thread(self._take):
                await asyncio.sleep(wait)
            self._turns += 1

    async def _turn(self) -> None:
        """Spend a turn taken ahead (by `pace`), else wait for one now."""
        if not self._turns:
            await self.pace()
        self._turns -= 1

    def _take(self) -> float:
        with self.db.session() as session:
            return send_budgets.take(session, self.budget, utcnow())

    async def close(self) -> None:
        if self._ready:
            await self.bot.shutdown()
            self._ready = False

    def _member_id(self, address: Address) -> int | None:
        with self.db.read_session() as session:
            member = members.by_identity(session, self.platform, address.external_id)
            return member.id if member else None


def build_sender(settings: Settings, db: Database) -> TelegramSender:
    return TelegramSender(plain_bot(settings), db)
