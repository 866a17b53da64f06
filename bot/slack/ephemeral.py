"""Ephemeral lists, remembered so that pressing one entry's button changes only that entry.

Slack sends a button press on an ephemeral message without the message (only
`container.is_ephemeral`), and chat.update cannot touch an ephemeral message: its
response_url can only replace it whole (`replace_original`) or delete it. To change one
entry and keep the rest, the app must know what the rest looked like. So an ephemeral
answer with list entries is remembered here, under a tag its entries' block ids carry
(`crm:item:0-3~<tag>`), for as long as Slack lets its response_url be used (30 minutes).
A press on a list this process does not remember (after a restart, or when another
process answered it) replaces the list with the outcome, as it always did. The tags are
random, so a list from before a restart is never mistaken for a newer one.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

RESPONSE_URL_SECONDS = 30 * 60
KEPT = 2000
_MARK = "~"


def tag_of(block_id: str) -> str | None:
    """The tag an entry's block id carries, if any."""
    _, mark, tag = block_id.rpartition(_MARK)
    return tag if mark and tag else None


class Shown:
    """The ephemeral lists of the last 30 minutes (at most KEPT), newest last."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lists: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def new_tag() -> str:
        return _MARK + secrets.token_hex(4)

    def remember(self, tag: str, message: dict[str, Any]) -> None:
        """`message` (its `text` and `blocks`) as the member sees it now."""
        with self._lock:
            self._lists[tag.lstrip(_MARK)] = (self._clock(), message)
            self._lists.move_to_end(tag.lstrip(_MARK))
            while len(self._lists) > KEPT:
                self._lists.popitem(last=False)

    def recall(self, tag: str) -> dict[str, Any] | None:
        with self._lock:
            kept = self._lists.get(tag.lstrip(_MARK))
        if kept is None or self._clock() - kept[0] > RESPONSE_URL_SECONDS:
            return None
        return kept[1]
