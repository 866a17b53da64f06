"""Searching logged text: `find notes: <words>`, ranked by the database's full-text search.

SQLite reads the FTS5 table that migration 0007's triggers keep (bm25 rank); PostgreSQL the
GIN index over to_tsvector('simple', text) (ts_rank). 'simple' because a team writes in
German and English at once: no stemming beats the wrong language's stemming.

Ranking costs per matching note, and a common word matches a large share of half a million
notes (ranking them all took 400-500 ms). So only the newest WINDOW matches are ranked: FTS5
walks its doclists by rowid, newest first, and stops there; on PostgreSQL the GIN bitmap
gives the matching ids without computing a tsvector, and only the window's notes are read
and ranked. `a.id + 0` keeps the planner on the GIN index: its estimates of a tsquery's
matches can be far off, and then it walks the primary key backwards computing a tsvector for
every row it passes (seconds for a rare word). A better-matching note older than the newest
WINDOW matches is not shown; a search with fewer matches ranks them all.

A prefix reads every word that starts with it, which on a common word costs more than the
rank: whole words are searched first, and the words as beginnings only when whole words
find fewer notes than asked for ("angeb" finds "Angebot"; "angebot" finds it at once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

_WORD = re.compile(r"\w+")
MAX_WORDS = 8
WINDOW = 500

_SQLITE = """
    SELECT a.id FROM (
        SELECT rowid AS id, bm25(activities_fts) AS score FROM activities_fts
         WHERE activities_fts MATCH :query ORDER BY rowid DESC LIMIT :window
    ) AS best
      JOIN activities AS a ON a.id = best.id
      JOIN parties AS p ON p.id = a.party_id
     WHERE p.deleted_at IS NULL
     ORDER BY best.score, a.occurred_at DESC, a.id DESC
     LIMIT :limit OFFSET :offset
"""
_POSTGRES = """
    WITH best AS MATERIALIZED (
        SELECT a.id FROM activities AS a
         WHERE to_tsvector('simple', a.text) @@ to_tsquery('simple', :query)
         ORDER BY a.id + 0 DESC LIMIT :window
    )
    SELECT a.id FROM best
      JOIN activities AS a ON a.id = best.id
      JOIN parties AS p ON p.id = a.party_id
     WHERE p.deleted_at IS NULL
     ORDER BY ts_rank(to_tsvector('simple', a.text), to_tsquery('simple', :query)) DESC,
              a.occurred_at DESC, a.id DESC
     LIMIT :limit OFFSET :offset
"""


@dataclass(frozen=True)
class NoteQuery:
    words: tuple[str, ...]

    @classmethod
    def of(cls, phrase: str) -> NoteQuery:
        """Words only (letters and digits): nothing typed reaches the query syntax."""
        return cls(tuple(w.lower() for w in _WORD.findall(phrase)[:MAX_WORDS]))


def search(session: Session, query: NoteQuery, limit: int, offset: int = 0) -> list[int]:
    """Ids of activities holding every word (or, when those are too few, words starting
    so), best first among the newest WINDOW that do."""
    if not query.words:
        return []
    dialect = session.get_bind().dialect.name
    sql = text(_POSTGRES if dialect == "postgresql" else _SQLITE)
    values = {"limit": limit, "offset": offset, "window": WINDOW}
    found = [row.id for row in session.execute(sql, {**values, "query": match(dialect, query)})]
    if len(found) == limit:
        return found
    prefixes = match(dialect, query, prefix=True)
    return [row.id for row in session.execute(sql, {**values, "query": prefixes})]


def match(dialect: str, query: NoteQuery, *, prefix: bool = False) -> str:
    """The words as the database's full-text syntax: every word, whole or as a prefix."""
    if dialect == "postgresql":
        return " & ".join(f"{w}:*" if prefix else w for w in query.words)
    return " ".join(f'"{w}"*' if prefix else f'"{w}"' for w in query.words)
