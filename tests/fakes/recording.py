"""What both platform fakes share: the call log (what the bot asked, and waiting for it to
ask) and a server that stays quiet when a client hangs up."""

from __future__ import annotations

import threading
import time
from http.server import ThreadingHTTPServer
from typing import Any, Generic, Protocol, TypeVar


class Recorded(Protocol):
    @property
    def method(self) -> str: ...


C = TypeVar("C", bound=Recorded)


class CallLog(Generic[C]):
    """Calls in arrival order; the server's threads add, the test's thread reads and waits.

    It shares the fake's condition, so a fake can change its own state and the log under
    one lock.
    """

    def __init__(self, lock: threading.Condition) -> None:
        self.lock = lock
        self.entries: list[C] = []

    def add(self, call: C) -> None:
        with self.lock:
            self.entries.append(call)
            self.lock.notify_all()

    def of(self, method: str | None = None) -> list[C]:
        with self.lock:
            return [c for c in self.entries if method is None or c.method == method]

    def wait_for(self, method: str, count: int, timeout: float) -> list[C]:
        """The calls of `method` once there are at least `count`; fails after `timeout`."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                found = [c for c in self.entries if c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self.entries]
                    raise AssertionError(
                        f"{count} x {method} not called within {timeout}s; saw {seen}"
                    )
                self.lock.wait(left)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client closing its keep-alive connection is normal, not worth a traceback."""
