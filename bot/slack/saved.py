"""What "Save to CRM" keeps of a Slack message: its words, what it forwards, its files.

Slack puts much of a message outside `text`: a forwarded message arrives with little or no
text of its own and the forwarded words in `attachments[]` (marked `is_share` or
`is_msg_unfurl`, with `author_name`, `text` and `fallback`), and uploads arrive in
`files[]` (a name and a `permalink` that opens the file in Slack). A note that dropped them
would keep "see below" and lose the customer's own words. Newer clients write mentions
without a label (`<@W123>`); those are named after the person, never kept as an id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.slack.people import readable

_UNLABELLED = re.compile(r"<@([UW][A-Z0-9]+)>")


def unlabelled_users(message: Mapping[str, Any]) -> list[str]:
    """The users mentioned without a label anywhere in the saved text, each once."""
    found = _UNLABELLED.findall(_raw_words(message))
    return list(dict.fromkeys(found))


def saved_text(message: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The message as a note: its text, each forwarded message, each file, in that order.
    `names` spells unlabelled mentions (user id -> name); one not in it stays `@W123`."""

    def plain(text: str) -> str:
        labelled = _UNLABELLED.sub(
            lambda m: f"<@{m[1]}|{names[m[1]]}>" if m[1] in names else m[0], text
        )
        return readable(labelled).strip()

    parts = [plain(str(message.get("text") or ""))]
    for attachment in _forwarded(message):
        words = plain(str(attachment.get("text") or ""))
        author = str(attachment.get("author_name") or "").strip()
        if not words:
            parts.append(plain(str(attachment.get("fallback") or "")))
        else:
            parts.append(f"{author}: {words}" if author else words)
    for file in message.get("files") or []:
        name = str(file.get("title") or file.get("name") or "").strip()
        link = str(file.get("permalink") or file.get("url_private") or "").strip()
        parts.append(" ".join(filter(None, (name, link))))
    return "\n".join(part for part in parts if part)


def _forwarded(message: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [
        a
        for a in message.get("attachments") or []
        if isinstance(a, dict) and (a.get("is_share") or a.get("is_msg_unfurl"))
    ]


def _raw_words(message: Mapping[str, Any]) -> str:
    forwarded = (str(a.get("text") or a.get("fallback") or "") for a in _forwarded(message))
    return "\n".join([str(message.get("text") or ""), *forwarded])
