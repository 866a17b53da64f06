"""`crmbot serve` as a real process against the test database and the fake Slack, for the
tests that signal it: start it, wait for /healthz, send it signed Slack requests, kill it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.bot.shell import NEUTRAL_DIR, process_env
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound

SIGNING_SECRET = "served-test-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return int(answer.status)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


class Served:
    """One `crmbot serve` at a time on a fixed port, restartable after a kill."""

    def __init__(self, database_url: str, slack: FakeSlack, log_dir: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.slack = slack
        self.log_dir = log_dir
        self.env = {
            **process_env(),
            "DATABASE_URL": database_url,
            "PORT": str(self.port),
            "SLACK_BOT_TOKEN": "xoxb-served",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.api_url,
            "CRM_LANGUAGE": "en",
            "PYTHONUNBUFFERED": "1",
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def inbound(self) -> SlackInbound:
        return SlackInbound(f"{self.base}/slack/events", SIGNING_SECRET, self.slack.response_url())

    def start(self, timeout: float = 60.0) -> None:
        self.starts += 1
        log = (self.log_dir / f"serve{self.starts}.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"],
            cwd=NEUTRAL_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while status_of(f"{self.base}/healthz") != 200:
            assert self.process.poll() is None, "crmbot serve exited"
            assert time.monotonic() < deadline, "crmbot serve did not answer /healthz"
            time.sleep(0.05)

    def signal(self, signum: signal.Signals) -> None:
        assert self.process is not None
        self.process.send_signal(signum)

    def wait(self, timeout: float = 40.0) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
