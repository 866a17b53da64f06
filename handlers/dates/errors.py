"""The one error a date phrase can cause."""

from __future__ import annotations

from typing import Final

REASONS: Final = frozenset({"empty", "too_long", "unknown", "past"})


class DateError(ValueError):
    """A phrase that names no moment ahead. `reason` is one of: "empty", "too_long",
    "unknown", "past"; `phrase` is what the member wrote as the time (for the message)."""

    reason: str
    phrase: str

    def __init__(self, reason: str, phrase: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown DateError reason {reason!r}")
        super().__init__(reason, phrase)  # both in args, so the error pickles
        self.reason = reason
        self.phrase = phrase

    def __str__(self) -> str:
        shown = self.phrase if len(self.phrase) <= 60 else self.phrase[:57] + "..."
        return f"{self.reason}: {shown!r}"
