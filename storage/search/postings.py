"""The candidate index: word trigrams to rows, in numpy arrays.

It picks the few hundred names worth scoring with WRatio out of a million in a few
milliseconds, by the trigrams they share with the query; see storage.search for the whole.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

MAX_QUERY_TRIGRAMS = 40
"""A long query counts only its rarest trigrams: they carry the information, and it caps the
work a hostile 100-character query can cause."""


COUNT_BUDGET = 400_000
"""Postings counted in full per search (~2 ms); beyond it, common trigrams are looked up."""


POOL_SIZE = 1_000
"""Rows, best by the rare trigrams, that are looked up in the common trigrams' postings."""


_ALPHABET = " abcdefghijklmnopqrstuvwxyz0123456789"
"""Everything fold() leaves; the space is also the pad around each word."""


_RADIX = len(_ALPHABET)


_CODES = np.zeros(256, dtype=np.uint16)


for _code, _char in enumerate(_ALPHABET):
    _CODES[ord(_char)] = _code


EMPTY_ROWS: NDArray[np.int64] = np.zeros(0, dtype=np.int64)


BLOCK_BITS = 16
"""A posting holds a row's low 16 bits; its block (the high bits) is where it is stored."""


@dataclass(frozen=True)
class Postings:
    """An inverted index from word trigrams to rows, rows sorted by party id.

    Arrays rather than dicts of sets: a million names take ~100 MB instead of ~2 GB, and
    counting shared trigrams is one np.bincount over the query's posting lists. Every
    array has the narrowest type its values need (party ids are 32-bit integer keys, a
    name has fewer than 65,536 trigrams). Over half of it are the postings, so each keeps
    only the low 16 bits of its row: a trigram's list is cut into blocks of 65,536 rows,
    and `starts` says where each (trigram, block) begins, which gives the high bits back.
    """

    ids: NDArray[np.uint32]  # party id of each row, ascending
    text: str  # all keys, concatenated; key of row r is text[bounds[r]:bounds[r + 1]]
    bounds: NDArray[np.uint32] | NDArray[np.int64]  # int64 only past 4 GB of text
    sizes: NDArray[np.uint16]  # distinct trigrams of each row
    blocks: int  # rows // 65,536 + 1
    # rows of trigram t in block b: postings[starts[t * blocks + b]:starts[t * blocks + b + 1]]
    starts: NDArray[np.uint32] | NDArray[np.int64]  # int64 only past 4 G postings
    postings: NDArray[np.uint16]  # the rows' low 16 bits

    @classmethod
    def build(cls, chunks: Iterable[tuple[list[int], list[str]]]) -> Postings:
        """Index clean keys given with their ids in ascending id order, a chunk at a time."""
        ids: list[NDArray[np.uint32]] = []
        texts: list[str] = []
        lengths: list[NDArray[np.int64]] = []
        sizes: list[NDArray[np.uint16]] = []
        pairs: list[tuple[NDArray[np.uint16], NDArray[np.uint32]]] = []
        first = 0
        for chunk_ids, keys in chunks:
            ids.append(np.array(chunk_ids, dtype=np.uint32))
            texts.append("".join(keys))
            lengths.append(np.fromiter(map(len, keys), np.int64, len(keys)))
            trigrams, rows = _trigram_pairs(keys)
            sizes.append(np.bincount(rows, minlength=len(keys)).astype(np.uint16))
            pairs.append((trigrams, rows + np.uint32(first)))
            first += len(keys)
        blocks = (first >> BLOCK_BITS) + 1
        starts, postings = _inverted(pairs, blocks)
        del pairs
        text = "".join(texts)
        del texts
        bounds = np.concatenate(([0], np.cumsum(np.concatenate(lengths or [EMPTY_ROWS]))))
        built = cls(
            ids=np.concatenate(ids) if ids else np.zeros(0, np.uint32),
            text=text,
            bounds=_narrow(bounds),
            sizes=np.concatenate(sizes) if sizes else np.zeros(0, np.uint16),
            blocks=blocks,
            starts=_narrow(starts),
            postings=postings,
        )
        _release_freed_memory()
        return built

    def row_of(self, party_id: int) -> int | None:
        row = int(np.searchsorted(self.ids, party_id))
        return row if row < self.ids.size and self.ids[row] == party_id else None

    def key(self, row: int) -> str:
        return self.text[self.bounds[row] : self.bounds[row + 1]]

    def keys(self, rows: NDArray[np.int64]) -> list[str]:
        starts, ends = self.bounds[rows].tolist(), self.bounds[rows + 1].tolist()
        return [self.text[start:end] for start, end in zip(starts, ends, strict=True)]

    def candidates(
        self, trigrams: NDArray[np.uint16], dead: NDArray[np.int64], limit: int
    ) -> NDArray[np.int64]:
        """Rows sharing the most trigrams with the query, relative to both sizes (Dice).

        Counting every posting would cost ~15 ms at a million names, most of it for the few
        trigrams a third of all names have ("gmb", "mbh"). So only the rarest trigrams, up to
        COUNT_BUDGET postings, are counted for every row; the POOL_SIZE rows sharing most of
        them (on a tie, the shorter name) are then looked up in the common trigrams'
        postings (sorted: one binary search per row), and ranked by Dice over all of the
        query's trigrams. Up to ~100,000 names every posting fits the budget.
        """
        if self.ids.size == 0 or trigrams.size == 0:
            return EMPTY_ROWS
        firsts = trigrams.astype(np.int64) * self.blocks
        lengths = self.starts[firsts + self.blocks] - self.starts[firsts]
        order = np.argsort(lengths, kind="stable")[:MAX_QUERY_TRIGRAMS]
        counted = np.cumsum(lengths[order])
        rare = max(1, int(np.searchsorted(counted, COUNT_BUDGET, side="right")))
        hits = np.bincount(self._rows(firsts[order[:rare]]), minlength=self.ids.size)
        hits[dead] = 0
        best = int(hits.max())
        if best == 0:
            return EMPTY_ROWS
        rows = np.flatnonzero(hits >= max(1, best // 2))
        rows = _top(rows, hits[rows] + hits[rows] / self.sizes[rows], POOL_SIZE)
        shared = hits[rows]
        by_block = _by_block(rows)
        for first in firsts[order[rare:]].tolist():
            shared += self._contains(first, by_block, rows.size)
        return _top(rows, shared / (self.sizes[rows] + order.size), limit)

    def _rows(self, firsts: NDArray[np.int64]) -> NDArray[np.int64]:
        """The rows of the trigrams whose first (trigram, block) slots are `firsts`, decoded:
        each posting's low bits plus its block's base, repeated by the blocks' sizes."""
        slots = (firsts[:, None] + np.arange(self.blocks + 1)).ravel()
        edges = self.starts[slots].astype(np.int64).reshape(firsts.size, self.blocks + 1)
        counts = np.diff(edges, axis=1).ravel()
        bases = np.tile(np.arange(self.blocks, dtype=np.int64) << BLOCK_BITS, firsts.size)
        lows = np.concatenate([self.postings[e[0] : e[-1]] for e in edges.tolist()])
        rows: NDArray[np.int64] = np.repeat(bases, counts) + lows
        return rows

    def _contains(
        self,
        first: int,
        by_block: list[tuple[int, NDArray[np.intp], NDArray[np.uint16]]],
        size: int,
    ) -> NDArray[np.bool_]:
        """Which rows are in the trigram's list: one binary search per block they are in."""
        found = np.zeros(size, dtype=np.bool_)
        for block, where, lows in by_block:
            start, end = self.starts[first + block], self.starts[first + block + 1]
            if end > start:
                found[where] = _sorted_contains(self.postings[start:end], lows)
        return found


def _by_block(rows: NDArray[np.int64]) -> list[tuple[int, NDArray[np.intp], NDArray[np.uint16]]]:
    """`rows` grouped by block: (block, their positions in `rows`, their low bits)."""
    high = rows >> BLOCK_BITS
    lows = (rows & 0xFFFF).astype(np.uint16)
    groups = []
    for block in np.unique(high).tolist():
        where = np.flatnonzero(high == block)
        groups.append((block, where, lows[where]))
    return groups


def _narrow(
    values: NDArray[np.int64],
) -> NDArray[np.uint32] | NDArray[np.int64]:
    """uint32 when every value fits (offsets up to 4 G), else as they are."""
    fits = values.size == 0 or int(values[-1]) <= np.iinfo(np.uint32).max
    return values.astype(np.uint32) if fits else values


def _top(rows: NDArray[np.int64], scores: NDArray[np.float64], count: int) -> NDArray[np.int64]:
    """The `count` rows of highest score, in no particular order."""
    if rows.size <= count:
        return rows
    return rows[np.argpartition(-scores, count - 1)[:count]]


def _sorted_contains(posting: NDArray[np.uint16], values: NDArray[np.uint16]) -> NDArray[np.bool_]:
    """Which of `values` are in the sorted `posting`."""
    at = np.minimum(np.searchsorted(posting, values), posting.size - 1)
    found: NDArray[np.bool_] = posting[at] == values
    return found


def _trigram_pairs(keys: Sequence[str]) -> tuple[NDArray[np.uint16], NDArray[np.uint32]]:
    """The distinct (trigram, row) pairs of `keys`, sorted by trigram, then row.

    Each word is padded as pg_trgm pads it ("  word "), so a word's first one or two
    letters make trigrams of their own: a 1-2 letter query matches word prefixes, and no
    trigram spans two words, so word order does not matter. A trigram is a number below
    37**3, from the codes of its three characters.
    """
    padded = ["  " + key.replace(" ", "   ") + " " for key in keys]
    codes = _CODES[np.frombuffer("".join(padded).encode("ascii"), dtype=np.uint8)]
    owner = np.repeat(np.arange(len(keys), dtype=np.int64), [len(p) for p in padded])[:-2]
    trigrams = codes[:-2] * _RADIX**2 + codes[1:-1] * _RADIX + codes[2:]
    real = (codes[1:-1] != 0) | (codes[2:] != 0)  # not "x  " nor "   ": pad and gaps
    pairs = np.sort((trigrams[real].astype(np.int64) << 32) | owner[real])
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]  # np.unique hashes: slow
    return (pairs >> 32).astype(np.uint16), (pairs & 0xFFFFFFFF).astype(np.uint32)


def _inverted(
    pairs: Sequence[tuple[NDArray[np.uint16], NDArray[np.uint32]]], blocks: int
) -> tuple[NDArray[np.int64], NDArray[np.uint16]]:
    """Posting lists by (trigram, block) from chunks of sorted (trigram, row) pairs, without
    one big sort.

    Each chunk's pairs are scattered to their slot: memory stays at the size of the result,
    which matters at a million names (~29 million pairs). Pairs sorted by trigram and row
    are sorted by slot too (the block is the row's high bits), and chunks come in row order.
    """
    slots = _RADIX**3 * blocks
    counts = [np.bincount(_slot(*pair, blocks), minlength=slots) for pair in pairs]
    total = np.sum(counts, axis=0, dtype=np.int64) if counts else np.zeros(slots, np.int64)
    starts = np.concatenate(([0], np.cumsum(total)))
    postings = np.empty(int(starts[-1]), dtype=np.uint16)
    free = starts[:-1].copy()
    for (trigrams, rows), count in zip(pairs, counts, strict=True):
        key = _slot(trigrams, rows, blocks)  # again: kept for every chunk it would double the peak
        first_in_slot = np.cumsum(count) - count
        rank = np.arange(key.size) - first_in_slot[key]
        postings[free[key] + rank] = rows & 0xFFFF
        free += count
    return starts, postings


def _slot(trigrams: NDArray[np.uint16], rows: NDArray[np.uint32], blocks: int) -> NDArray[np.int64]:
    slots: NDArray[np.int64] = trigrams.astype(np.int64) * blocks + (rows >> BLOCK_BITS)
    return slots


def query_trigrams(query: str) -> NDArray[np.uint16]:
    trigrams, _ = _trigram_pairs([query])
    return trigrams


def _release_freed_memory() -> None:
    """Hand the build's freed temporaries back to the system.

    glibc keeps freed heap pages for reuse, and after the build's large numpy temporaries
    (~250 MB of them at a million names) it would keep them for good: the process's
    resident size would be the build's peak, not the index's size. malloc_trim returns
    them; where the C library has none (musl, macOS) there is nothing to do.
    """
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:
        trim(0)
