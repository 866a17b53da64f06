"""`find notes:` ranks the newest matching notes, looking among the most recent notes first,
and folds words as both databases' full-text indexes do."""

from __future__ import annotations

import pytest

from storage import activities, notes, parties
from storage.db import Database
from storage.models import Member
from storage.types import utcnow


def _log(db: Database, texts: list[str]) -> list[int]:
    """One note per text, oldest first; their ids."""
    with db.session() as session:
        member = Member(name="anna", role="admin")
        session.add(member)
        session.flush()
        company = parties.add_company(session, member.id, "Bäckerei Süß")
        session.flush()
        logged = [activities.add(session, member.id, company, "note", t, utcnow()) for t in texts]
        session.flush()
        return [activity.id for activity in logged]


def _found(db: Database, phrase: str) -> list[int]:
    with db.read_session() as session:
        return notes.search(session, notes.NoteQuery.of(phrase), 10)


def test_a_word_only_in_old_notes_is_found_past_the_recent_ones(
    migrated_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notes, "RECENT", 4)
    monkeypatch.setattr(notes, "WINDOW", 2)
    ids = _log(migrated_db, ["Reklamation alt", "Reklamation älter", *["Kaffee"] * 6])
    assert sorted(_found(migrated_db, "reklamation")) == ids[:2]


def test_a_common_word_ranks_only_the_newest_window_of_matches(
    migrated_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notes, "RECENT", 4)
    monkeypatch.setattr(notes, "WINDOW", 2)
    ids = _log(migrated_db, ["Kaffee Kaffee Kaffee", *["Kaffee und mehr"] * 5])
    assert sorted(_found(migrated_db, "kaffee")) == ids[-2:]


def test_a_word_rare_among_the_recent_notes_ranks_the_newest_window_of_all(
    migrated_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notes, "RECENT", 4)
    monkeypatch.setattr(notes, "WINDOW", 2)
    texts = ["Termin a", "Termin b", "Termin c", "Kaffee", "Kaffee", "Kaffee", "Termin d"]
    ids = _log(migrated_db, texts)
    assert sorted(_found(migrated_db, "termin")) == [ids[2], ids[6]]


def test_a_word_sparse_among_the_recent_notes_is_found_in_a_longer_range(
    migrated_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notes, "RECENT", 4)
    monkeypatch.setattr(notes, "WINDOW", 2)
    texts = ["Termin a", "Termin b", *["Kaffee"] * 10, "Termin c", *["Kaffee"] * 3, "Termin d"]
    ids = _log(migrated_db, texts)
    assert sorted(_found(migrated_db, "termin")) == [ids[12], ids[16]]


def test_umlauts_and_accents_are_found_written_either_way(migrated_db: Database) -> None:
    (note,) = _log(migrated_db, ["Brötchen und Café an die Straße geliefert"])
    for phrase in ("brötchen", "BROTCHEN", "cafe", "Café", "Straße", "stra"):
        assert _found(migrated_db, phrase) == [note], phrase
