"""Finding a party by a misspelt, partial or reordered name: `find müler` -> "Müller GmbH".

Names are compared as folded keys (storage.folding), so "Müller", "Mueller" and "Muller"
meet. rapidfuzz's WRatio ranks the candidates; it is what people expect of "fuzzy" (typos,
a word missing, words swapped), but scoring every name with it costs ~2 s at a million
names. So a candidate index picks a few hundred names first, by trigrams they share with the
query, and only those are scored.

The candidate index lives in each process's memory (numpy arrays of trigram postings), not in
the database: one code path then ranks the same on SQLite and PostgreSQL, and it answers in a
few milliseconds at a million names (bench/find_bench.py measures it against exhaustive
WRatio). It stays correct across processes through the `party_name_changes` feed that
migration 0002's triggers fill: every search first asks the database what any process
added, renamed or deleted since its last look (one indexed query, usually empty), and keeps
those parties in a small overlay that is scored exhaustively. When the overlay grows large,
the arrays are rebuilt from the database.

The arrays are built at start-up in a thread (`start_background_build`, called by
bootstrap), so no request waits for them: until they are ready, a search answers from
fallback.py, exact and prefix matches read from the database's folded-name index.

postings.py holds the arrays and the candidate search; feed.py reads names and the change
feed from the database; fallback.py answers while the arrays are being built; bulk.py
inserts many companies with their keys and reads every key back (imports, benchmarks).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process
from sqlalchemy import Connection, select

from storage.db import Database
from storage.folding import fold
from storage.models import Party
from storage.search.fallback import prefix_rows
from storage.search.feed import Feed, PostgresFeed, SqliteFeed, all_keys, reader_engine
from storage.search.postings import EMPTY_ROWS, Postings, query_trigrams

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 100
"""Longer input is cut before folding: no name is that long, and it bounds the work."""


MAX_LIMIT = 100


MIN_SCORE = 50.0
"""WRatio below this means under half the letters line up: noise, not a match."""


CANDIDATES = 400
"""Names re-ranked by WRatio per search (~1 ms); more buys agreement with exhaustive WRatio."""


OVERLAY_LIMIT = 2000
"""Changed parties scored exhaustively (~4 ms at this size) before the arrays are rebuilt."""


@dataclass(frozen=True)
class NameMatch:
    party_id: int
    name: str
    party_type: str  # "company" | "contact"
    score: float  # 0..100, rapidfuzz WRatio of the folded query and folded name


class NameIndex:
    """Built once per process (by bootstrap) for one Database, shared by all requests.

    Cheap to construct. The arrays are built by `start_background_build` (bootstrap calls
    it) while searches answer from the fallback; an index nobody started builds them in
    its first search instead. Thread-safe: one lock covers catching up with the database
    and ranking, both a few milliseconds; a build holds it only to swap the arrays in.
    """

    def __init__(self, db: Database) -> None:
        self._reader, self._owns_reader = reader_engine(db)
        self._feed: Feed = (
            PostgresFeed() if db.engine.dialect.name == "postgresql" else SqliteFeed()
        )
        self._lock = threading.Lock()
        self._postings: Postings | None = None
        self._dead: set[int] = set()
        self._dead_rows: NDArray[np.int64] = EMPTY_ROWS
        self._overlay: dict[int, str] = {}
        self._mark = 0
        self._emptied_at: int | None = None
        self._building = False

    def search(self, query: str, limit: int = 10) -> list[NameMatch]:
        """The parties whose names best match `query`, best first; [] when nothing does.

        `query` is untrusted text: only its first MAX_QUERY_CHARS characters are read, and
        it never reaches SQL.
        """
        with self._reader.connect() as connection:
            return _describe(connection, self._ranked(connection, query, limit))

    def ranked(self, query: str, limit: int = 10) -> list[tuple[int, float]]:
        """`search` as (party id, score) only, for a caller that loads the parties anyway
        (`find` does, to follow merges): one statement fewer."""
        with self._reader.connect() as connection:
            return self._ranked(connection, query, limit)

    def _ranked(self, connection: Connection, query: str, limit: int) -> list[tuple[int, float]]:
        key = fold(query[:MAX_QUERY_CHARS])
        limit = min(limit, MAX_LIMIT)
        if not key or limit < 1:
            return []
        with self._lock:
            if self._postings is None and self._building:
                return [(m.party_id, m.score) for m in _prefix_matches(connection, key, limit)]
            self._catch_up(connection)
            return self._rank(key, limit)

    def start_background_build(self) -> threading.Thread:
        """Build the arrays in a thread of their own; searches meanwhile use the fallback."""
        with self._lock:
            self._building = True
        thread = threading.Thread(target=self._build, name="name-index-build", daemon=True)
        thread.start()
        return thread

    @property
    def ready(self) -> bool:
        """Whether searches are ranked by the arrays (not the exact-and-prefix fallback)."""
        return self._postings is not None

    def refresh(self) -> None:
        """Catch up with the database now (bootstrap may call it to build before serving)."""
        with self._reader.connect() as connection, self._lock:
            self._catch_up(connection)

    def close(self) -> None:
        """Release the read-only connections this index opened for itself (SQLite files)."""
        if self._owns_reader:
            self._reader.dispose()

    def _catch_up(self, connection: Connection) -> None:
        """Apply every change any process committed since the last look; build if needed."""
        if self._postings is None:
            self._load(connection)
            return
        self._mark, changes = self._feed.changes(connection, self._mark)
        for party_id, key, stamp in changes:
            if party_id != Feed.EMPTIED:
                self._apply(party_id, key)
            elif stamp != self._emptied_at:  # re-read while an old transaction runs: once
                self._emptied_at = stamp
                self._load(connection)
                return
        if len(self._overlay) > OVERLAY_LIMIT and not self._building:
            self._building = True  # the overlay serves (a little slower) until it is done
            threading.Thread(target=self._build, name="name-index-rebuild", daemon=True).start()
        if changes:
            self._dead_rows = np.fromiter(self._dead, dtype=np.int64, count=len(self._dead))

    def _load(self, connection: Connection) -> None:
        """Build the arrays from all parties; the mark is taken first, so nothing is missed."""
        mark = self._feed.mark(connection)
        self._install(mark, Postings.build(all_keys(connection)))

    def _build(self) -> None:
        """`_load` outside the lock, for a thread: searches go on while it reads and builds.

        Changes committed during the build are read again by the next search's catch-up,
        from the mark taken before reading; reading a change twice is harmless.
        """
        try:
            with self._reader.connect() as connection:
                mark = self._feed.mark(connection)
                postings = Postings.build(all_keys(connection))
            with self._lock:
                self._install(mark, postings)
        except Exception:
            log.exception("building the name index failed; the next search builds it")
        finally:
            with self._lock:
                self._building = False

    def _install(self, mark: int, postings: Postings) -> None:
        self._mark, self._postings = mark, postings
        self._dead, self._dead_rows, self._overlay = set(), EMPTY_ROWS, {}

    def _apply(self, party_id: int, key: str | None) -> None:
        """Record one party's current key (None: deleted) over what the arrays hold."""
        assert self._postings is not None
        row = self._postings.row_of(party_id)
        if row is not None and row not in self._dead:
            if key == self._postings.key(row):
                return
            self._dead.add(row)
        if key:
            self._overlay[party_id] = key
        else:
            self._overlay.pop(party_id, None)

    def _rank(self, query: str, limit: int) -> list[tuple[int, float]]:
        """(party id, score) of the best `limit` among the candidates and the overlay."""
        assert self._postings is not None
        postings = self._postings
        rows = postings.candidates(query_trigrams(query), self._dead_rows, CANDIDATES)
        ids = postings.ids[rows].tolist() + list(self._overlay)
        keys = postings.keys(rows) + list(self._overlay.values())
        return _best(query, ids, keys, limit)


def _best(query: str, ids: list[int], keys: list[str], limit: int) -> list[tuple[int, float]]:
    """The top `limit` by WRatio, above MIN_SCORE.

    WRatio often ties (a short query scores the same inside many longer names), so ties go
    to the name that begins most like the query, then the shorter, then the older: "müler"
    puts "Müller GmbH" before "Hans Müller", and a 1-2 letter query becomes a prefix search.
    """
    scored = process.extract(
        query, keys, scorer=fuzz.WRatio, processor=None, limit=None, score_cutoff=MIN_SCORE
    )
    if len(scored) > limit:  # only the ties at the cut need the finer order
        scored = [match for match in scored if match[1] >= scored[limit - 1][1]]
    scored.sort(key=lambda m: (-m[1], -fuzz.ratio(query, m[0][: len(query)]), len(m[0]), ids[m[2]]))
    return [(ids[index], score) for _, score, index in scored[:limit]]


def _describe(connection: Connection, ranked: list[tuple[int, float]]) -> list[NameMatch]:
    """Names and types of the ranked ids, as stored now; a party deleted meanwhile drops."""
    if not ranked:
        return []
    query = select(Party.id, Party.name, Party.party_type).where(
        Party.id.in_([party_id for party_id, _ in ranked])
    )
    rows = {row.id: row for row in connection.execute(query)}
    return [
        NameMatch(party_id, rows[party_id].name, rows[party_id].party_type, score)
        for party_id, score in ranked
        if party_id in rows
    ]


def _prefix_matches(connection: Connection, key: str, limit: int) -> list[NameMatch]:
    """The fallback's matches, scored as the index scores them (WRatio of folded names)."""
    return [
        NameMatch(party_id, name, party_type, fuzz.WRatio(key, fold(name), processor=None))
        for party_id, name, party_type in prefix_rows(connection, key, limit)
    ]
