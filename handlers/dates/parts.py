"""Parts of the day and the one hour each of them means.

`DAY_PARTS` is the documented table (README "Date phrases", `help followup`): each row is
the hour and the words that name it. A part of the day stands for a time of day: alone it is
the next such time (today or tomorrow), after a day it is that day at that hour
("Donnerstagvormittag", "Freitag COB"), and with an hour it places the hour
("7 Uhr abends" is 19:00).
"""

from __future__ import annotations

from datetime import time
from typing import Final

MORNING: Final = time(9)
"""A day with no time of day means 09:00."""

DAY_PARTS: Final[tuple[tuple[time, tuple[str, ...]], ...]] = (
    (time(8), ("früh", "early morning")),
    (time(9), ("morgens", "morgen (after a day: Freitag morgen)", "morning")),
    (time(10), ("vormittags", "vormittag", "late morning")),
    (time(12), ("mittags", "mittag", "noon", "midday")),
    (time(15), ("nachmittags", "nachmittag", "afternoon")),
    (time(17), ("Feierabend", "Dienstschluss", "COB", "EOB", "EOD", "close of business")),
    (time(18), ("abends", "abend", "evening", "tonight", "this evening")),
)
"""The hour of each part of the day, as shown to members."""

PARTS_OF_DAY: Final[dict[str, time]] = {
    **dict.fromkeys(("frueh", "early morning"), time(8)),
    **dict.fromkeys(("morgens", "morgen", "morning"), MORNING),
    **dict.fromkeys(("vormittag", "vormittags", "late morning"), time(10)),
    **dict.fromkeys(("mittag", "mittags", "noon", "midday"), time(12)),
    **dict.fromkeys(("nachmittag", "nachmittags", "afternoon"), time(15)),
    **dict.fromkeys(("feierabend", "dienstschluss", "geschaeftsschluss"), time(17)),
    **dict.fromkeys(("cob", "eob", "eod", "close of business", "end of business"), time(17)),
    **dict.fromkeys(("end of day", "end of the day"), time(17)),
    **dict.fromkeys(("abend", "abends", "evening"), time(18)),
}
"""The same table as the rules read it (folded keys). "morgen" is the morning only after a
weekday or "heute"; alone it is tomorrow."""

AFTERNOON_PARTS: Final = frozenset({time(15), time(17), time(18)})
"""Parts of the day after which "7 Uhr" is 19:00."""

COMPOUND_DAYS: Final = (
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "heute",
    "morgen",
)
"""Words German joins with a part of the day into one: "Donnerstagvormittag",
"Montagabend", "heuteabend"."""

COMPOUNDS: Final[dict[str, str]] = {
    day + part: f"{day} {part}"
    for day in COMPOUND_DAYS
    for part in ("frueh", "morgen", "vormittag", "mittag", "nachmittag", "abend")
    if not (day == "morgen" and part == "morgen")
}
"""One-word compounds and the two words the rules read."""
