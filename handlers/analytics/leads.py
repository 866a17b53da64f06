"""The lead score: each criterion of CRM_SCORING gives a share of its weight in points.

Points are weight × percent / 100 rounded half up to whole points, and the score is their
sum, so the lines `score` shows always add up to the score it states.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select

from config.scoring import Criterion, Scoring
from handlers.context import Context
from storage import scoring
from storage.folding import fold
from storage.scoring import Facts


@dataclass(frozen=True)
class Line:
    """One criterion as it counted: what was found, the share it gives, the points."""

    criterion: str
    weight: int
    found: str
    percent: int
    points: int


@dataclass(frozen=True)
class Score:
    facts: Facts
    lines: tuple[Line, ...]

    @property
    def total(self) -> int:
        return sum(line.points for line in self.lines)


def scores(ctx: Context, chosen: Select[Any]) -> list[Score]:
    """The score of every party `chosen` names, best first (ties by name)."""
    rules = ctx.settings.scoring
    windows = scoring.Windows(
        ctx.now - timedelta(days=rules["contacts"].days),
        ctx.now - timedelta(days=rules["complaints"].days),
        ctx.settings.crm_currency,
    )
    found = scoring.facts(ctx.session, chosen, windows)
    scored = [score_of(facts, rules, ctx.now) for facts in found.values()]
    return sorted(scored, key=lambda s: (-s.total, fold(s.facts.name), s.facts.party_id))


def score_of(facts: Facts, rules: Scoring, now: datetime) -> Score:
    lines = []
    for criterion in rules.criteria:
        if criterion.weight == 0:
            continue
        found, percent = _measure(criterion, facts, now)
        points = (criterion.weight * percent + 50) // 100
        lines.append(Line(criterion.name, criterion.weight, found, percent, points))
    return Score(facts, tuple(lines))


def _measure(criterion: Criterion, facts: Facts, now: datetime) -> tuple[str, int]:
    """What the criterion found on the party (as shown) and the percent it gives."""
    name = criterion.name
    if name == "kind":
        return facts.kind, criterion.points.get(facts.kind, 0)
    if name in ("tags", "city"):
        values = facts.tags if name == "tags" else [v for v in (facts.city, facts.region) if v]
        return _best(criterion, values)
    if name == "recency":
        if facts.last_contact_at is None:
            return "\u2013", 0
        days = (now - facts.last_contact_at).days
        return str(days), criterion.share(days)
    figures: dict[str, int | Decimal] = {
        "contacts": facts.contacts,
        "complaints": facts.complaints,
        "open_deals": facts.open_value,
    }
    return str(figures[name]), criterion.share(float(figures[name]))


def _best(criterion: Criterion, values: list[str]) -> tuple[str, int]:
    if not values:
        return "\u2013", 0
    best = max(values, key=lambda value: criterion.points.get(value.casefold(), 0))
    return best, criterion.points.get(best.casefold(), 0)
