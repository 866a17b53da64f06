"""What the fake Slack Web API answers to each method it knows, as Slack answers it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.fakes.slack_files import complete_upload, upload_url

if TYPE_CHECKING:
    from tests.fakes.slack_api import FakeSlack

BOT_USER = "UBOT0001"
TEAM = "T0000TEAM"


def _auth_test(_slack: FakeSlack, _args: dict[str, Any]) -> dict[str, Any]:
    return {
        "ok": True,
        "team_id": TEAM,
        "team": "Test",
        "user_id": BOT_USER,
        "user": "crmbot",
        "bot_id": "B0000BOT",
        "url": "https://test.slack.com/",
    }


def _users_info(slack: FakeSlack, args: dict[str, Any]) -> dict[str, Any]:
    user = slack.state.users.get(str(args.get("user")))
    return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}


def _conversations_open(_slack: FakeSlack, args: dict[str, Any]) -> dict[str, Any]:
    """Each user's own DM channel ("D" + user id), a group DM ("G...") for several; the
    `users` argument arrives in the query string, a form or a JSON body alike."""
    users = [u for u in str(args.get("users", "")).split(",") if u]
    if not users:
        return {"ok": False, "error": "users_list_not_supplied"}
    prefix = "D" if len(users) == 1 else "G"
    return {"ok": True, "channel": {"id": prefix + "".join(users)}}


def _message(slack: FakeSlack, args: dict[str, Any]) -> dict[str, Any]:
    return {
        "ok": True,
        "channel": args.get("channel"),
        "ts": args.get("ts") or slack.next_ts(),
        "message": {"text": args.get("text"), "blocks": args.get("blocks")},
    }


def _history(slack: FakeSlack, args: dict[str, Any]) -> dict[str, Any]:
    """What was posted into the channel (newest first), with its metadata when
    `include_all_metadata` is asked for, as Slack answers."""
    with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
    with slack.log.lock:
        posted = [a for a in slack.state.posted if a.get("channel") == args.get("channel")]
    messages = [
        {"type": "message", "ts": f"1700000000.{n:06d}", "text": a.get("text", "")}
        | ({"metadata": a["metadata"]} if with_metadata and a.get("metadata") else {})
        for n, a in enumerate(posted, 1)
    ]
    return {"ok": True, "messages": messages[::-1], "has_more": False}


def _channels(slack: FakeSlack, args: dict[str, Any]) -> dict[str, Any]:
    """conversations.list, one channel a page, so a caller must follow `next_cursor`."""
    names = sorted(slack.state.channels)
    start = int(args.get("cursor") or 0)
    page = [{"id": slack.state.channels[name], "name": name} for name in names[start : start + 1]]
    more = str(start + 1) if start + 1 < len(names) else ""
    return {"ok": True, "channels": page, "response_metadata": {"next_cursor": more}}


def _post(slack: FakeSlack, args: dict[str, Any]) -> dict[str, Any]:
    """chat.postMessage: answered, and kept as posted (a failed call is not) for history."""
    with slack.log.lock:
        slack.state.posted.append(args)
    return _message(slack, args)


def _ephemeral(slack: FakeSlack, _args: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "message_ts": slack.next_ts()}


def _view(slack: FakeSlack, args: dict[str, Any]) -> dict[str, Any]:
    """The view as Slack answers it: with its id and the hash that guards an update."""
    view = args.get("view") or {}
    stamp = slack.next_ts().replace(".", "")
    return {"ok": True, "view": {**view, "id": args.get("view_id") or f"V{stamp}",
                                 "hash": f"{stamp}.h4sh"}}  # fmt: skip


ANSWERS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": _auth_test,
    "users.info": _users_info,
    "conversations.open": _conversations_open,
    "chat.postMessage": _post,
    "chat.update": _message,
    "chat.postEphemeral": _ephemeral,
    "conversations.history": _history,
    "conversations.list": _channels,
    "views.open": _view,
    "views.publish": _view,
    "views.update": _view,
    "views.push": _view,
    "files.getUploadURLExternal": upload_url,
    "files.completeUploadExternal": complete_upload,
}
