"""Files on the fake Slack: the three-step upload (files.getUploadURLExternal, the bytes
POSTed to the URL it gives, files.completeUploadExternal), and files users share, served
to the bot token at their url_private_download."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.fakes.slack_api import FakeSlack


def host_file(
    slack: FakeSlack, name: str, data: bytes, mimetype: str = "text/vcard"
) -> dict[str, Any]:
    """A file a user shared: the `files[]` entry of its file_share message."""
    file_id = f"F{slack.next_ts().replace('.', '')}"
    slack.state.hosted[file_id] = data
    url = f"{slack.url}files/{file_id}/{name}"
    return {"id": file_id, "name": name, "mimetype": mimetype, "size": len(data),
            "url_private": url, "url_private_download": url}  # fmt: skip


def shared_files(slack: FakeSlack) -> list[tuple[str, str, bytes]]:
    """(channel, file name, bytes) of every completed upload, in order."""
    names = {
        c.args["file_id"]: str(c.args.get("filename", ""))
        for c in slack.calls("files.getUploadURLExternal")
    }
    return [
        (str(c.args.get("channel_id")), names[f["id"]], slack.state.uploads.get(f["id"], b""))
        for c in slack.calls("files.completeUploadExternal")
        for f in _json_list(c.args.get("files"))
    ]


def upload_url(slack: FakeSlack, args: dict[str, Any]) -> dict[str, Any]:
    """An upload URL on this server; the file id is recorded in the call's args."""
    file_id = f"F{slack.next_ts().replace('.', '')}"
    args["file_id"] = file_id
    return {"ok": True, "file_id": file_id, "upload_url": f"{slack.url}upload/{file_id}"}


def complete_upload(slack: FakeSlack, args: dict[str, Any]) -> dict[str, Any]:
    files = _json_list(args.get("files"))
    missing = [f["id"] for f in files if f["id"] not in slack.state.uploads]
    if missing or not files:
        return {"ok": False, "error": "invalid_arguments"}
    return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}


def _json_list(value: Any) -> list[dict[str, Any]]:
    """`files` arrives as a JSON string in a form, or as a list in a JSON body."""
    return list(json.loads(value) if isinstance(value, str) else value or [])
