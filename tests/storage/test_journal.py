"""The inbound journal: what a member typed is written before anything else, even while
another writer holds SQLite's lock."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from storage import journal
from storage.db import Database


def test_the_journal_waits_out_a_lock_held_past_the_busy_timeout(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("only SQLite locks the whole database")
    db = Database(database_url, connect_args={"timeout": 0.3, "check_same_thread": False})
    holder = sqlite3.connect(
        db.engine.url.database or "", isolation_level=None, check_same_thread=False
    )
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, holder.execute, args=("COMMIT",)).start()
    with db.session() as session:
        journal_id, _stored, _repeat = journal.receive(
            session, platform="console", text="call Müller back", member_id=None
        )
    assert journal_id > 0
    holder.close()
    db.dispose()
