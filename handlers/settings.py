"""A member's own settings: digest time, digest on/off, language, time zone, how to be reached.

Each verb changes only the member who types it, through storage.members.update_settings,
so every change is in the audit trail.
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from handlers.context import Context, Refusal
from handlers.i18n import LANGUAGES, translator
from handlers.reply import Field, Reply
from storage import members

_CLOCK = re.compile(
    r"^(?:(?:me|mich)\s+)?(?:(?:at|um)\s+)?(\d{1,2})(?:[:.h](\d{2}))?\s*(?:uhr|h)?$", re.IGNORECASE
)
_ON = {"on", "an", "ein"}
_OFF = {"off", "aus"}
_NOTIFY = {"all": "all", "alle": "all", "first": "first", "erste": "first"}


def remind_at(words: str, ctx: Context) -> Reply:
    """`remind me at 8:30` / `erinnere mich um 8:30`: when the daily digest arrives."""
    match = _CLOCK.match(words)
    if match is None or int(match[1]) > 23 or int(match[2] or 0) > 59:
        raise Refusal(ctx.t("At what time? For example: remind me at 8:30"))
    clock = f"{int(match[1]):02d}:{int(match[2] or 0):02d}"
    members.update_settings(
        ctx.session, ctx.member, ctx.member.id, digest_time=clock, digest_enabled=True
    )
    return Reply(
        text=ctx.t(
            "Your digest comes at {time} ({zone}), Monday to Friday.",
            time=clock,
            zone=ctx.member.timezone,
        ),
        data={"digest_time": clock, "digest_enabled": True},
    )


def digest_switch(words: str, ctx: Context) -> Reply:
    """`digest on|off` / `digest an|aus`."""
    word = words.lower()
    if word not in _ON | _OFF:
        raise Refusal(ctx.t("Use: digest on, or digest off"))
    enabled = word in _ON
    members.update_settings(ctx.session, ctx.member, ctx.member.id, digest_enabled=enabled)
    text = (
        ctx.t("Your digest comes at {time}, Monday to Friday.", time=ctx.member.digest_time)
        if enabled
        else ctx.t("No more digests. Turn it back on with: digest on")
    )
    return Reply(text=text, data={"digest_enabled": enabled})


def language(words: str, ctx: Context) -> Reply:
    """`language de|en` / `sprache de|en`: the answers change at once."""
    word = words.lower()[:2]
    if word not in LANGUAGES:
        raise Refusal(ctx.t("Choose a language: {choices}", choices=", ".join(LANGUAGES)))
    members.update_settings(ctx.session, ctx.member, ctx.member.id, language=word)
    return Reply(text=translator(word)("I will answer in English."), data={"language": word})


def timezone(words: str, ctx: Context) -> Reply:
    """`timezone Europe/Berlin` / `zeitzone`: due times are read and shown in this zone."""
    name = _zone_name(words)
    if name is None:
        raise Refusal(
            ctx.t(
                "Unknown time zone \u201c{name}\u201d. Try a name like Europe/Berlin.",
                name=words[:60],
            )
        )
    members.update_settings(ctx.session, ctx.member, ctx.member.id, timezone=name)
    return Reply(text=ctx.t("Your time zone is now {zone}.", zone=name), data={"timezone": name})


def notify(words: str, ctx: Context) -> Reply:
    """`notify all|first`: reminders on every linked platform, or only the first that works."""
    choice = _NOTIFY.get(words.lower())
    if choice is None:
        raise Refusal(ctx.t("Use: notify all (every linked chat) or notify first (one chat)"))
    members.update_settings(ctx.session, ctx.member, ctx.member.id, notify=choice)
    text = (
        ctx.t("Reminders go to every chat you have linked.")
        if choice == "all"
        else ctx.t("Reminders go to one chat only: the first that works.")
    )
    return Reply(text=text, data={"notify": choice})


def show_settings(_args: None, ctx: Context) -> Reply:
    """`settings` / `einstellungen`: what the verbs above have set."""
    t, member = ctx.t, ctx.member
    digest = t("at {time}", time=member.digest_time) if member.digest_enabled else t("off")
    return Reply(
        text=t("Your settings"),
        fields=[
            Field(t("Language"), member.language),
            Field(t("Time zone"), member.timezone),
            Field(t("Daily digest"), digest),
            Field(
                t("Reminders"),
                t("every linked chat") if member.notify == "all" else t("first chat that works"),
            ),
        ],
        data={
            "language": member.language,
            "timezone": member.timezone,
            "digest_time": member.digest_time,
            "digest_enabled": member.digest_enabled,
            "notify": member.notify,
        },
    )


def _zone_name(words: str) -> str | None:
    """The IANA name for what the member typed, ignoring case (`europe/berlin` works)."""
    if not words or len(words) > 64:
        return None
    name = _zones().get(words.lower())
    if name is None:
        return None
    ZoneInfo(name)
    return name


@cache
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}
