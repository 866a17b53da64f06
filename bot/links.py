"""Links into the chat platforms, which only the edges know the shape of."""

from __future__ import annotations

from config import Settings


class PlatformLinks:
    """What handlers may hand out as links (see handlers.context.Links)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def invite(self, code: str) -> str | None:
        """t.me/<bot>?start=CODE opens the bot and sends `/start CODE` with one tap."""
        username = self.settings.telegram_bot_username
        return f"https://t.me/{username.lstrip('@')}?start={code}" if username else None
