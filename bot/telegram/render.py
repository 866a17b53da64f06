"""The one Telegram renderer of a Reply: HTML parse mode, inline keyboards, 4096-char parts.

Every piece of user text is escaped, so no customer name or note can break the markup.
Telegram counts the limit on the text after parsing, so lengths here are of the visible
text; a line longer than a whole message is cut into pieces, and a reply too long for
MAX_PARTS messages ends with a clear cut mark instead of flooding the chat.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from handlers.reply import Button, Item, Reply

MESSAGE_LIMIT = 4096
MAX_PARTS = 4
MAX_BUTTONS = 40
LABEL_LIMIT = 60
CUT_MARK = "\u2026 \u2702"
_ITEM_REF = re.compile(r"#\d+")


@dataclass(frozen=True)
class Key:
    """A button as Telegram shows it, with the command line pressing it runs."""

    label: str
    command: str


@dataclass(frozen=True)
class Line:
    """One visible line: an optional bold head, then plain text."""

    bold: str = ""
    plain: str = ""

    def __len__(self) -> int:
        return len(self.bold) + len(self.plain)

    def html(self) -> str:
        head = f"<b>{html.escape(self.bold)}</b>" if self.bold else ""
        return head + html.escape(self.plain)


@dataclass(frozen=True)
class Part:
    """One message to send: HTML text and, on the last part only, the keyboard."""

    html: str
    keyboard: tuple[tuple[Key, ...], ...] = ()


def render(reply: Reply) -> list[Part]:
    parts = _split(_lines(reply))
    htmls = ["\n".join(line.html() for line in part).strip() or "\u2014" for part in parts]
    keyboard = keyboard_of(reply)
    return [Part(text) for text in htmls[:-1]] + [Part(htmls[-1], keyboard)]


def _lines(reply: Reply) -> list[Line]:
    lines: list[Line] = []
    if reply.title:
        lines.append(Line(bold=reply.title))
    lines.extend(Line(plain=text) for text in reply.text.split("\n"))
    lines.extend(Line(bold=f"{field.label}: ", plain=field.value) for field in reply.fields)
    for section in reply.sections:
        lines.append(Line(bold=section.title))
        lines.extend(Line(plain=f"\u2022 {item.text}") for item in section.items)
        if section.more:
            lines.append(Line(plain=f"\u2026 +{section.more}"))
    if reply.image:
        lines.append(Line(plain=f"[{reply.image.alt}]"))
    return [piece for line in lines for piece in _fitting(line)]


def _fitting(line: Line) -> list[Line]:
    """A line no longer than one message: an over-long one becomes several."""
    if len(line) <= MESSAGE_LIMIT:
        return [line]
    room = MESSAGE_LIMIT - len(line.bold)
    first = Line(line.bold, line.plain[:room])
    rest = line.plain[room:]
    return [first] + [
        Line(plain=rest[i : i + MESSAGE_LIMIT]) for i in range(0, len(rest), MESSAGE_LIMIT)
    ]


def _split(lines: list[Line]) -> list[list[Line]]:
    """Greedy parts of whole lines, each within the limit; at most MAX_PARTS, the last
    ending in the cut mark when something had to be left out."""
    parts: list[list[Line]] = [[]]
    size = 0
    for line in lines:
        needed = len(line) + (1 if parts[-1] else 0)
        if parts[-1] and size + needed > MESSAGE_LIMIT:
            if len(parts) == MAX_PARTS:
                return _with_cut_mark(parts)
            parts.append([])
            size, needed = 0, len(line)
        parts[-1].append(line)
        size += needed
    return parts


def _with_cut_mark(parts: list[list[Line]]) -> list[list[Line]]:
    last = parts[-1]
    while last and sum(len(line) + 1 for line in last) + len(CUT_MARK) > MESSAGE_LIMIT:
        last.pop()
    last.append(Line(plain=CUT_MARK))
    return parts


def keyboard_of(reply: Reply) -> tuple[tuple[Key, ...], ...]:
    """One row per list item that has buttons, then the reply's own buttons two a row."""
    rows: list[tuple[Key, ...]] = []
    for section in reply.sections:
        for item in section.items:
            if item.buttons:
                rows.append(tuple(_key(button, item) for button in item.buttons))
    own = [_key(button) for button in reply.buttons]
    rows.extend(tuple(own[i : i + 2]) for i in range(0, len(own), 2))
    return _capped(rows)


def _key(button: Button, item: Item | None = None) -> Key:
    """An item's button names its item ("Done #12"), else a list of them is a riddle."""
    label = button.label
    if item is not None and label not in item.text:
        ref = _ITEM_REF.search(item.text)
        label = f"{label} {ref[0] if ref else item.text[:20]}"
    if len(label) > LABEL_LIMIT:
        label = label[: LABEL_LIMIT - 1] + "\u2026"
    return Key(label, button.command)


def _capped(rows: list[tuple[Key, ...]]) -> tuple[tuple[Key, ...], ...]:
    kept: list[tuple[Key, ...]] = []
    count = 0
    for row in rows:
        if count + len(row) > MAX_BUTTONS:
            break
        kept.append(row)
        count += len(row)
    return tuple(kept)
