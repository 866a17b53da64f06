"""Running `crmbot` the way a shell user does: a real process on a given database."""

from __future__ import annotations

import os
import subprocess
import sys


def crmbot(args: list[str], stdin: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "CRM_LANGUAGE": "en"}
    for platform in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "TELEGRAM_BOT_TOKEN"):
        env.pop(platform, None)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
