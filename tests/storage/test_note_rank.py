"""The rank of `find notes:` on SQLite: more of the words first, a short note before a long
one, the newest first when they tie; words folded as the search folds them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import notes
from storage.note_rank import Candidate

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def ranked(texts: list[str], phrase: str, prefix: bool = False) -> list[int]:
    """Ids 1.. in the order of `texts`, each an hour newer than the one before."""
    candidates = [
        Candidate(i, text, MONDAY + timedelta(hours=i)) for i, text in enumerate(texts, 1)
    ]
    return notes.rank(candidates, notes.NoteQuery.of(phrase), prefix)


def test_a_note_naming_the_word_more_often_comes_first() -> None:
    texts = ["Angebot geschickt heute", "Angebot Angebot Angebot nachgefasst"]
    assert ranked(texts, "angebot") == [2, 1]


def test_a_short_note_comes_before_a_long_one_with_the_same_words() -> None:
    long = "Angebot " + " ".join(["und dann noch viel mehr dazu"] * 10)
    assert ranked([long, "Angebot raus"], "angebot") == [2, 1]


def test_equal_notes_come_newest_first() -> None:
    assert ranked(["Rückruf morgen", "Rückruf morgen", "Rückruf morgen"], "rückruf") == [3, 2, 1]


def test_umlauts_and_case_count_as_the_search_folds_them() -> None:
    texts = ["brotchen bestellt heute", "Brötchen BRÖTCHEN bestellt"]
    assert ranked(texts, "Brötchen") == [2, 1]


def test_a_beginning_counts_every_word_it_begins() -> None:
    texts = ["Angebot und Preisliste", "Angebote und Angebotsliste"]
    assert ranked(texts, "angeb", prefix=True) == [2, 1]
    assert ranked(texts, "angeb", prefix=False) == [2, 1]  # no whole word: a tie, newest first
