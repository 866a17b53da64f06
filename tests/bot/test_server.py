"""`crmbot serve` as the Procfile's web line starts it: a real process on $PORT."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.bot.shell import NEUTRAL_DIR, process_env
from tests.fakes.slack_requests import SlackInbound


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return int(answer.status)
    except (urllib.error.URLError, ConnectionError):
        return 0


@pytest.fixture
def served(database_url: str) -> Iterator[str]:
    port = _free_port()
    env = {
        **process_env(),
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "server-test-secret",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=NEUTRAL_DIR)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while _get(f"{base}/healthz") != 200:
        assert process.poll() is None, "crmbot serve exited"
        assert time.monotonic() < deadline, "crmbot serve did not answer /healthz"
        time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=20)


def test_serve_answers_healthz(served: str) -> None:
    assert _get(f"{served}/healthz") == 200


def test_serve_rejects_a_forged_slack_request(served: str) -> None:
    forged = SlackInbound(f"{served}/slack/events", "not-the-secret", "http://127.0.0.1:9/")
    answer = forged.post("command=%2Fcrm&text=help", "application/x-www-form-urlencoded")
    assert answer.status == 401


def test_serve_with_two_workers_shares_one_port_and_stops_on_sigterm(database_url: str) -> None:
    port = _free_port()
    env = {**process_env(), "DATABASE_URL": database_url, "PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--workers", "2"], env=env, cwd=NEUTRAL_DIR
    )
    deadline = time.monotonic() + 60
    while _get(f"http://127.0.0.1:{port}/healthz") != 200:
        assert process.poll() is None, "crmbot serve --workers 2 exited"
        assert time.monotonic() < deadline, "crmbot serve --workers 2 did not answer /healthz"
        time.sleep(0.1)
    children = _children(process.pid)
    while len(children) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
        children = _children(process.pid)
    assert len(children) == 2
    process.terminate()
    assert process.wait(timeout=30) == 0
    assert not any(os.path.exists(f"/proc/{child}") for child in children)


def _children(pid: int) -> list[int]:
    """The server processes `pid` spawned (Linux lists children in /proc; multiprocessing's
    resource tracker is a child too, but not one of them)."""
    with open(f"/proc/{pid}/task/{pid}/children") as listing:
        children = [int(child) for child in listing.read().split()]
    return [child for child in children if b"spawn_main" in _cmdline(child)]


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read()
    except FileNotFoundError:
        return b""
