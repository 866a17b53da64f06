"""The Telegram renderer: HTML that user text cannot break, parts within 4096 characters."""

from __future__ import annotations

import html
import re

from bot.telegram.render import CUT_MARK, MAX_PARTS, MESSAGE_LIMIT, render
from handlers.reply import Button, Field, Item, Reply, Section


def visible(part_html: str) -> str:
    return html.unescape(re.sub(r"</?b>", "", part_html))


def test_markup_in_names_and_notes_is_shown_as_typed() -> None:
    reply = Reply("<i>note</i> & <a href='x'>", title="</b>Evil", fields=[Field("Tel", "<1>")])
    [part] = render(reply)
    assert part.html.startswith("<b>&lt;/b&gt;Evil</b>")
    assert visible(part.html) == "</b>Evil\n<i>note</i> & <a href='x'>\nTel: <1>"


def test_one_line_longer_than_a_message_is_cut_into_whole_messages() -> None:
    parts = render(Reply("x" * 9000))
    assert [len(visible(p.html)) for p in parts] == [4096, 4096, 808]


def test_a_huge_reply_is_cut_cleanly_after_a_few_messages() -> None:
    items = tuple(Item(f"line {n} " + "y" * 200) for n in range(200))
    parts = render(Reply("big", sections=[Section("All", items)]))
    assert len(parts) == MAX_PARTS
    assert all(len(visible(p.html)) <= MESSAGE_LIMIT for p in parts)
    assert visible(parts[-1].html).endswith(CUT_MARK)


def test_list_buttons_name_their_item_and_go_on_the_last_part() -> None:
    items = (Item("#7 Mon: call back", (Button("Done", "done 7"),)),)
    reply = Reply("z\n" * 3000, sections=[Section("Open", items)], buttons=[Button("Show", "x")])
    parts = render(reply)
    assert all(p.keyboard == () for p in parts[:-1])
    assert [[k.label for k in row] for row in parts[-1].keyboard] == [["Done #7"], ["Show"]]
