"""A server killed and restarted while a load runs: what bench/kill_bench.py and
bench/webhook_kill.py share."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class Restartable(Protocol):
    def start(self) -> None: ...
    def signal(self, signum: signal.Signals) -> None: ...
    def wait(self) -> int: ...


def under_kills(served: Restartable, every: float | None, load: Callable[[], T]) -> tuple[T, str]:
    """Run `load` while `served` is killed every `every` seconds (SIGKILL and SIGTERM in
    turn) and started again; then stop it and start it once more, to answer what the last
    kill left behind. It is left running; the second value tells the kills."""
    served.start()
    stop, kills = threading.Event(), list[str]()
    chaos = threading.Thread(target=killer, args=(served, every, stop, kills))
    if every:
        chaos.start()
    result = load()
    stop.set()
    if every:
        chaos.join()
    served.signal(signal.SIGTERM)
    served.wait()
    served.start()
    sigkills = kills.count("SIGKILL")
    return result, f"kills={len(kills)} ({sigkills} SIGKILL, {len(kills) - sigkills} SIGTERM)"


def killer(served: Restartable, every: float, stop: threading.Event, kills: list[str]) -> None:
    signals = (signal.SIGKILL, signal.SIGTERM)
    while not stop.wait(every):
        signum = signals[len(kills) % 2]
        served.signal(signum)
        served.wait()
        kills.append(signum.name)
        served.start()


def run_threads(target: Callable[[int], None], count: int) -> None:
    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
