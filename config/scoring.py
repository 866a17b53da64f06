"""The lead-scoring rules a team edits (`CRM_SCORING`, a TOML file), read once into a table.

The file is checked whole when the settings are built, so a typo stops the start with its
line and key instead of answering `score` with a wrong number for weeks. The default, with
its documentation, is scoring_default.toml beside this module. It lives in config because
settings validate it at start-up and settings may import nothing of ours above config.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

DEFAULT_PATH: Final = Path(__file__).with_name("scoring_default.toml")
TABLES: Final = ("kind", "tags", "city")
"""Criteria that give a share per named value."""
STEPS: Final = ("contacts", "recency", "open_deals", "complaints")
"""Criteria that give a share by how far a figure reaches."""
WINDOWED: Final = frozenset({"contacts", "complaints"})
"""Criteria counted over the last `days` days."""
CRITERIA: Final = TABLES + STEPS


class ScoringError(ValueError):
    """A scoring file that cannot be used, with where the mistake is."""


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: int
    points: dict[str, int]
    """Value (lower case) -> percent of the weight, for kind, tags and city."""
    steps: tuple[tuple[float, int], ...]
    """(from, percent) in rising order, for the counted criteria."""
    days: int = 0

    def share(self, figure: float) -> int:
        """The percent the last step reached by `figure` gives (0 below the first)."""
        reached = [percent for start, percent in self.steps if figure >= start]
        return reached[-1] if reached else 0


@dataclass(frozen=True)
class Scoring:
    criteria: tuple[Criterion, ...]

    def __getitem__(self, name: str) -> Criterion:
        return next(c for c in self.criteria if c.name == name)


def scoring_path(setting: str | None) -> Path:
    return Path(setting) if setting else DEFAULT_PATH


@cache
def load_scoring(path: Path) -> Scoring:
    """The rules in `path`; ScoringError names the file, the line and the key at fault."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise ScoringError(f"CRM_SCORING {path}: cannot be read ({problem})") from problem
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise ScoringError(f"CRM_SCORING {path}: {problem}") from problem
    return _Reader(path, text).scoring(raw)


class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path, self.lines = path, text.splitlines()

    def fail(self, table: str, key: str | None, problem: str) -> ScoringError:
        where = f"{table}.{key}" if key else table
        return ScoringError(
            f"CRM_SCORING {self.path} line {self.line_of(table, key)}: key {where}: {problem}"
        )

    def line_of(self, table: str, key: str | None) -> int:
        """Where `[table]` (and `key` inside it) is written; tomllib keeps no positions."""
        header = re.compile(rf"^\s*\[\s*\"?{re.escape(table)}\"?\s*\]")
        start = next((n for n, line in enumerate(self.lines) if header.match(line)), None)
        if start is None:
            return 1
        if key is not None:
            written = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
            for n in range(start + 1, len(self.lines)):
                if self.lines[n].lstrip().startswith("["):
                    break
                if written.match(self.lines[n]):
                    return n + 1
        return start + 1

    def scoring(self, raw: dict[str, Any]) -> Scoring:
        for name in raw:
            if name not in CRITERIA:
                raise self.fail(name, None, f"unknown criterion; use {', '.join(CRITERIA)}")
        criteria = tuple(self.criterion(name, raw.get(name)) for name in CRITERIA)
        total = sum(c.weight for c in criteria)
        if total != 100:
            raise self.fail(CRITERIA[-1], "weight", f"the weights add up to {total}, not 100")
        return Scoring(criteria)

    def criterion(self, name: str, body: Any) -> Criterion:
        if body is None:
            return Criterion(name, 0, {}, (), 365 if name in WINDOWED else 0)
        if not isinstance(body, dict):
            raise self.fail(name, None, "must be a table")
        allowed = {"weight", "points"} if name in TABLES else {"weight", "steps"}
        allowed |= {"days"} if name in WINDOWED else set()
        for key in body:
            if key not in allowed:
                raise self.fail(name, key, f"unknown key; use {', '.join(sorted(allowed))}")
        weight = self.percent(name, "weight", body.get("weight"))
        days = self.days(name, body.get("days", 365)) if name in WINDOWED else 0
        if name in TABLES:
            return Criterion(name, weight, self.points(name, body.get("points", {})), (), days)
        return Criterion(name, weight, {}, self.steps(name, body.get("steps")), days)

    def percent(self, table: str, key: str, value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            raise self.fail(table, key, "must be a whole number from 0 to 100")
        return value

    def days(self, table: str, value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 3660:
            raise self.fail(table, "days", "must be a whole number of days from 1 to 3660")
        return value

    def points(self, table: str, value: Any) -> dict[str, int]:
        if not isinstance(value, dict):
            raise self.fail(table, "points", "must be a table of name = percent")
        return {
            str(name).casefold(): self.percent(table, "points", share)
            for name, share in value.items()
        }

    def steps(self, table: str, value: Any) -> tuple[tuple[float, int], ...]:
        problem = "must be a list of [from, percent] pairs with rising from"
        if not isinstance(value, list) or not value:
            raise self.fail(table, "steps", problem)
        steps: list[tuple[float, int]] = []
        for step in value:
            if not (isinstance(step, list) and len(step) == 2):
                raise self.fail(table, "steps", problem)
            start, share = step
            if not isinstance(start, int | float) or isinstance(start, bool) or start < 0:
                raise self.fail(table, "steps", problem)
            if steps and start <= steps[-1][0]:
                raise self.fail(table, "steps", problem)
            steps.append((float(start), self.percent(table, "steps", share)))
        return tuple(steps)
