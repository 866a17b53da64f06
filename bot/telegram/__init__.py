"""The Telegram adapter: webhook on the shared server, long polling, and the sender."""

from bot.telegram.polling import Polling, start_polling
from bot.telegram.sender import TelegramSender, build_sender
from bot.telegram.webhook import mount

__all__ = ["Polling", "TelegramSender", "build_sender", "mount", "start_polling"]
