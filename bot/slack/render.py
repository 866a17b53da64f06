"""The one Block Kit renderer for Reply.

Slack rejects a whole message that breaks one of its limits, so everything here is cut to
fit before it leaves: at most 50 blocks in a message (100 on App Home and in modals), 3000
characters in a section, 10 fields in a section, 75 characters on a button. Lists that do not
fit end in "and N more". Every text that may come from a user is escaped for mrkdwn and
sent `verbatim`, so nobody can smuggle a mention, a channel ping or a link into a reply.

Block ids tell a button press where it came from: `crm:item:<key>` (a list entry, updated
in place), `crm:choice:<key>` (an answer to a question, which replaces the question) and
`crm:reply` (the answer's own buttons).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from handlers.reply import Button, Field, Item, Reply

Block = dict[str, Any]

MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100
SECTION_CHARS = 3000
FIELD_CHARS = 2000
FIELDS_PER_SECTION = 10
HEADER_CHARS = 150
BUTTON_CHARS = 75
VALUE_CHARS = 2000
BUTTONS_PER_ACTIONS = 25
RUN_ACTION = "crm:run"
_PARTIAL_ENTITY = re.compile(r"&[a-z]*$")


def escape(text: str) -> str:
    """Slack's three control characters, as its docs require for untrusted text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, ending in an ellipsis when cut (never in an entity)."""
    if len(text) <= limit:
        return text
    head = _PARTIAL_ENTITY.sub("", text[: limit - 1])
    return head.rstrip() + "\u2026"


def mrkdwn(text: str, limit: int = SECTION_CHARS) -> Block:
    return {"type": "mrkdwn", "text": cut(escape(text), limit), "verbatim": True}


def section(text: str, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if block_id:
        block["block_id"] = block_id
    return block


def context(text: str, *, escaped: bool = False) -> Block:
    body = cut(text, SECTION_CHARS) if escaped else cut(escape(text), SECTION_CHARS)
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": body, "verbatim": True}]}


def button(label: str, value: str, action_id: str, style: str | None = None) -> Block:
    """A button carrying `value` (a command line for `crm:run`); Slack allows 2000 characters."""
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": cut(label, BUTTON_CHARS), "emoji": True},
        "action_id": action_id,
    }
    if value:
        element["value"] = value
    if style in ("primary", "danger"):
        element["style"] = style
    return element


def actions(elements: Sequence[Block], block_id: str) -> Block:
    return {
        "type": "actions",
        "block_id": block_id,
        "elements": list(elements[:BUTTONS_PER_ACTIONS]),
    }


def command_buttons(buttons: Iterable[Button], key: str) -> list[Block]:
    """Buttons whose command fits in a Slack value; a longer one cannot be offered."""
    return [
        button(b.label, b.command, f"{RUN_ACTION}:{key}:{i}", b.style)
        for i, b in enumerate(buttons)
        if len(b.command) <= VALUE_CHARS
    ]


def fallback_text(reply: Reply) -> str:
    """The notification and screen-reader text that goes with the blocks."""
    words = f"{reply.title}: {reply.text}" if reply.title else reply.text
    return cut(escape(words), SECTION_CHARS)


def item_blocks(item: Item, key: str, *, choice: bool = False) -> list[Block]:
    """One list entry: its text, and its buttons underneath."""
    blocks = [section(item.text, f"crm:text:{key}")]
    elements = command_buttons(item.buttons, key)
    if elements:
        blocks.append(actions(elements, f"crm:{'choice' if choice else 'item'}:{key}"))
    return blocks


def blocks_for(
    reply: Reply,
    *,
    limit: int = MESSAGE_BLOCKS,
    extra_buttons: Sequence[Block] = (),
    tag: str = "",
) -> list[Block]:
    """The whole Reply as blocks, never more than `limit` of them; `tag` ends each list
    entry's key (see ephemeral.py)."""
    head = _head(reply)
    tail = _tail(reply, extra_buttons)
    budget = limit - len(head) - len(tail)
    return head + _sections(reply, budget, tag) + tail


def _head(reply: Reply) -> list[Block]:
    blocks: list[Block] = []
    if reply.title:
        blocks.append(
            {
                "type": "header",
                "text": {"type": "plain_text", "text": cut(reply.title, HEADER_CHARS)},
            }
        )
    text = reply.text if reply.ok else f"\u26a0\ufe0f {reply.text}"
    blocks.append(section(text))
    for start in range(0, len(reply.fields), FIELDS_PER_SECTION):
        chunk = reply.fields[start : start + FIELDS_PER_SECTION]
        blocks.append({"type": "section", "fields": [_field(f) for f in chunk]})
    return blocks


def _field(field: Field) -> Block:
    text = f"*{cut(escape(field.label), 200)}*\n{escape(field.value)}"
    return {"type": "mrkdwn", "text": cut(text, FIELD_CHARS), "verbatim": True}


def _tail(reply: Reply, extra_buttons: Sequence[Block]) -> list[Block]:
    blocks: list[Block] = []
    elements = [*command_buttons(reply.buttons, "reply"), *extra_buttons]
    if elements:
        blocks.append(actions(elements, "crm:reply"))
    if reply.image:
        blocks.append(context(f"[{reply.image.alt}]"))
    return blocks


def _sections(reply: Reply, budget: int, tag: str = "") -> list[Block]:
    """Section titles, items and "and N more", cut whole items at a time to fit `budget`.

    The items of a question (a reply that is not ok) are choices: pressing one replaces it.
    """
    choice = not reply.ok
    units: list[tuple[int, list[Block]]] = []
    for index, part in enumerate(reply.sections):
        units.append((0, [_title(part.title)]))
        units.extend(
            (1, item_blocks(item, f"{index}-{number}{tag}", choice=choice))
            for number, item in enumerate(part.items)
        )
        if part.more:
            units.append((part.more, [context(reply.and_more(part.more))]))
    if sum(len(blocks) for _, blocks in units) <= budget:
        return [block for _, blocks in units for block in blocks]
    kept: list[tuple[int, list[Block]]] = []
    used = 0
    for counted, blocks in units:
        if used + len(blocks) > budget - 1:
            break
        kept.append((counted, blocks))
        used += len(blocks)
    while kept and kept[-1][0] == 0:
        kept.pop()
    hidden = sum(counted for counted, _ in units) - sum(counted for counted, _ in kept)
    return [block for _, blocks in kept for block in blocks] + [context(reply.and_more(hidden))]


def _title(text: str) -> Block:
    return {
        "type": "section",
        "text": {"type": "mrkdwn", "text": f"*{cut(escape(text), 200)}*", "verbatim": True},
    }


def patch_item(blocks: list[Block], block_id: str, reply: Reply, note: str) -> list[Block]:
    """A list message after one entry's button was pressed: that entry shows the outcome.

    The rest of the message stays as it was. When the answer is the entry again (a snooze
    moves it), the entry is redrawn with its new text and buttons; `note` (escaped mrkdwn)
    replaces the pressed buttons or follows the redrawn entry.
    """
    key = block_id.split(":", 2)[2]
    text_id = f"crm:text:{key}"
    again = [item for part in reply.sections for item in part.items]
    has_text = any(block.get("block_id") == text_id for block in blocks)
    redrawn = item_blocks(again[0], key) if reply.ok and len(again) == 1 and has_text else []
    patched: list[Block] = []
    for block in blocks:
        name = block.get("block_id")
        if name == text_id and redrawn:
            patched.extend([*redrawn, context(note, escaped=True)])
        elif name == block_id:
            if not redrawn:
                patched.append(context(note, escaped=True))
        else:
            patched.append(block)
    return patched
