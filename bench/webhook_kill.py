"""Telegram updates lost, or run twice, while `crmbot serve` is killed (bench/kill_bench.py).

Each client is one Telegram user in a private chat posting real Update JSON (`add company
tg-<client>-<n>`) to the webhook, as Telegram does: an update not answered 200 is posted
again until it is, and the chat's next update waits for that. Afterwards every update that
got a 200 must have its row in the journal (delivery key `telegram:<update_id>`), and no
company may exist twice (an update run twice).
"""

from __future__ import annotations

import signal
import subprocess
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from bench.chaos import run_threads, under_kills
from bench.fake_telegram import FakeTelegramProcess
from bench.reminder_bench import add_members, chat_of
from bench.serving import start_serve
from storage.models import InboundMessage, Party
from tests.bot.served import free_port
from tests.fakes.telegram_updates import SECRET, TOKEN, message_update, post_update, user_json

REDELIVER_SECONDS = 60.0


class TelegramServe:
    """`crmbot serve` with Telegram's webhook only, restartable on one port."""

    def __init__(self, url: str, telegram: FakeTelegramProcess) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.settings = {"DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": TOKEN,
                         "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_API_URL": telegram.base_url}  # fmt: skip
        self.log = (Path(tempfile.mkdtemp(prefix="webhook-kill-")) / "serve.log").open("ab")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = start_serve(self.port, self.settings, log=self.log)

    def signal(self, signum: signal.Signals) -> None:
        assert self.process is not None
        self.process.send_signal(signum)

    def wait(self) -> int:
        assert self.process is not None
        return self.process.wait(40)


class Phones:
    """The clients' tally: update ids answered 200, posts not answered, updates left over."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.acked: set[int] = set()
        self.unanswered = 0
        self.left: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def deliver(self, update: dict[str, Any]) -> bool:
        """One post of `update`; True when it was answered 200."""
        try:
            answered = post_update(self.base, update) == 200
        except httpx.HTTPError:
            answered = False  # refused or cut off while down
        with self.lock:
            if answered:
                self.acked.add(int(update["update_id"]))
            else:
                self.unanswered += 1
        return answered

    def chat(self, client: int, seconds: float) -> None:
        """One chat's updates for `seconds`, each posted until answered."""
        user = user_json(int(chat_of("telegram", client)), f"Client {client}", "en")
        deadline, n, update = time.monotonic() + seconds, 0, None
        while time.monotonic() < deadline:
            if update is None:
                text = f"add company tg-{client}-{n}"
                update = message_update(user, user["id"], client * 1_000_000 + n + 1, text=text)
                n += 1
            if self.deliver(update):
                update = None
            else:
                time.sleep(0.05)
        if update is not None:
            with self.lock:
                self.left.append(update)

    def redeliver(self) -> None:
        """What was still unanswered when the load stopped, until answered (Telegram keeps
        trying for a day; here for at most REDELIVER_SECONDS)."""
        deadline = time.monotonic() + REDELIVER_SECONDS
        for update in self.left:
            while not self.deliver(update) and time.monotonic() < deadline:
                time.sleep(0.1)


def run_webhook(url: str, clients: int, seconds: float, every: float | None) -> str:
    db = add_members(url, clients, "telegram", datetime.now(UTC))
    with FakeTelegramProcess() as telegram:
        served = TelegramServe(url, telegram)
        phones = Phones(served.base)
        _, kills = under_kills(
            served, every, lambda: run_threads(lambda c: phones.chat(c, seconds), clients)
        )
        phones.redeliver()
        time.sleep(3)
        served.signal(signal.SIGTERM)
        served.wait()
    with db.read_session() as session:
        keys = set(session.scalars(select(InboundMessage.delivery_key)))
        waiting = session.scalar(
            select(func.count(InboundMessage.id)).where(InboundMessage.status == "received")
        )
        twice = session.scalar(
            select(func.count()).select_from(
                select(Party.name).group_by(Party.name).having(func.count() > 1).subquery()
            )
        )
    db.dispose()
    lost = len({f"telegram:{u}" for u in phones.acked} - keys)
    return (
        f"{kills} acknowledged={len(phones.acked)} journalled={len(phones.acked) - lost} "
        f"lost={lost} ({1000 * lost / max(1, len(phones.acked)):.1f} per 1,000) "
        f"posts-unanswered={phones.unanswered} ran-twice={twice} left-received={waiting}"
    )
