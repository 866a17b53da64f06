"""The figures `pipeline` and `forecast` answer with (storage/pipeline.py computes them):
plain values, so handlers show them without touching the database again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final

BEFORE: Final = -1
"""Forecast row of open deals whose expected close lies before the first period: overdue."""
UNDATED: Final = -2
"""Forecast row of open deals with no expected close."""


@dataclass(frozen=True)
class Period:
    """Calendar days `start` up to but not including `end`, in the member's own zone."""

    start: date
    end: date


@dataclass(frozen=True)
class StageFigures:
    stage: str
    currency: str
    count: int
    total: Decimal
    weighted: Decimal


@dataclass(frozen=True)
class Stalest:
    stage: str
    deal_id: int
    title: str
    customer: str
    touched_at: datetime
    """Since when nothing happened to it: no activity, no stage change."""


@dataclass(frozen=True)
class PipelineFigures:
    stages: list[StageFigures]
    """In the team's stage order, then currency; deals in a stage no longer configured last."""
    stalest: dict[str, Stalest]


@dataclass(frozen=True)
class PeriodFigures:
    period: int
    """Index into the periods asked for, or BEFORE or UNDATED."""
    currency: str
    count: int
    best_case: Decimal
    weighted: Decimal
    committed: Decimal


@dataclass(frozen=True)
class WonFigures:
    period: int
    currency: str
    count: int
    total: Decimal


@dataclass(frozen=True)
class ForecastFigures:
    open: list[PeriodFigures]
    won: list[WonFigures]
