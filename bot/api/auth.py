"""Who calls `/api/v1`: a bearer token checked against its stored hash, and a rate limit.

The check runs in a worker thread (a database read). The limit is a sliding window per
token in this process's memory: with `serve --workers N` each process counts its own, so
a token gets at most N times the limit; enough to stop a runaway client or a guesser.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.bootstrap import App
from handlers.tokens import check

REQUESTS_PER_MINUTE = 60
MAX_HEADER_CHARS = 200


@dataclass(frozen=True)
class Caller:
    """A request's token: whose it is (the API acts as that member), and what it may do."""

    token_id: int
    member_id: int
    scope: str
    language: str

    def may(self, scope: str) -> bool:
        return scope == "read" or self.scope == "write"


def caller(app: App, header: str) -> Caller | None:
    """The caller an `Authorization: Bearer <token>` header names, or None."""
    kind, _, value = header.strip().partition(" ")
    if kind.lower() != "bearer" or not value or len(header) > MAX_HEADER_CHARS:
        return None
    with app.db.lookup() as session:
        found = check(session, value.strip())
        if found is None:
            return None
        token, member = found
        return Caller(token.id, member.id, token.scope, member.language)


class RateLimit:
    """At most `limit` requests per token in any `window` seconds."""

    def __init__(
        self,
        limit: int = REQUESTS_PER_MINUTE,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._seen: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, token_id: int) -> int:
        """0 when this request may go ahead (and is counted); otherwise the whole seconds
        until it may (for Retry-After)."""
        now = self.clock()
        with self._lock:
            seen = self._seen.setdefault(token_id, deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) >= self.limit:
                return max(1, math.ceil(seen[0] + self.window - now))
            seen.append(now)
            return 0
