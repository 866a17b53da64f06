"""Opening a spreadsheet export as rows: its encoding, its delimiter, streamed line by line.

Teams bring files from Excel on German Windows (semicolons, Windows-1252), from web CRMs
(UTF-8, often with a BOM) and from older tools (Latin-1). charset-normalizer judges the
encoding from the first block of bytes and csv.Sniffer the delimiter from the same block;
the rest of the file is then decoded and read one line at a time, so a 200 MB export never
sits in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from handlers.command import clean
from handlers.i18n import N_

SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t"
ENCODINGS = ["utf_8", "cp1252", "latin_1"]
"""The candidates charset-normalizer may choose from: what spreadsheet exports are written in."""


class Unreadable(Exception):
    """The file cannot be read as a table at all; `reason` is an English msgid, `values`
    its placeholders, translated by whoever shows it."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


@dataclass(frozen=True)
class Shape:
    encoding: str
    delimiter: str
    header: list[str]


def shape_of(path: Path) -> Shape:
    """The encoding, the delimiter and the header row, judged from the file's first block."""
    with path.open("rb") as raw:
        sample = raw.read(SAMPLE_BYTES)
        complete = len(sample) < SAMPLE_BYTES
    if not sample.strip():
        raise Unreadable(N_("The file is empty."))
    if b"\x00" in sample:
        raise Unreadable(N_("This is not a text file (it holds binary data)."))
    encoding = _encoding(sample if complete else sample[: sample.rfind(b"\n") + 1] or sample)
    text = sample.decode(encoding, errors="replace").lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 20)[0] + "\n", delimiters=DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    return Shape(encoding, delimiter, [cell.strip() for cell in header])


def _encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf_8_sig"
    try:
        sample.decode("utf_8")
        return "utf_8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(sample, cp_isolation=ENCODINGS).best()
    if best is None:
        raise Unreadable(N_("This is not a text file (it holds binary data)."))
    return "cp1252" if best.encoding in ("cp1252", "windows_1252") else best.encoding


def rows(path: Path, shape: Shape) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every data row after the header, read as a stream, each cell
    cleaned as typed text is (control characters and escape sequences dropped, spaces
    squeezed), so an import can smuggle in nothing a chat message could not.

    Broken quoting ends the reading with the line where it happened; a quote that never
    closes stops at csv's field size limit (128 KiB), not at the end of a large file.
    """
    with path.open(encoding=shape.encoding, newline="", errors="strict") as file:
        reader = csv.reader(file, delimiter=shape.delimiter, strict=True)
        try:
            next(reader, None)
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield reader.line_num, [clean(cell) for cell in cells]
        except csv.Error as problem:
            raise Unreadable(
                N_("Line {line}: broken quoting ({problem})."),
                line=reader.line_num,
                problem=problem,
            ) from problem
        except UnicodeDecodeError as problem:
            raise Unreadable(
                N_("The file is not consistently {encoding}: undecodable bytes near line {line}."),
                encoding=shape.encoding,
                line=reader.line_num,
            ) from problem
