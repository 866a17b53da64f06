"""Searching logged text: `find notes: <words>`, the newest matches ranked best first.

SQLite finds the words in the FTS5 table that migration 0007's triggers keep; PostgreSQL in
the stored `text_search` column of migration 0019 and its GIN index. 'simple' because a team
writes in German and English at once: no stemming beats the wrong language's stemming. Both
fold alike: FTS5's unicode61 takes accents and umlauts off (ö -> o) and keeps ß; the column
does the same with `folded_sql`, and the words asked for are folded so too. Both rank alike,
in storage/note_rank.py.

Ranking costs per matching note, and a common word matches a large share of five million
notes (ranking them all took seconds). So only the newest WINDOW matches are ranked. Finding
them is the other cost: a common word's doclist (SQLite) or GIN bitmap (PostgreSQL) holds
hundreds of thousands of notes. So they are looked for among the RECENT newest notes first (a
rowid range FTS5 seeks to, a primary key range on PostgreSQL), then in a longer range, and
among all notes only when a range holds too few, which a rare word's short doclist makes
cheap (`_newest_matches`). The answer is the same either way: the newest WINDOW matches. A
better-matching note older than those is not shown; a search with fewer matches ranks them
all.

A prefix reads every word that starts with it, which on a common word costs more than the
rank: whole words are searched first, and the words as beginnings only when whole words
find fewer notes than asked for ("angeb" finds "Angebot"; "angebot" finds it at once).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from storage.models import Activity, Party
from storage.note_rank import Candidate, best_first

_WORD = re.compile(r"\w+")
MAX_WORDS = 8
WINDOW = 500
RECENT = 20_000
ACCENTED = "àáâãäåāăąçćčďèéêëēėęěìíîïīįñńňòóôõöōőřśšşťùúûüūůűųýÿźżž"
"""The letters FTS5's unicode61 (remove_diacritics 2) reads as their base letter; ß, ø,
æ and ł stay as they are there, and so here. Changing it needs a migration of the column."""
_PLAIN = "".join(unicodedata.normalize("NFKD", letter)[0] for letter in ACCENTED)
_FOLD = str.maketrans(ACCENTED, _PLAIN)

_NEWEST = {
    "sqlite": """
        SELECT rowid FROM activities_fts WHERE activities_fts MATCH :query AND rowid > :floor
         ORDER BY +rowid DESC LIMIT :window""",
    "postgresql": """
        SELECT a.id FROM activities AS a
         WHERE a.text_search @@ to_tsquery('simple', :query) AND a.id > :floor
         ORDER BY {order} DESC LIMIT :window""",
}


@dataclass(frozen=True)
class NoteQuery:
    words: tuple[str, ...]

    @classmethod
    def of(cls, phrase: str) -> NoteQuery:
        """Words only (letters and digits): nothing typed reaches the query syntax. Folded
        as the index is, so "Brötchen" and "brotchen" ask the same on both databases."""
        return cls(tuple(w.lower().translate(_FOLD) for w in _WORD.findall(phrase)[:MAX_WORDS]))


def search(session: Session, query: NoteQuery, limit: int, offset: int = 0) -> list[int]:
    """Ids of activities holding every word (or, when those are too few, words starting
    so), best first among the newest WINDOW that do."""
    if not query.words:
        return []
    dialect = session.get_bind().dialect.name
    newest = session.scalar(text("SELECT max(id) FROM activities")) or 0
    found = _ranked(session, dialect, query, False, newest, limit, offset)
    if len(found) == limit:
        return found
    return _ranked(session, dialect, query, True, newest, limit, offset)


def _ranked(
    session: Session,
    dialect: str,
    query: NoteQuery,
    prefix: bool,
    newest: int,
    limit: int,
    offset: int,
) -> list[int]:
    """The best of the newest WINDOW notes matching the words (whole, or as beginnings)."""
    ids = _newest_matches(session, dialect, match(dialect, query, prefix=prefix), newest)
    rows = session.execute(
        select(Activity.id, Activity.text, Activity.occurred_at)
        .join(Party, Party.id == Activity.party_id)
        .where(Activity.id.in_(ids), Party.deleted_at.is_(None))
    )
    candidates = [Candidate(*row) for row in rows]
    return rank(candidates, query, prefix)[offset : offset + limit]


def rank(candidates: Sequence[Candidate], query: NoteQuery, prefix: bool) -> list[int]:
    """The candidates' ids, best match of the words first, their text folded as the words."""
    return best_first(candidates, query.words, prefix, _FOLD)


def _newest_matches(session: Session, dialect: str, words: str, newest: int) -> list[int]:
    """The ids of the newest WINDOW notes matching `words` (all of them when fewer match).

    Looked for in the RECENT newest notes, then, when those hold some but too few, in a
    range twice as long as their share of matches says it takes, then in all notes. Within
    a range the cost goes by its length: three common words that meet in one note of 120
    take about 250,000 notes, not the five million a GIN bitmap or a doclist would read.
    SQLite: `+rowid` keeps FTS5 reading forwards (the sorter keeps the newest); backwards,
    FTS5 took 361 ms for what forwards takes 9.5 ms. PostgreSQL walks the primary key
    backwards within a range, and stops at the WINDOW-th match; over all notes it takes the
    GIN index instead (`a.id + 0`), since a rare word's walk would pass every note.
    """
    floor = max(newest - RECENT, 0)
    while True:
        order = "a.id" if floor else "a.id + 0"
        values = {"query": words, "floor": floor, "window": WINDOW}
        ids = list(session.scalars(text(_NEWEST[dialect].format(order=order)), values))
        if len(ids) == WINDOW or floor == 0:
            return ids
        longer = (newest - floor) * math.ceil(2 * WINDOW / len(ids)) if ids else newest
        floor = max(newest - longer, 0)


def match(dialect: str, query: NoteQuery, *, prefix: bool = False) -> str:
    """The words as the database's full-text syntax: every word, whole or as a prefix."""
    if dialect == "postgresql":
        return " & ".join(f"{w}:*" if prefix else w for w in query.words)
    return " ".join(f'"{w}"*' if prefix else f'"{w}"' for w in query.words)


def folded_sql(column: str) -> str:
    """The SQL that folds `column` as NoteQuery folds words: lower case, accents off."""
    return f"translate(lower({column}), '{ACCENTED}', '{_PLAIN}')"
