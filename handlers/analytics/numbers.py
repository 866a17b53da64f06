"""Figures as a member reads them: German or English number formats (Babel), ▲/▼ changes."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, format_decimal, format_percent

from handlers.i18n import translator


def number(value: float | int | Decimal, language: str, digits: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=language)


def money(amounts: dict[str, Decimal], language: str, currency: str) -> str:
    """Per currency, joined with +: euros are never added to dollars."""
    if not amounts:
        return format_currency(0, currency, locale=language)
    return " + ".join(
        format_currency(amount, code, locale=language) for code, amount in sorted(amounts.items())
    )


def amounts(per_currency: dict[str, Decimal]) -> dict[str, str]:
    """Amounts for JSON (the journal and `--json`): exact decimal strings."""
    return {currency: str(amount) for currency, amount in sorted(per_currency.items())}


def percent(ratio: float | None, language: str) -> str:
    return "–" if ratio is None else format_percent(ratio, locale=language)


def change(now: float | Decimal | None, before: float | Decimal | None, language: str) -> str:
    """▲ 25 % or ▼ 10 % against the period before; "new" when there was nothing then."""
    if now is None or before is None:
        return ""
    if before == 0:
        return "" if now == 0 else "▲ " + translator(language)("new")
    ratio = (float(now) - float(before)) / abs(float(before))
    if ratio == 0:
        return "± " + format_percent(0, locale=language)
    arrow = "▲" if ratio > 0 else "▼"
    return f"{arrow} {format_percent(abs(ratio), locale=language)}"
