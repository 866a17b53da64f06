"""Requests exactly as Slack sends them to `POST /slack/events`: signed, form-encoded or JSON.

Payload shapes follow Slack's reference for slash commands, `block_actions`,
`view_submission`, `message_action` (shortcuts) and the Events API.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tests.fakes.slack_answers import TEAM

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
"""The app's signing secret in every test: requests are signed with it as Slack signs them."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class SlackInbound:
    """Signs and posts what Slack would post to the app at `url`."""

    def __init__(self, url: str, signing_secret: str, response_url: str) -> None:
        self.url = url
        self.secret = signing_secret
        self.response_url = response_url

    def post(
        self,
        body: str | bytes,
        content_type: str,
        *,
        age: int = 0,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Sign `body` as of `age` seconds ago (or use a given `signature`) and post it.
        Bytes are signed as bytes, so a body that is not UTF-8 can carry a valid signature."""
        timestamp = str(int(time.time()) - age)
        data = body if isinstance(body, bytes) else body.encode()
        signed = signature or sign(self.secret, timestamp, data)
        request = urllib.request.Request(
            self.url,
            data=data,
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": str(signed),
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Answer(response.status, response.read().decode())
        except urllib.error.HTTPError as refused:
            return Answer(refused.code, refused.read().decode())

    def slash(self, text: str, *, user: str = "UANNA", name: str = "anna", **extra: Any) -> Answer:
        return self.post(
            urlencode(slash_form(text, user, name, self.response_url) | extra),
            "application/x-www-form-urlencoded",
        )

    def interact(self, payload: dict[str, Any]) -> Answer:
        return self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )

    def event(self, event: dict[str, Any], event_id: str, *, retry: int | None = None) -> Answer:
        headers = (
            {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
            if retry
            else {}
        )
        body = {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0000APP",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
        return self.post(json.dumps(body), "application/json", headers=headers)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 signature: HMAC-SHA256 over `v0:{timestamp}:{raw body}` (Slack's
    "Verifying requests from Slack"), over bytes so that any body can be signed."""
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def slash_form(text: str, user: str, name: str, response_url: str) -> dict[str, str]:
    return {
        "token": "legacy",
        "team_id": TEAM,
        "team_domain": "test",
        "channel_id": "C0000SALES",
        "channel_name": "sales",
        "user_id": user,
        "user_name": name,
        "command": "/crm",
        "text": text,
        "api_app_id": "A0000APP",
        "response_url": response_url,
        "trigger_id": "1337.42.abcdef",
    }


def block_actions(
    value: str,
    *,
    action_id: str = "crm:run:0",
    block_id: str = "crm:reply",
    user: str = "UANNA",
    response_url: str,
    message: dict[str, Any] | None = None,
    view: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A button press; `message` for a message's button, `view` for one on App Home."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A0000APP",
        "trigger_id": "1337.43.abcdef",
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "action_ts": "1700000000.1",
            }
        ],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "VHOME")}
        payload["view"] = view
    else:
        payload["container"] = {
            "type": "message",
            "channel_id": "C0000SALES",
            "message_ts": "1700000000.000001",
            "is_ephemeral": message is None,
        }
        payload["channel"] = {"id": "C0000SALES", "name": "sales"}
        payload["response_url"] = response_url
        if message is not None:
            payload["message"] = message
    return payload


def view_submission(
    view: dict[str, Any], values: dict[str, Any], *, user: str = "UANNA"
) -> dict[str, Any]:
    """Submitting a modal `view` (as the bot opened it) with `values` by block and action id."""
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A0000APP",
        "trigger_id": "1337.44.abcdef",
        "view": {**view, "id": "VMODAL", "team_id": TEAM, "state": {"values": values}},
    }


def message_shortcut(
    text: str,
    *,
    callback_id: str,
    user: str = "UANNA",
    author: str = "UBOB",
    response_url: str,
    **parts: Any,
) -> dict[str, Any]:
    """The shortcut on a message; `parts` adds to the message (`files`, `attachments`)."""
    return {
        "type": "message_action",
        "callback_id": callback_id,
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "name": user.lower(), "team_id": TEAM},
        "channel": {"id": "C0000SALES", "name": "sales"},
        "message": {"type": "message", "user": author, "text": text, "ts": "1700000000.000009"}
        | parts,
        "message_ts": "1700000000.000009",
        "trigger_id": "1337.45.abcdef",
        "response_url": response_url,
    }


def slack_file(name: str, file_id: str = "F0OFFER", *, user: str = "UANNA") -> dict[str, Any]:
    """A file object as Slack puts it in `files[]` of a message (a hosted upload)."""
    return {
        "id": file_id,
        "created": 1700000000,
        "timestamp": 1700000000,
        "name": name,
        "title": name,
        "mimetype": "application/pdf",
        "filetype": "pdf",
        "pretty_type": "PDF",
        "user": user,
        "mode": "hosted",
        "is_external": False,
        "size": 48213,
        "url_private": f"https://files.slack.com/files-pri/{TEAM}-{file_id}/{name}",
        "url_private_download": f"https://files.slack.com/files-pri/{TEAM}-{file_id}/download/{name}",
        "permalink": f"https://test.slack.com/files/{user}/{file_id}/{name}",
        "permalink_public": f"https://slack-files.com/{TEAM}-{file_id}-5f1a2b",
    }


def forwarded(text: str, author: str, *, author_id: str = "UJANA") -> dict[str, Any]:
    """A forwarded ("shared") message as Slack attaches it: the words are in `text` and
    `fallback`, the writer in `author_name`."""
    return {
        "ts": "1699990000.000200",
        "channel_id": "C0CUSTOMER",
        "channel_name": "kunde-mueller",
        "is_msg_unfurl": True,
        "is_share": True,
        "id": 1,
        "original_url": "https://test.slack.com/archives/C0CUSTOMER/p1699990000000200",
        "fallback": f"[November 14th, 2023 8:26 PM] {author}: {text}",
        "text": text,
        "author_id": author_id,
        "author_subname": author,
        "author_name": author,
        "author_link": f"https://test.slack.com/team/{author_id}",
        "mrkdwn_in": ["text"],
        "color": "D0D0D0",
        "from_url": "https://test.slack.com/archives/C0CUSTOMER/p1699990000000200",
        "footer": "Posted in #kunde-mueller",
    }
