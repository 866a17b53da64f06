"""`help`, `help <topic>` and `help <command>`, written from the command table so they never drift.

The overview names the commands by topic, not one line each: sixty usages with their
summaries fill two Telegram messages and a Slack screen, and nobody reads that. A topic's
page (`help customers`) gives the usages; a command's page gives the details.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.context import Context, Refusal
from handlers.i18n import N_
from handlers.registry import Verb
from handlers.reply import Button, Item, Reply, Section
from storage.folding import fold


@dataclass(frozen=True)
class Topic:
    """A chapter of help: its title, the words that name it, the verbs it holds."""

    key: str
    title: str
    words: tuple[str, ...]
    verbs: tuple[str, ...]


TOPICS = (
    Topic("customers", N_("Customers"), ("customers", "kunden"),
          ("add", "find", "show", "history", "list", "set", "tag", "owner", "delete", "restore",
           "merge", "undo", "vcard")),
    Topic("work", N_("Contacts and follow-ups"), ("work", "arbeit"),
          ("log", "correct", "followup", "done", "cancel", "snooze", "reopen", "assign", "mine",
           "today", "overdue", "feed", "calendar")),
    Topic("sales", N_("Deals"), ("sales", "vertrieb"),
          ("deal", "deals", "stage", "won", "lost", "pipeline", "forecast")),
    Topic("analysis", N_("Reports and analysis"), ("analysis", "auswertung"),
          ("report", "chart", "score", "top", "value", "abc", "segment", "segments", "alert",
           "alerts")),
    Topic("team", N_("Team and settings"), ("setup", "einrichtung"),
          ("members", "member", "invite", "link", "settings", "remind", "digest", "language",
           "timezone", "notify", "help")),
    Topic("data", N_("Data and other systems"), ("data", "daten"),
          ("import", "export", "gdpr", "token", "webhook", "webhooks")),
)  # fmt: skip


def parse_topic(text: str, _ctx: Context) -> str:
    """`help log call` asks about `log`: the first word is the topic."""
    return text.strip().split(" ", 1)[0]


def show_help(topic: str, ctx: Context) -> Reply:
    if not topic:
        return _overview(ctx)
    chapter = _topic_named(topic)
    if chapter is not None:
        return _chapter(ctx, chapter)
    return _one(ctx, topic)


def _shown(ctx: Context) -> list[Verb[Any]]:
    """The verbs this member can type: not those chat payloads become, not others' admin verbs."""
    return [
        verb
        for verb in ctx.registry.verbs
        if verb.menu and (not verb.admin_only or ctx.member.is_admin)
    ]


def _word(ctx: Context, verb: Verb[Any]) -> str:
    """The verb as the member types it: the first word of its usage in their language."""
    return ctx.t(verb.usage).split(" ", 1)[0]


def _overview(ctx: Context) -> Reply:
    t = ctx.t
    shown = {verb.name: verb for verb in _shown(ctx)}
    help_verb = ctx.registry.find("help")
    help_word = _word(ctx, help_verb) if help_verb else "help"
    sections = []
    buttons = []
    for chapter in TOPICS:
        words = [_word(ctx, shown[name]) for name in chapter.verbs if name in shown]
        if words:
            sections.append(Section(t(chapter.title), (Item(", ".join(words)),)))
            buttons.append(Button(t(chapter.title), f"{help_word} {_topic_word(ctx, chapter)}"))
    return Reply(
        text=t(
            "Commands by topic. help <topic> lists a topic's commands, help <command> explains one."
        ),
        sections=sections,
        buttons=buttons,
        data={
            "commands": [verb.name for verb in ctx.registry.verbs],
            "topics": {chapter.key: list(chapter.verbs) for chapter in TOPICS},
        },
    )


def _chapter(ctx: Context, chapter: Topic) -> Reply:
    t = ctx.t
    shown = {verb.name: verb for verb in _shown(ctx)}
    items = tuple(
        Item(f"{t(shown[name].usage)} \u2014 {t(shown[name].summary)}")
        for name in chapter.verbs
        if name in shown
    )
    return Reply(
        text=t("help <command> explains one, with examples."),
        sections=[Section(t(chapter.title), items)],
        data={"topic": chapter.key, "commands": [n for n in chapter.verbs if n in shown]},
    )


def _topic_named(word: str) -> Topic | None:
    key = fold(word)
    return next((chapter for chapter in TOPICS if key in chapter.words), None)


def _topic_word(ctx: Context, chapter: Topic) -> str:
    """The topic's word in the member's language (German second in `words`)."""
    return chapter.words[1] if ctx.member.language == "de" else chapter.words[0]


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
