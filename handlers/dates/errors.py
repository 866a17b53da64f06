"""The one error a date phrase can cause, and the candidate splits it may carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

REASONS: Final = frozenset(
    {"empty", "too_long", "unknown", "past", "ambiguous_date", "ambiguous_split"}
)


@dataclass(frozen=True)
class Split:
    """One way to read `followup <customer> <when>`: the customer words, the date phrase
    and the moment it names (aware, UTC)."""

    customer: str
    phrase: str
    moment: datetime


class DateError(ValueError):
    """A phrase that names no moment ahead, and what the member should be told.

    `reason`: "empty", "too_long", "unknown" (names no moment: "32.13.", "blabla"), "past",
    "ambiguous_date" ("12/3": day or month first?) or "ambiguous_split" (the customer and
    the date can be told apart in more than one way). `phrase` is what the member wrote as
    the time. Optional details:

    - `unread`: the words that could not be read ("Frietag"), for "unknown";
    - `examples`: two phrases close to what was typed that do read;
    - `moment`: for "past", the moment the phrase was understood as ("Ende des Monats" on
      the month's last day at 10:00 is today 09:00), so the answer can say what it meant;
    - `readings`: for "ambiguous_date", the two dates it could be, as "12.3." and "3.12.";
    - `splits`: for "ambiguous_split", the candidate readings, longest date first.
    """

    reason: str
    phrase: str

    def __init__(
        self,
        reason: str,
        phrase: str,
        *,
        unread: str = "",
        examples: tuple[str, ...] = (),
        moment: datetime | None = None,
        readings: tuple[str, ...] = (),
        splits: tuple[Split, ...] = (),
    ) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown DateError reason {reason!r}")
        super().__init__(reason, phrase)
        self.reason = reason
        self.phrase = phrase
        self.unread = unread
        self.examples = examples
        self.moment = moment
        self.readings = readings
        self.splits = splits

    def details(self) -> dict[str, Any]:
        return {
            "unread": self.unread,
            "examples": self.examples,
            "moment": self.moment,
            "readings": self.readings,
            "splits": self.splits,
        }

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with every detail (ValueError's own reduce keeps only `args`)."""
        return (_rebuild, (self.reason, self.phrase, self.details()))

    def __str__(self) -> str:
        shown = self.phrase if len(self.phrase) <= 60 else self.phrase[:57] + "..."
        unread = f" (unread: {self.unread!r})" if self.unread else ""
        return f"{self.reason}: {shown!r}{unread}"


def _rebuild(reason: str, phrase: str, details: dict[str, Any]) -> DateError:
    return DateError(reason, phrase, **details)
