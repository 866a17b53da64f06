"""Field values are measured against their columns before the database sees them, so
SQLite (which stores anything) and PostgreSQL (which refuses) give the same clear answer."""

from __future__ import annotations

from tests.conftest import Chat


def test_a_city_longer_than_its_column_is_refused_on_every_database(chat: Chat) -> None:
    answer = chat(f"add company Müller GmbH city={'K' * 121}")
    assert not answer["ok"] and "at most 120 characters" in answer["text"]
    assert chat("find Müller")["data"]["matches"] == []


def test_an_email_longer_than_its_column_is_refused(chat: Chat) -> None:
    answer = chat(f"add company Müller GmbH email={'a' * 190}@example.com")
    assert not answer["ok"] and "at most 200 characters" in answer["text"]


def test_a_custom_field_name_that_is_too_long_is_refused_not_cut(chat: Chat) -> None:
    answer = chat(f"add company Müller GmbH {'k' * 41}=1")
    assert not answer["ok"] and "at most 40 characters" in answer["text"]
    assert chat(f"add company Müller GmbH {'k' * 40}=1")["ok"]


def test_values_at_their_limits_are_stored(chat: Chat) -> None:
    added = chat(f"add company Weber AG city={'K' * 120} address={'A' * 300}")
    assert added["ok"], added["text"]
