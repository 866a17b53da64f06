"""How well a note matches the words of `find notes:` on SQLite: BM25 without its corpus part.

FTS5's bm25() weighs each word by how rare it is among all notes, and learns that by reading
the word's whole doclist on every query: at five million notes that alone took 75-140 ms for
two common words, however few notes were ranked. PostgreSQL's ts_rank has no such part
either. So the candidates (the newest matches, a few hundred) are ranked here by BM25's
other two parts: how often each word occurs in the note, saturating, and the note's length
against the candidates' mean. Every candidate holds every word, so a word's rarity would
only shift weight between words, not decide which notes match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

K1 = 1.2
"""How fast repeats of a word stop adding (BM25's usual values, as FTS5 uses them)."""
B = 0.75
"""How much a long note is held against its matches."""
_TOKEN = re.compile(r"[^\W_]+")
"""What FTS5's unicode61 reads as a word: letters and digits; `_` separates."""


@dataclass(frozen=True)
class Candidate:
    id: int
    text: str
    occurred_at: datetime


def best_first(
    candidates: Sequence[Candidate],
    words: Sequence[str],
    prefix: bool,
    fold: dict[int, int],
) -> list[int]:
    """The candidates' ids, best match first, then newest first. `words` are folded already;
    `fold` folds a note's text the same way (lower case, accents off, as FTS5 does)."""
    tokens = {c.id: _TOKEN.findall(c.text.lower().translate(fold)) for c in candidates}
    mean = sum(map(len, tokens.values())) / len(tokens) if tokens else 0.0

    def score(candidate: Candidate) -> float:
        found = tokens[candidate.id]
        norm = K1 * (1 - B + B * len(found) / mean) if mean else K1
        total = 0.0
        for word in words:
            hits = sum(1 for t in found if (t.startswith(word) if prefix else t == word))
            total += hits * (K1 + 1) / (hits + norm)
        return total

    ranked = sorted(candidates, key=lambda c: (-score(c), -c.occurred_at.timestamp(), -c.id))
    return [c.id for c in ranked]
