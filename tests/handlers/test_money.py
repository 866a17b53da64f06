"""Money as people write it: German and English notation, and what is refused rather than guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from handlers.money import Money, MoneyError, format_money, parse_money, split_trailing_money

WRITTEN = [
    # German notation
    ("12.000 €", "12000", "EUR"),
    ("12.000€", "12000", "EUR"),
    ("12.000,00 €", "12000", "EUR"),
    ("€ 12.500,50", "12500.50", "EUR"),
    ("EUR 9.999,99", "9999.99", "EUR"),
    ("3.000,-", "3000", "EUR"),
    ("3.000,- €", "3000", "EUR"),
    ("12,-", "12", "EUR"),
    ("12,5", "12.50", "EUR"),
    ("12,50 EUR", "12.50", "EUR"),
    ("1.234", "1234", "EUR"),
    ("1.234,5", "1234.50", "EUR"),
    ("1.000.000", "1000000", "EUR"),
    ("1.000.000,01 €", "1000000.01", "EUR"),
    ("1,2 Mio", "1200000", "EUR"),
    ("2 Mio. €", "2000000", "EUR"),
    ("1,5 Mio EUR", "1500000", "EUR"),
    ("12 Tsd", "12000", "EUR"),
    ("12 Tsd. €", "12000", "EUR"),
    ("3 Mrd", "3000000000", "EUR"),
    ("12.000 Euro", "12000", "EUR"),
    ("500 Euro", "500", "EUR"),
    ("CHF 1.200", "1200", "CHF"),
    ("1.200 Schweizer Franken", "1200", "CHF"),
    ("100 US-Dollar", "100", "USD"),
    # English notation
    ("12000 EUR", "12000", "EUR"),
    ("12000 eur", "12000", "EUR"),
    ("$3,000", "3000", "USD"),
    ("$3,000.50", "3000.50", "USD"),
    ("3,000 USD", "3000", "USD"),
    ("USD 1,234,567.89", "1234567.89", "USD"),
    ("12,000", "12000", "EUR"),
    ("12.5", "12.50", "EUR"),
    ("0.99", "0.99", "EUR"),
    ("1234.5", "1234.50", "EUR"),
    ("£5", "5", "GBP"),
    ("£1,250.00", "1250", "GBP"),
    ("A$ 300", "300", "AUD"),
    ("12k", "12000", "EUR"),
    ("12K", "12000", "EUR"),
    ("12k€", "12000", "EUR"),
    ("€12k", "12000", "EUR"),
    ("$2.5k", "2500", "USD"),
    ("1.5m", "1500000", "EUR"),
    ("1.250m", "1250000", "EUR"),
    ("1.5M USD", "1500000", "USD"),
    ("2 million", "2000000", "EUR"),
    ("2bn", "2000000000", "EUR"),
    ("250 euros", "250", "EUR"),
    ("12000", "12000", "EUR"),
    ("  12000  ", "12000", "EUR"),
    ("１２０００ €", "12000", "EUR"),  # full-width digits from a phone keyboard
]


@pytest.mark.parametrize(("text", "amount", "currency"), WRITTEN)
def test_money_reads_as_people_write_it(text: str, amount: str, currency: str) -> None:
    assert parse_money(text, "EUR") == Money(Decimal(amount), currency)


def test_the_table_covers_forty_ways_of_writing() -> None:
    assert len(WRITTEN) >= 40


def test_an_amount_without_currency_takes_the_teams_default() -> None:
    assert parse_money("12.000", "CHF") == Money(Decimal("12000"), "CHF")


def test_amounts_are_decimal_to_the_cent_never_float() -> None:
    money = parse_money("0,10", "EUR")
    assert isinstance(money.amount, Decimal) and money.amount == Decimal("0.10")
    assert money.amount * 3 == Decimal("0.30")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12.000", "12000"),  # one dot, three digits after, up to three before: thousands
        ("12,000", "12000"),  # the same with a comma
        ("1.234", "1234"),
        ("999,999", "999999"),
        ("0.125", None),  # a lone 0 before: decimal, and too precise
        ("1234.567", None),  # four digits before: decimal, and too precise
        ("12.5", "12.5"),  # not three digits after: decimal
        ("12,50", "12.5"),
        ("12.0000", "12"),  # four zeros after: decimal, and exact in cents
        ("1.2345k", "1234.5"),  # with a multiplier a single separator is decimal
        ("1,250 Mio", "1250000"),
    ],
)
def test_a_single_separator_is_read_by_the_grouping_rule(text: str, amount: str | None) -> None:
    if amount is None:
        with pytest.raises(MoneyError, match="too_precise"):
            parse_money(text, "EUR")
    else:
        assert parse_money(text, "EUR").amount == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("0", "not_positive"),
        ("0,00 €", "not_positive"),
        ("-500", "not_positive"),
        ("-500 €", "not_positive"),
        ("€ -12", "not_positive"),
        ("−12.000 €", "not_positive"),
        ("12000 XYZ", "unknown_currency"),
        ("ABC 12000", "unknown_currency"),
        ("12 Taler", "not_money"),
        ("1.234,5.6", "ambiguous"),
        ("1,234.5,6", "ambiguous"),
        ("1.23.456", "ambiguous"),
        ("1,2,3", "ambiguous"),
        ("12.34.56,78", "ambiguous"),
        ("1,5,-", "ambiguous"),
        ("12 € $", "not_money"),
        ("$ 12 EUR", "ambiguous"),
        ("0,001", "too_precise"),
        ("12,345 Tsd. 3", "not_money"),
        ("1.000.000.000.000", "too_large"),
        ("2000 bn", "too_large"),
        ("twelve", "not_money"),
        ("12 000", "not_money"),  # spaces do not group: a name may end in a number
        ("12\u00a0000", "not_money"),
        ("12 for Müller", "not_money"),
        ("1" * 41, "not_money"),
    ],
)
def test_refused_with_the_reason_and_the_text(text: str, reason: str) -> None:
    with pytest.raises(MoneyError) as refused:
        parse_money(text, "EUR")
    assert (refused.value.reason, refused.value.text) == (reason, text)


@pytest.mark.parametrize(
    ("text", "rest", "amount", "currency"),
    [
        ("Müller GmbH 12.000 €", "Müller GmbH", "12000", "EUR"),
        ("Müller GmbH EUR 9.999,99", "Müller GmbH", "9999.99", "EUR"),
        ("SAP 50k", "SAP", "50000", "EUR"),
        ("Studio 54 1,2 Mio", "Studio 54", "1200000", "EUR"),
        ("Acme Inc. $3,000", "Acme Inc.", "3000", "USD"),
        ("Schmidt 2 Mio. €", "Schmidt", "2000000", "EUR"),
    ],
)
def test_the_amount_that_ends_a_line_is_split_from_the_customer(
    text: str, rest: str, amount: str, currency: str
) -> None:
    assert split_trailing_money(text, "EUR") == (rest, Money(Decimal(amount), currency))


def test_a_line_without_an_amount_has_none() -> None:
    assert split_trailing_money("Müller GmbH", "EUR") is None


def test_a_wrong_amount_at_the_end_is_refused_not_skipped() -> None:
    with pytest.raises(MoneyError, match="not_positive"):
        split_trailing_money("Müller -500 €", "EUR")
    with pytest.raises(MoneyError, match="ambiguous"):
        split_trailing_money("Müller 1.234,5.6", "EUR")


@pytest.mark.parametrize(
    ("amount", "currency", "language", "shown"),
    [
        ("12000", "EUR", "de", "12.000,00\u00a0€"),
        ("12000", "EUR", "en", "€12,000.00"),
        ("3000.5", "USD", "de", "3.000,50\u00a0$"),
        ("3000.5", "USD", "en", "$3,000.50"),
        ("1200", "CHF", "de", "1.200,00\u00a0CHF"),
    ],
)
def test_money_shows_the_members_way(amount: str, currency: str, language: str, shown: str) -> None:
    assert format_money(Money(Decimal(amount), currency), language) == shown


@pytest.mark.parametrize("text", ["12.000 €", "$3,000.50", "1.234,56 CHF", "12k"])
def test_what_is_shown_reads_back_the_same(text: str) -> None:
    money = parse_money(text, "EUR")
    for language in ("de", "en"):
        assert parse_money(format_money(money, language), "EUR") == money
