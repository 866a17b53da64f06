"""Files into and out of Slack.

Into: the upload Slack has asked for since files.upload was retired. Three calls, made by
slack_sdk's `files_upload_v2`: files.getUploadURLExternal (a URL for this many bytes), a
POST of the bytes to that URL, and files.completeUploadExternal, which shares the file into
`channel`. Every file the bot sends (a vCard, a backup, a chart) goes through `upload_file`.

Out: a file someone shared (`message` of subtype `file_share`) is fetched from its
`url_private_download` with the bot token, as Slack requires for private files.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.client import TIMEOUT_SECONDS

log = logging.getLogger(__name__)


async def upload_file(
    client: AsyncWebClient, channel: str, filename: str, data: bytes, *,
    title: str | None = None, thread_ts: str | None = None,
) -> str:  # fmt: skip
    """Share `data` as `filename` in `channel` (in a thread of it when `thread_ts` is given);
    returns the new file's id."""
    answer = await client.files_upload_v2(
        channel=channel, filename=filename, title=title or filename, alt_txt=title,
        content=data, thread_ts=thread_ts,
    )  # fmt: skip
    files = answer.get("files") or [answer.get("file") or {}]
    return str(files[0].get("id", ""))


def shared_file(event: dict[str, Any], wanted: Any, limit: int) -> dict[str, Any] | None:
    """The first file of a `file_share` message that `wanted(name, mimetype)` accepts and
    that is no bigger than `limit` bytes."""
    for file in event.get("files") or []:
        if wanted(file.get("name"), file.get("mimetype")) and int(file.get("size") or 0) <= limit:
            return dict(file)
    return None


async def download_file(client: AsyncWebClient, file: dict[str, Any], limit: int) -> bytes:
    """The file's bytes (at most `limit`); empty when Slack would not hand them over."""
    url = file.get("url_private_download") or file.get("url_private") or ""
    headers = {"Authorization": f"Bearer {client.token}"}
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.get(url, headers=headers) as answer,
        ):
            if answer.status != 200:
                log.warning("slack: a shared file answered %s", answer.status)
                return b""
            return await answer.content.read(limit + 1)
    except (TimeoutError, aiohttp.ClientError):
        log.warning("slack: a shared file could not be downloaded", exc_info=True)
        return b""
