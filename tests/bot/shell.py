"""Running `crmbot` the way a shell user does: a real process on a given database.

A process a test starts gets a clean environment (`process_env`) and a neutral working
directory (`NEUTRAL_DIR`): the developer's shell variables and .env file (a real Slack
token, a production database) never reach it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).parents[2]
NEUTRAL_DIR = tempfile.gettempdir()
_FROM_SHELL = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def process_env(**values: str) -> dict[str, str]:
    """What a crmbot process needs from the shell, the project importable, and `values`."""
    env = {name: os.environ[name] for name in _FROM_SHELL if name in os.environ}
    env.update(PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    env.update(values)
    return env


def crmbot(args: list[str], stdin: str, database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=process_env(DATABASE_URL=database_url, CRM_LANGUAGE="en"),
        cwd=NEUTRAL_DIR,
        timeout=120,
        check=False,
    )
