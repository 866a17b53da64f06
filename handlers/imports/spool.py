"""The checked lines of a file, kept on disk between checking and storing.

Every row is read and checked before the first is stored (a file with a bad row is refused
whole). Reading and checking again while storing cost as much as the check itself (phone
numbers parsed twice, every cell cleaned twice); a temporary file of one JSON line per line
keeps memory flat for a file of any size and lets the second pass only store.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from handlers.imports.applying import Item, Outcome
from handlers.imports.records import Record


@contextmanager
def spooled() -> Iterator[Spool]:
    """A spool on a temporary file, removed when the block ends."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as file:
        yield Spool(file)


class Spool:
    def __init__(self, file: TextIO) -> None:
        self._file = file

    def add(self, line: int, item: Record | Outcome) -> None:
        if isinstance(item, Outcome):
            fields = [line, "", item.action, item.name, item.reason]
        else:
            fields = [line, item.party_type, item.name, item.company, item.values]
        self._file.write(json.dumps(fields, ensure_ascii=False) + "\n")

    def batches(self, size: int) -> Iterator[list[Item]]:
        """The lines in file order, `size` at a time."""
        self._file.seek(0)
        batch: list[Item] = []
        for text in self._file:
            line, kind, *rest = json.loads(text)
            batch.append((line, Record(kind, *rest) if kind else Outcome(line, *rest)))
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch
