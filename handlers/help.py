"""`help` and `help <command>`, written from the command table so they never drift."""

from __future__ import annotations

from handlers.context import Context, Refusal
from handlers.reply import Item, Reply, Section


def parse_topic(text: str, _ctx: Context) -> str:
    """`help log call` asks about `log`: the first word is the topic."""
    return text.strip().split(" ", 1)[0]


def show_help(topic: str, ctx: Context) -> Reply:
    t = ctx.t
    if topic:
        return _one(ctx, topic)
    items = tuple(
        Item(f"{t(verb.usage)} \u2014 {t(verb.summary)}")
        for verb in ctx.registry.verbs
        if not verb.admin_only or ctx.member.is_admin
    )
    return Reply(
        text=t("Commands (help <command> tells more):"),
        sections=[Section(t("Commands"), items)],
        data={"commands": [verb.name for verb in ctx.registry.verbs]},
    )


def _one(ctx: Context, topic: str) -> Reply:
    t = ctx.t
    verb = ctx.registry.find(topic)
    if verb is None:
        suggestion = ctx.registry.suggest(topic)
        hint = (
            t(" Did you mean \u201c{suggestion}\u201d?", suggestion=suggestion)
            if suggestion
            else ""
        )
        raise Refusal(t("There is no command \u201c{topic}\u201d.", topic=topic[:40]) + hint)
    lines = [t(verb.summary)]
    if verb.details:
        lines.append(t(verb.details))
    shown = t(verb.usage).split(" ", 1)[0]
    words = [word for word in ctx.registry.words_of(verb) if word != shown]
    if words:
        lines.append(t("Also: {words}", words=", ".join(words)))
    if verb.more_help is not None:
        lines.extend(verb.more_help(t))
    if verb.examples:
        lines.append(t("Examples:") + "\n" + "\n".join(f"  {example}" for example in verb.examples))
    return Reply(
        text="\n".join(lines),
        title=t(verb.usage),
        data={"command": verb.name},
    )


def unknown_command(ctx: Context, word: str) -> Refusal:
    """The answer to a word that is no command: the closest one, if any is close."""
    t = ctx.t
    word = word[:40]
    suggestion = ctx.registry.suggest(word)
    if suggestion:
        return Refusal(
            t(
                "Unknown command \u201c{word}\u201d. Did you mean \u201c{suggestion}\u201d? "
                "Type help for all commands.",
                word=word,
                suggestion=suggestion,
            ),
            suggestion=suggestion,
        )
    return Refusal(t("Unknown command \u201c{word}\u201d. Type help for all commands.", word=word))
