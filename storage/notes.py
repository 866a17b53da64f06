"""Searching logged text: `find notes: <words>`, ranked by the database's full-text search.

SQLite reads the FTS5 table that migration 0007's triggers keep (bm25 rank); PostgreSQL the
GIN index over to_tsvector('simple', text) (ts_rank). 'simple' because a team writes in
German and English at once: no stemming beats the wrong language's stemming.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

_WORD = re.compile(r"\w+")
MAX_WORDS = 8

_SQLITE = """
    SELECT a.id FROM activities_fts AS f
      JOIN activities AS a ON a.id = f.rowid
      JOIN parties AS p ON p.id = a.party_id
     WHERE activities_fts MATCH :query AND p.deleted_at IS NULL
     ORDER BY bm25(activities_fts), a.occurred_at DESC
     LIMIT :limit OFFSET :offset
"""
_POSTGRES = """
    SELECT a.id FROM activities AS a
      JOIN parties AS p ON p.id = a.party_id
     WHERE to_tsvector('simple', a.text) @@ to_tsquery('simple', :query)
       AND p.deleted_at IS NULL
     ORDER BY ts_rank(to_tsvector('simple', a.text), to_tsquery('simple', :query)) DESC,
              a.occurred_at DESC
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
    """Ids of activities holding every word (a word may be the start of one), best first."""
    if not query.words:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sql, match = _POSTGRES, " & ".join(f"{w}:*" for w in query.words)
    else:
        sql, match = _SQLITE, " ".join(f'"{w}"*' for w in query.words)
    rows = session.execute(text(sql), {"query": match, "limit": limit, "offset": offset})
    return [row.id for row in rows]
