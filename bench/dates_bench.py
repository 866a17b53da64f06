"""How fast and how lean parse_when is, with plain dateparser measured in the same run.

A mixed set of phrases members type (German and English, times, weekdays, weeks, idioms,
working days, refusals) is parsed with a fresh "now" each time: parse_when's p50/p95/p99,
then plain `dateparser.parse(languages=['de', 'en'])` on the same phrases and nows as the
peer. Then memory over many parses: RSS and tracemalloc after a warm-up, and again at the
end, each parse with a fresh "now" (dateparser's caches have grown with a new
RELATIVE_BASE per call; ours must stay flat).

    .venv/bin/python -m bench.dates_bench                     # 20,000 timed, 100,000 for memory
    .venv/bin/python -m bench.dates_bench --parses 2000 --memory 10000
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import statistics
import time
import tracemalloc
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.dates import DateError, parse_when

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
PHRASES = [
    "morgen 10 Uhr", "Do 10 Uhr", "Fr. 14 Uhr", "nächste Woche Dienstag", "KW 7 Dienstag",
    "Montag in zwei Wochen", "Donnerstagvormittag", "halb vier", "viertel nach acht",
    "in drei Werktagen", "am nächsten Arbeitstag", "Ende Q1", "Mitte nächsten Monats",
    "3.12.", "15.1.", "in anderthalb Stunden", "+3d", "tomorrow 3pm", "next friday",
    "Thursday after next", "end of next month", "in three business days", "tonight",
    "Karfreitag", "Frietag 10 Uhr", "12/3", "blabla", "Dec 3", "in 2 hours", "am Wochenende",
]  # fmt: skip


def _percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100)
    return (
        f"p50 {cuts[49] * 1000:.3f} ms  p95 {cuts[94] * 1000:.3f} ms  p99 {cuts[98] * 1000:.3f} ms"
    )


def _ours(phrase: str, now: datetime) -> None:
    with contextlib.suppress(DateError):
        parse_when(phrase, now=now, tz=BERLIN)


def _timed(count: int, parse: object) -> list[float]:
    samples = []
    for i in range(count):
        phrase = PHRASES[i % len(PHRASES)]
        now = START + timedelta(minutes=7 * i)
        began = time.perf_counter()
        parse(phrase, now)  # type: ignore[operator]
        samples.append(time.perf_counter() - began)
    return samples


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _memory(count: int) -> None:
    for i in range(2000):  # warm-up: caches, holiday calendars, imports
        _ours(PHRASES[i % len(PHRASES)], START + timedelta(minutes=7 * i))
    tracemalloc.start()
    first_rss, first_traced = _rss_mib(), tracemalloc.get_traced_memory()[0]
    for i in range(count):
        _ours(PHRASES[i % len(PHRASES)], START + timedelta(minutes=7 * i + 3))
    last_rss, last_traced = _rss_mib(), tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(
        f"memory over {count:,} parses, fresh now each: RSS {first_rss:.1f} -> {last_rss:.1f} MiB"
        f" ({last_rss - first_rss:+.1f}); traced {first_traced / 2**20:.2f} ->"
        f" {last_traced / 2**20:.2f} MiB ({(last_traced - first_traced) / 2**20:+.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parses", type=int, default=20_000)
    parser.add_argument("--memory", type=int, default=100_000)
    args = parser.parse_args()
    import dateparser  # type: ignore[import-untyped,unused-ignore]

    def plain(phrase: str, now: datetime) -> None:
        dateparser.parse(
            phrase, languages=["de", "en"], settings={"RELATIVE_BASE": now.replace(tzinfo=None)}
        )

    _timed(200, _ours)
    _timed(200, plain)
    print(f"{len(PHRASES)} phrases, mixed; {args.parses:,} parses each, fresh now each")
    print(f"parse_when        {_percentiles(_timed(args.parses, _ours))}")
    print(f"plain dateparser  {_percentiles(_timed(args.parses, plain))}")
    _memory(args.memory)


if __name__ == "__main__":
    main()
