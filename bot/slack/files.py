"""Files into Slack: the upload Slack has asked for since files.upload was retired.

Three calls, made by slack_sdk's `files_upload_v2`: files.getUploadURLExternal (a URL for
this many bytes), a POST of the bytes to that URL, and files.completeUploadExternal, which
shares the file into `channel`. Every file the bot sends (a vCard, a backup, a chart) goes
through `upload_file`.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient


async def upload_file(client: AsyncWebClient, channel: str, filename: str, data: bytes) -> str:
    """Share `data` as `filename` in `channel`; returns the new file's id."""
    answer = await client.files_upload_v2(
        channel=channel, filename=filename, title=filename, content=data
    )
    files = answer.get("files") or [answer.get("file") or {}]
    return str(files[0].get("id", ""))
