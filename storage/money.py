"""Amounts as the database sums them: exact cents whatever the backend.

Values are NUMERIC(14, 2); SQLite sums NUMERIC as floating point and PostgreSQL as exact
decimals, so every sum is read back through `money_sum` and rounded to cents by `cents`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from sqlalchemy import ColumnElement, Numeric, SQLColumnExpression, func, type_coerce

CENT: Final = Decimal("0.01")


def cents(value: Any) -> Decimal:
    """A sum from the database as exact cents (SQLite sums NUMERIC as floating point)."""
    return Decimal(str(value or 0)).quantize(CENT, ROUND_HALF_UP)


def money_sum(expression: SQLColumnExpression[Any]) -> ColumnElement[Decimal]:
    """SUM of an amount, read back as Decimal on every backend."""
    return type_coerce(func.sum(expression), Numeric(24, 4))
