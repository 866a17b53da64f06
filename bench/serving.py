"""A real `crmbot serve` for the load benchmarks, on 127.0.0.1, answering /healthz."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_PLATFORM_SECRETS = (
    "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET",
)  # fmt: skip


def start_serve(port: int, settings: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    """`crmbot serve [args]` with `settings` over the shell's environment (its own Slack or
    Telegram tokens dropped, so nothing can reach a real platform); returns once it answers."""
    env = {k: v for k, v in os.environ.items() if k not in _PLATFORM_SECRETS}
    env |= {"PORT": str(port), "CRM_LANGUAGE": "en", **settings}
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", *args],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 180  # a loaded machine builds the name index slowly
    while time.monotonic() < deadline:
        with suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
            return server
        if server.poll() is not None:
            raise RuntimeError(server.stderr.read().decode() if server.stderr else "exited")
        time.sleep(0.2)
    raise RuntimeError("crmbot serve did not answer /healthz")
