"""The team: inviting colleagues and seeing who is on it."""

from __future__ import annotations

from datetime import timedelta

from handlers.arguments import BadArguments
from handlers.context import Context
from handlers.reply import Item, Reply, Section
from storage import members

MAX_MEMBER_NAME = 120


def parse_name(text: str, ctx: Context) -> str:
    name = text.strip()
    if not any(ch.isalnum() for ch in name) or len(name) > MAX_MEMBER_NAME:
        raise BadArguments(ctx.t("Invite whom?"))
    return name


def invite(name: str, ctx: Context) -> Reply:
    """`invite <name>` (admins): a one-time code that links a Telegram account to a member."""
    t = ctx.t
    same = members.with_name(ctx.session, name)
    member = (
        same[0]
        if same
        else members.create(
            ctx.session,
            name,
            language=ctx.member.language,
            timezone=ctx.member.timezone,
            role="member",
            created_by=ctx.member.id,
        )
    )
    valid_for = timedelta(days=ctx.settings.invite_valid_days)
    code = members.create_invite(ctx.session, member, ctx.member.id, ctx.now, valid_for)
    text = t(
        "Invite code for {name}: {code}\nOn Telegram, send the bot: /start {code}\nThe code works once, until {until}.",
        name=member.name,
        code=code.code,
        until=ctx.moment(code.expires_at),
    )
    link = ctx.links.invite(code.code)
    if link:
        text += "\n" + t("Or open this link on the phone: {link}", link=link)
    return Reply(
        text=text,
        data={
            "link": link,
            "code": code.code,
            "member": member.name,
            "member_id": member.id,
            "expires_at": ctx.local_iso(code.expires_at),
        },
    )


def team(_args: None, ctx: Context) -> Reply:
    """`members`: who is on the team, their role and where they can be reached."""
    t = ctx.t
    everyone = members.all_members(ctx.session)
    identities = members.identities_of_many(ctx.session, [m.id for m in everyone])
    items = []
    for member in everyone:
        platforms = sorted({i.platform for i in identities[member.id]})
        reach = ", ".join(platforms) if platforms else t("not linked yet")
        gone = "" if member.active else f" \u00b7 {t('removed')}"
        items.append(
            Item(f"#{member.id} {member.name} \u00b7 {t(member.role)} \u00b7 {reach}{gone}")
        )
    return Reply(
        text=t.plural("{count} member", "{count} members", len(everyone)),
        sections=[Section(t("Team"), tuple(items))],
        data={"members": [{"id": m.id, "name": m.name, "role": m.role} for m in everyone]},
    )
