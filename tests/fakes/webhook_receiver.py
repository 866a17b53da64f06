"""Another system's webhook URL on 127.0.0.1: it records every request (headers and raw
body) and answers with the statuses a test scripts (`answer(500)`: one 500, then 200s),
optionally after a pause, so timeouts and retries are met over real HTTP."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.fakes.recording import CallLog, QuietServer


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.body)
        return found


class WebhookReceiver:
    """Use as a context manager; `url` is where webhooks should post."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.lock = threading.Condition()
        self.log: CallLog[Received] = CallLog(self.lock)
        self._statuses: deque[int] = deque()
        self.server = QuietServer(("127.0.0.1", 0), _handler_for(self))
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, *statuses: int) -> None:
        """The statuses of the next requests, in turn; after them every request gets 200."""
        with self.lock:
            self._statuses.extend(statuses)

    def received(self) -> list[Received]:
        return self.log.of()

    def next_status(self) -> int:
        with self.lock:
            return self._statuses.popleft() if self._statuses else 200


def _handler_for(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.log.add(Received("POST", self.path, dict(self.headers.items()), body))
            if receiver.delay:
                time.sleep(receiver.delay)
            status = receiver.next_status()
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the recorded requests are what tests look at."""

    return Handler
