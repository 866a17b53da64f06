"""Slack users as members, and Slack's message markup as our command language.

A Slack user who talks to the bot, or is mentioned in a command, becomes a member on first
sight, with the name, time zone and language `users.info` gives.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import App
from handlers.accounts import Profile, member_for
from handlers.i18n import LANGUAGES
from storage import members

log = logging.getLogger(__name__)

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_MARKUP = re.compile(r"<([^>|]*)(?:\|([^>]*))?>")


class Stranger(LookupError):
    """A Slack user of a workspace the CRM does not serve (a Slack Connect guest)."""


class People:
    """Finds (or creates) the member behind a Slack user, asking Slack only once per user.

    Only users of the workspace the app is installed in (auth.test's team) or of a team in
    SLACK_ALLOWED_TEAMS become members: Slack Connect brings in people of other companies.
    """

    def __init__(self, app: App, client: AsyncWebClient) -> None:
        self.app = app
        self.client = client
        self._teams: frozenset[str] | None = None

    async def teams(self) -> frozenset[str]:
        """The teams whose users may join, asked of Slack once."""
        if self._teams is None:
            installed = (await self.client.auth_test()).get("team_id")
            self._teams = self.app.settings.allowed_slack_teams | {str(installed or "")}
        return self._teams

    async def known(self, user_id: str, team_id: str) -> int | None:
        """The member behind a Slack user already seen, without asking Slack."""
        return await self._lookup(user_id, team_id, None)

    async def member(self, user_id: str, team_id: str, fallback_name: str = "") -> int:
        known = await self.known(user_id, team_id)
        if known is not None:
            return known
        profile, home = await self.profile(user_id, team_id, fallback_name)
        if home not in await self.teams():
            log.info("slack: %s of team %s is not of an allowed team", user_id, home)
            raise Stranger(user_id)
        created = await self._lookup(user_id, team_id, profile)
        if created is None:
            raise LookupError(f"slack user {user_id} could not be linked")
        return created

    async def _lookup(self, user_id: str, team_id: str, profile: Profile | None) -> int | None:
        return await asyncio.to_thread(
            member_for, self.app.db, self.app.settings, "slack", user_id,
            team_id=team_id, profile=profile,
        )  # fmt: skip

    async def profile(
        self, user_id: str, team_id: str, fallback_name: str = ""
    ) -> tuple[Profile, str]:
        """Name, time zone and language from users.info, and the user's home team (which
        differs from the request's in a Slack Connect channel); the bare name and the
        request's team when Slack fails."""
        try:
            answer = await self.client.users_info(user=user_id, include_locale=True)
        except SlackApiError as failed:
            log.warning("users.info %s failed: %s", user_id, failed.response.get("error"))
            return Profile(name=fallback_name or user_id), team_id
        user: dict[str, Any] = answer.get("user") or {}
        details: dict[str, Any] = user.get("profile") or {}
        name = details.get("real_name") or user.get("real_name") or user.get("name")
        profile = Profile(
            name=str(name or fallback_name or user_id)[:120],
            language=_language(user.get("locale")),
            timezone=_zone(user.get("tz")),
        )
        return profile, str(user.get("team_id") or team_id)

    async def names(self, user_ids: list[str], team_id: str, *, ask: bool) -> dict[str, str]:
        """The names of Slack users: members' from the database; with `ask`, the others'
        from users.info (without making them members: being mentioned is not joining)."""
        found: dict[str, str] = {}
        for user_id in user_ids:
            known = await self.known(user_id, team_id)
            if known is not None:
                found[user_id] = await asyncio.to_thread(self._name, known)
            elif ask:
                found[user_id] = (await self.profile(user_id, team_id))[0].name
        return found

    def _name(self, member_id: int) -> str:
        with self.app.db.read_session() as session:
            member = members.get(session, member_id)
            return member.name if member else str(member_id)

    async def language(self, member_id: int) -> str:
        return await asyncio.to_thread(self._language, member_id)

    def _language(self, member_id: int) -> str:
        with self.app.db.read_session() as session:
            member = members.get(session, member_id)
            return member.language if member else self.app.settings.crm_language

    async def command_text(self, text: str, team_id: str) -> str:
        """Slack's markup as plain command text; a mentioned user becomes `@#<member id>`."""
        mentioned: dict[str, str] = {}
        for user_id in dict.fromkeys(_USER.findall(text)):
            try:
                mentioned[user_id] = f"@#{await self.member(user_id, team_id)}"
            except Stranger:
                continue
        with_members = _USER.sub(lambda m: mentioned.get(m[1], m[0]), text)
        return readable(with_members)


def readable(text: str) -> str:
    """A Slack message as plain text to keep in the CRM (`<@U1|bob>` -> `@bob`)."""
    return unescape(_MARKUP.sub(_plain, text))


def _plain(markup: re.Match[str]) -> str:
    """`<#C1|sales>` -> `#sales`, `<!here>` -> `@here`, `<https://x|label>` -> `label`."""
    target, label = markup[1], markup[2]
    if target.startswith("#"):
        return f"#{label}" if label else target
    if target.startswith("@"):
        return f"@{label}" if label else target
    if target.startswith("!"):
        return label or "@" + target[1:].split("^")[0]
    return label or target.removeprefix("mailto:")


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _language(locale: object) -> str | None:
    prefix = str(locale or "")[:2].lower()
    return prefix if prefix in LANGUAGES else None


def _zone(name: object) -> str | None:
    try:
        return str(ZoneInfo(str(name))) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None
