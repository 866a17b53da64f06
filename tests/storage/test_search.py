"""`find`'s lookup as a member meets it: misspelt, partial, reordered names."""

from __future__ import annotations

import pytest

from storage.db import Database
from storage.models import Contact
from storage.search import NameIndex
from tests.storage.names import add, best, id_of

pytest_plugins = ["tests.storage.names"]


@pytest.mark.parametrize("query", ["müler", "Mülller", "Mulelr GmbH", "muller gmhb"])
def test_a_misspelt_name_finds_the_customer_first(index: NameIndex, query: str) -> None:
    assert best(index, query).name == "Müller GmbH"


@pytest.mark.parametrize("query", ["Mueller", "Muller", "MÜLLER", "mueller gmbh"])
def test_an_umlaut_spelt_ue_or_without_dots_finds_the_umlaut_name(
    index: NameIndex, query: str
) -> None:
    assert best(index, query).name == "Müller GmbH"


def test_a_name_spelt_with_ue_is_found_by_its_umlaut_spelling(
    db: Database, index: NameIndex
) -> None:
    (mueller,) = add(db, "Mueller Logistik")
    assert best(index, "Müller Logistik").party_id == mueller
    assert best(index, "Muller Logistik").party_id == mueller


def test_the_exact_name_scores_100(index: NameIndex) -> None:
    match = best(index, "Schmidt & Söhne KG")
    assert (match.name, match.score) == ("Schmidt & Söhne KG", 100.0)


def test_the_start_of_a_word_finds_the_name(index: NameIndex) -> None:
    assert best(index, "bäck").name == "Bäckerei Schmitt"
    assert best(index, "zimmerm").name == "Zimmermann Elektrotechnik"


def test_words_in_another_order_find_the_name(index: NameIndex) -> None:
    assert best(index, "schmit bäckerei").name == "Bäckerei Schmitt"
    assert best(index, "Köln Weber Autohaus").name == "Autohaus Weber Köln"


def test_one_or_two_letters_find_names_beginning_with_them(index: NameIndex) -> None:
    assert best(index, "z").name == "Zimmermann Elektrotechnik"
    assert best(index, "ot").name == "Otto Logistik"
    assert {m.name for m in index.search("m")} >= {"Müller GmbH", "Meyer Bau AG"}


def test_results_are_ranked_by_score_and_say_what_each_party_is(
    db: Database, index: NameIndex
) -> None:
    (hans,) = add(db, "Hans Müller", kind=Contact)
    matches = index.search("müller", limit=10)
    scores = [match.score for match in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 100 for score in scores)
    kinds = {match.party_id: match.party_type for match in matches}
    assert kinds[hans] == "contact"
    assert kinds[id_of(db, "Müller GmbH")] == "company"


def test_the_limit_caps_the_results(index: NameIndex) -> None:
    assert len(index.search("m")) > 1
    assert len(index.search("m", limit=1)) == 1
    assert index.search("müller", limit=0) == []


def test_an_unrelated_query_finds_nothing(index: NameIndex) -> None:
    assert index.search("qqqqxxxx") == []
