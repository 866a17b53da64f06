"""Where `alert … -> #channel` posts: a Slack channel or a Telegram group, kept in
config/chats.py's syntax (`slack:#sales`, `slack:C0123`, `telegram:-100123`).

On Slack a channel is named as people write it (`#sales`, or `<#C0123|sales>` as a slash
command sends it, which the Slack adapter reads as `#sales`; an unlabelled `<#C0123>` keeps
its id); the worker's Slack sender finds a name's id. A Telegram group is named by its
title and must be one the bot has seen members write in (storage/group_chats.py), since
Telegram cannot list a bot's groups. From the console either works: a known group of that
title first, else a Slack channel when Slack is configured.
"""

from __future__ import annotations

from typing import Final

from config.chats import SLACK_ID, SLACK_MENTION, ChatTarget, parse_chat_target
from handlers.context import Context, Refusal
from storage import group_chats

EXPLICIT: Final = ("slack:", "telegram:")


def is_chat(text: str) -> bool:
    """Whether an alert's target names a chat rather than people."""
    return text.startswith(("#", "<#")) or text.lower().startswith(EXPLICIT)


def chat_of(ctx: Context, written: str) -> tuple[str, str]:
    """(where, the name shown in `alerts`) for a chat target, or a Refusal saying why not."""
    text = written.strip()
    if text.lower().startswith(EXPLICIT):
        return _explicit(ctx, text)
    mention = SLACK_MENTION.match(text)
    if mention is not None:
        return str(ChatTarget("slack", mention["id"])), f"#{mention['name'] or mention['id']}"
    name = text.removeprefix("#").strip()
    if ctx.platform != "slack":
        groups = group_chats.by_title(ctx.session, "telegram", name) if name else []
        if len(groups) > 1:
            raise Refusal(
                ctx.t(
                    "Several groups are called {name}. Name the one you mean: {choices}.",
                    name=name,
                    choices=", ".join(f"telegram:{group.chat_id}" for group in groups),
                ),
                argument="target",
            )
        if groups:
            return str(ChatTarget("telegram", groups[0].chat_id)), f"#{groups[0].title}"
        if ctx.platform == "telegram" or not ctx.settings.slack_bot_token:
            raise Refusal(
                ctx.t(
                    "I know no group called {name}. Add me to it and send me a command there once, then try again.",
                    name=name or "#",
                ),
                argument="target",
            )
    return _explicit(ctx, f"slack:{name}" if SLACK_ID.match(name) else f"slack:#{name}")


def _explicit(ctx: Context, text: str) -> tuple[str, str]:
    try:
        target = parse_chat_target(text)
    except ValueError as bad:
        raise Refusal(
            ctx.t(
                "{chat} is no channel I can post into. Write it as #sales, slack:C0123ABCD or telegram:-100123456.",
                chat=text[:80],
            ),
            argument="target",
        ) from bad
    shown = target.chat if target.chat.startswith("#") else str(target)
    return str(target), shown
