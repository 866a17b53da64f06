"""`crmbot run`: one process with Telegram polling and the reminder worker inside it."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable

from bot.bootstrap import App
from bot.console import Console
from tests.bot.shell import NEUTRAL_DIR, process_env
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import TOKEN, message_update, user_json

pytest_plugins = ["tests.bot.telegram_fixtures"]


def test_run_polls_telegram_and_delivers_notices_until_sigterm(
    telegram_app: App, telegram_api: FakeTelegramApi, invite: Callable[[str], str]
) -> None:
    bob = user_json(4242, "Bob", "en")
    telegram_api.push_update(message_update(bob, 4242, text=f"/start {invite('Bob')}"))
    env = {
        **process_env(),
        "DATABASE_URL": telegram_app.settings.database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram_api.base_url,
        "REMINDER_POLL_SECONDS": "0.5",
        "CRM_LANGUAGE": "en",
    }
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env, cwd=NEUTRAL_DIR)
    try:
        welcome = telegram_api.wait_for("sendMessage", 1, timeout=60)
        assert "Welcome, Bob" in welcome[0].params["text"]
        anna = Console(telegram_app, "anna")
        anna.ask("add company Müller GmbH")
        anna.ask("followup Müller morgen @bob: call about the invoice")
        notice = telegram_api.wait_for("sendMessage", 2, timeout=30)[1]
        assert notice.params["chat_id"] in (4242, "4242")
        assert "call about the invoice" in notice.params["text"]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
