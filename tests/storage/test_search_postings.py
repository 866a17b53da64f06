"""The candidate index keeps only each row's low 16 bits in its postings (the block gives
the rest back): a name far past the first 65,536 is found as surely as one before them."""

from __future__ import annotations

import numpy as np

from storage.search.postings import EMPTY_ROWS, Postings, query_trigrams

ROWS = 140_000
"""Three blocks of 65,536 rows; every name shares "gmbh", so that trigram's postings pass
the counting budget and are looked up block by block."""


PLACED = {3: "zauberwerk nord gmbh", 70_003: "zauberwerk sud gmbh", 139_999: "zauberwerk ost gmbh"}


def test_names_in_every_block_are_the_best_candidates_for_their_misspelling() -> None:
    keys = [PLACED.get(row, f"firma {row:06d} gmbh") for row in range(ROWS)]
    ids = list(range(10, 10 + ROWS))
    postings = Postings.build([(ids[:90_000], keys[:90_000]), (ids[90_000:], keys[90_000:])])
    assert postings.blocks == 3
    for row, key in PLACED.items():
        misspelt = key.replace("zauberwerk", "zaubrwerk")
        best = postings.candidates(query_trigrams(misspelt), EMPTY_ROWS, 3)
        assert row in best.tolist() and postings.key(row) == key
        assert int(postings.ids[row]) == row + 10


def test_a_dead_row_past_the_first_block_is_no_candidate() -> None:
    keys = [PLACED.get(row, f"firma {row:06d} gmbh") for row in range(ROWS)]
    postings = Postings.build([(list(range(1, ROWS + 1)), keys)])
    dead = np.array([139_999], dtype=np.int64)
    best = postings.candidates(query_trigrams("zauberwerk ost gmbh"), dead, 5)
    assert 139_999 not in best.tolist() and best.size > 0
