"""The platform senders a worker delivers through, built from the settings.

Imported lazily so a worker for one platform does not load the other's client library.
"""

from __future__ import annotations

from bot.bootstrap import App
from bot.delivery import Sender


def build_senders(app: App) -> dict[str, Sender]:
    """One sender per configured platform, keyed by the Identity.platform it serves."""
    senders: dict[str, Sender] = {}
    if app.settings.slack_bot_token:
        from bot.slack import build_sender as slack_sender

        senders["slack"] = slack_sender(app)
    if app.settings.telegram_bot_token:
        from bot.telegram import build_sender as telegram_sender

        senders["telegram"] = telegram_sender(app.settings, app.db)
    return senders
