"""A real `crmbot serve` for the load benchmarks, on 127.0.0.1, answering /healthz."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import suppress
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
_PLATFORM_SECRETS = (
    "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET",
)  # fmt: skip


def bench_env(settings: dict[str, str]) -> dict[str, str]:
    """`settings` over the shell's environment, its own Slack or Telegram tokens dropped, so
    a benchmark's process can reach no real platform."""
    env = {k: v for k, v in os.environ.items() if k not in _PLATFORM_SECRETS}
    return env | {"CRM_LANGUAGE": "en", "PYTHONPATH": str(ROOT), **settings}


def start_serve(
    port: int, settings: dict[str, str], *args: str, log: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    """`crmbot serve [args]` with `settings` (see bench_env); returns once it answers. Its
    output goes to `log` if given (a server restarted often would fill a pipe nobody reads)."""
    env = bench_env({"PORT": str(port), **settings})
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", *args],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log or subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 180  # a loaded machine imports and builds slowly
    while time.monotonic() < deadline:
        with suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
            return server
        if server.poll() is not None:
            raise RuntimeError(server.stderr.read().decode() if server.stderr else "exited")
        time.sleep(0.2)
    server.kill()  # else it lives on, holding the port from the next start
    server.wait()
    raise RuntimeError("crmbot serve did not answer /healthz")


def wait_settled(server: subprocess.Popen[bytes], timeout: float = 120.0) -> float:
    """Wait until the server has finished its start-up work (its name index is built in a
    thread after /healthz already answers): until it uses under 10% of a core over a
    quarter of a second. Returns the seconds waited. Linux only (reads /proc)."""
    started = time.monotonic()
    used = _cpu_seconds(server.pid)
    while time.monotonic() - started < timeout:
        time.sleep(0.25)
        now = _cpu_seconds(server.pid)
        if now - used < 0.025:
            break
        used = now
    return time.monotonic() - started


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
