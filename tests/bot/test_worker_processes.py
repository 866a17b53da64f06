"""Several `crmbot worker` processes on one database, sending to the local fake Slack and
Telegram: every reminder exactly once, even when one worker is killed mid-run."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from bot.bootstrap import App
from storage.models import Followup
from tests.bot.shell import NEUTRAL_DIR, process_env
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import TOKEN

if TYPE_CHECKING:
    from tests.bot.worker_fixtures import Team

pytest_plugins = ["tests.bot.worker_fixtures"]

TASK = re.compile(r"task (\d+)")
FOLLOWUPS = 300


class Workers:
    """`python -m bot.cli worker` processes pointed at the test database and the fakes."""

    def __init__(self, env: dict[str, str], tmp_path: Path) -> None:
        self.env = env
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, count: int) -> None:
        for n in range(len(self.processes), len(self.processes) + count):
            log = (self.tmp_path / f"worker{n}.log").open("wb")
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "bot.cli", "worker"],
                    cwd=NEUTRAL_DIR,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )

    def kill(self, n: int) -> None:
        self.processes[n].send_signal(signal.SIGKILL)
        self.processes[n].wait(10)

    def stop(self) -> list[int | None]:
        """SIGTERM, as a deploy does; each must finish its batch and exit 0."""
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        return [p.wait(20) for p in self.processes]


@pytest.fixture
def workers(
    app: App, slack_api: FakeSlack, telegram_api: FakeTelegramApi, tmp_path: Path
) -> Iterator[Workers]:
    env = {
        **process_env(),
        "DATABASE_URL": app.settings.database_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": slack_api.api_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram_api.base_url,
        "REMINDER_POLL_SECONDS": "0.2",
        "REMINDER_LEASE_SECONDS": "15",
        "REMINDER_SEND_TIMEOUT_SECONDS": "3",
        "REMINDER_BATCH_SIZE": "50",
        "REMINDER_CONCURRENCY": "10",
        "PYTHONUNBUFFERED": "1",
    }
    started = Workers(env, tmp_path)
    yield started
    for process in started.processes:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def _delivered(slack_api: FakeSlack, telegram_api: FakeTelegramApi) -> Counter[int]:
    texts = [c.args.get("text", "") for c in slack_api.calls("chat.postMessage")]
    texts += [c.params.get("text", "") for c in telegram_api.calls("sendMessage")]
    return Counter(int(m[1]) for t in texts if (m := TASK.search(t)))


def _wait_until_all_sent(app: App, count: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    query = select(func.count()).where(Followup.reminder_state == "sent")
    while True:
        with app.db.session() as session:
            sent = session.scalar(query) or 0
        if sent >= count:
            return
        assert time.monotonic() < deadline, f"only {sent} of {count} sent in {timeout}s"
        time.sleep(0.1)


def _due_soon(team: Team) -> None:
    people = team.members_many(FOLLOWUPS, platforms=("telegram", "slack"))
    team.followups_many(people, datetime.now(UTC) + timedelta(seconds=2))


def test_three_workers_deliver_every_reminder_exactly_once(
    app: App, team: Team, workers: Workers, slack_api: FakeSlack, telegram_api: FakeTelegramApi
) -> None:
    _due_soon(team)
    workers.start(3)
    _wait_until_all_sent(app, FOLLOWUPS)
    assert workers.stop() == [0, 0, 0]
    delivered = _delivered(slack_api, telegram_api)
    assert sorted(delivered) == list(range(FOLLOWUPS))
    assert set(delivered.values()) == {1}


def test_reminders_waiting_their_turn_in_telegrams_budget_go_out_once_and_never_time_out(
    app: App, team: Team, workers: Workers, telegram_api: FakeTelegramApi
) -> None:
    """With the shipped sizes, three workers have 150 sends waiting for Telegram's shared
    budget (30 a second): a wait is no failed try, and no send is cut off and repeated."""
    workers.env |= {"REMINDER_CONCURRENCY": "50", "REMINDER_BATCH_SIZE": "500",
                    "REMINDER_LEASE_SECONDS": "10", "REMINDER_SEND_TIMEOUT_SECONDS": "30"}  # fmt: skip
    people = team.members_many(FOLLOWUPS, platforms=("telegram",))
    team.followups_many(people, datetime.now(UTC) + timedelta(seconds=2))
    workers.start(3)
    _wait_until_all_sent(app, FOLLOWUPS, timeout=120)
    workers.stop()
    texts = [c.params.get("text", "") for c in telegram_api.calls("sendMessage")]
    delivered = Counter(int(m[1]) for t in texts if (m := TASK.search(t)))
    assert sorted(delivered) == list(range(FOLLOWUPS))
    assert set(delivered.values()) == {1}
    with app.db.session() as session:
        assert set(session.scalars(select(Followup.attempts))) == {0}


def test_a_killed_worker_loses_nothing(
    app: App, team: Team, workers: Workers, slack_api: FakeSlack, telegram_api: FakeTelegramApi
) -> None:
    _due_soon(team)
    workers.start(3)
    telegram_api.wait_for("sendMessage", 20, timeout=30)
    workers.kill(0)
    _wait_until_all_sent(app, FOLLOWUPS)
    workers.stop()
    delivered = _delivered(slack_api, telegram_api)
    assert sorted(delivered) == list(range(FOLLOWUPS))


def test_a_restarted_worker_sends_what_fell_due_while_it_was_down(
    app: App, team: Team, workers: Workers, slack_api: FakeSlack, telegram_api: FakeTelegramApi
) -> None:
    people = team.members_many(10, platforms=("telegram",))
    team.followups_many(people, datetime.now(UTC) - timedelta(hours=1))
    workers.start(1)
    _wait_until_all_sent(app, 10)
    texts = [c.params["text"] for c in telegram_api.calls("sendMessage")]
    assert len(texts) == 10 and all("Overdue since" in t for t in texts)


def _claimed(app: App) -> dict[int, datetime]:
    """Claimed follow-ups and their leases, as the database has them now."""
    with app.db.session() as session:
        rows = session.execute(
            select(Followup.id, Followup.lease_until).where(Followup.reminder_state == "claimed")
        )
        return {row.id: row.lease_until for row in rows}


def _started(workers: Workers, n: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    log = workers.tmp_path / f"worker{n}.log"
    while b"worker started" not in log.read_bytes():
        assert time.monotonic() < deadline, f"worker {n} did not start in {timeout}s"
        time.sleep(0.1)


def test_a_killed_workers_reminders_go_out_within_15_s_though_telegrams_budget_is_busy(
    app: App, team: Team, workers: Workers, telegram_api: FakeTelegramApi
) -> None:
    """With the shipped sizes a worker used to hold 1,000 claims, half a minute at Telegram's
    30 a second, and took a killed worker's expired claims only after them (32 s once).
    Its orphans: claimed, their leases not renewed in the 5 s after the kill."""
    workers.env |= {"REMINDER_CONCURRENCY": "50", "REMINDER_BATCH_SIZE": "500",
                    "REMINDER_LEASE_SECONDS": "10", "REMINDER_SEND_TIMEOUT_SECONDS": "30"}  # fmt: skip
    people = team.members_many(3000, platforms=("telegram",))
    team.followups_many(people, datetime.now(UTC))
    workers.start(1)
    telegram_api.wait_for("sendMessage", 1, timeout=60)
    workers.start(1)
    _started(workers, 1)
    time.sleep(2)
    workers.kill(1)
    killed_at = time.monotonic()
    at_kill = _claimed(app)
    time.sleep(5)
    orphans = {i for i, lease in _claimed(app).items() if at_kill.get(i) == lease}
    assert orphans, "the killed worker held no claims"
    query = select(func.count()).where(Followup.id.in_(orphans), Followup.reminder_state == "sent")
    while True:
        with app.db.session() as session:
            if session.scalar(query):
                break
        waited = time.monotonic() - killed_at
        assert waited < 15, f"none of {len(orphans)} orphans sent {waited:.0f}s after the kill"
        time.sleep(0.2)
