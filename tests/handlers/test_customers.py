"""Adding, finding and showing customers, as a member types it."""

from __future__ import annotations

from tests.conftest import Chat


def test_added_company_is_shown_with_its_fields(chat: Chat) -> None:
    added = chat("add company Müller GmbH city=Köln phone=0221123456 tags=bakery,vip kind=prospect")
    assert added["ok"]
    card = chat(f"show #{added['data']['id']}")
    assert "Müller GmbH" in card["text"]
    assert "Köln" in card["text"]
    assert "+49 221 123456" in card["text"]
    assert "bakery, vip" in card["text"]
    assert "prospect" in card["text"]


def test_contact_belongs_to_the_named_company(chat: Chat) -> None:
    chat("add company Müller GmbH")
    added = chat("add contact Anna Schmidt company=Müller email=anna@mueller.de")
    assert added["ok"], added["text"]
    company = chat("show Müller GmbH")
    assert "Anna Schmidt" in company["text"]
    contact = chat("show Anna Schmidt")
    assert "Müller GmbH" in contact["text"]
    assert "anna@mueller.de" in contact["text"]


def test_misspelled_and_umlaut_variants_find_the_company(chat: Chat) -> None:
    chat("add company Müller GmbH")
    chat("add company Schmidt Bäckerei KG")
    for query in ("müler", "Mueller", "Muller", "MÜLLER gmbh"):
        found = chat(f"find {query}")
        assert found["data"]["matches"][0]["name"] == "Müller GmbH", query


def test_find_lists_a_companys_contacts(chat: Chat) -> None:
    chat("add company Müller GmbH")
    chat("add contact Anna Schmidt company=Müller GmbH")
    found = chat("find müller")
    assert "Anna Schmidt" in found["text"]


def test_find_reports_scores_for_every_match(chat: Chat) -> None:
    chat("add company Müller GmbH")
    chat("add company Müller & Söhne KG")
    found = chat("find müller")
    assert len(found["data"]["matches"]) == 2
    assert all(0 < m["score"] <= 100 for m in found["data"]["matches"])


def test_ambiguous_name_gets_a_choice_instead_of_a_guess(chat: Chat) -> None:
    chat("add company Müller GmbH")
    chat("add company Müller AG force=yes")
    answer = chat("show Müller")
    assert not answer["ok"]
    assert answer["data"]["ambiguous"]
    names = {c["name"] for c in answer["data"]["candidates"]}
    assert names == {"Müller GmbH", "Müller AG"}


def test_name_that_matches_nothing_gets_a_clear_answer(chat: Chat) -> None:
    chat("add company Müller GmbH")
    answer = chat("show Zyxwvut Holding")
    assert not answer["ok"]
    assert "No customer matches" in answer["text"]


def test_duplicate_company_is_refused_unless_forced(chat: Chat) -> None:
    first = chat("add company Müller GmbH")
    again = chat("add company Mueller GmbH")
    assert not again["ok"]
    assert f"#{first['data']['id']}" in again["text"]
    forced = chat("add company Mueller GmbH force=yes")
    assert forced["ok"]


def test_bad_field_values_are_refused_and_nothing_is_added(chat: Chat) -> None:
    assert not chat("add company Müller GmbH email=not-an-address")["ok"]
    assert not chat("add company Müller GmbH phone=hello")["ok"]
    assert not chat("add company Müller GmbH kind=enemy")["ok"]
    assert chat("find Müller")["data"]["matches"] == []


def test_unknown_keys_become_custom_fields(chat: Chat) -> None:
    added = chat("add company Müller GmbH ustid=DE123456789 branche=Bäckerei")
    card = chat(f"show #{added['data']['id']}")
    assert "DE123456789" in card["text"]
    assert "branche: Bäckerei" in card["text"]


def test_field_values_may_contain_spaces(chat: Chat) -> None:
    added = chat('add company Kurhaus GmbH city=Bad Homburg phone=06172 123456 tags="spa, hotel"')
    card = chat(f"show #{added['data']['id']}")["text"]
    assert "City: Bad Homburg" in card
    assert "Phone: +49 6172 123456" in card
    assert "Tags: hotel, spa" in card


def test_an_incomplete_phone_number_is_refused(chat: Chat) -> None:
    answer = chat("add company Müller GmbH phone=0221")
    assert not answer["ok"]
    assert "not a phone number" in answer["text"]
