"""Files to and from Telegram: a reply's attachment as a document (sendDocument), and a
shared document the CRM reads (a .vcf) fetched with getFile.

Kept apart from handling.py, which plans messages: a document is one more action of the
plan, sent to the chat the answer itself went to; a shared file is fetched before the plan
is made, since planning runs in a worker thread and downloading needs the event loop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Bot, InputFile, Message
from telegram.error import TelegramError

from handlers import vcards
from handlers.reply import Attachment, Reply
from handlers.vcards import MAX_VCARD_BYTES, is_vcard

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    chat_id: int
    attachment: Attachment


async def send_document(bot: Bot, document: Document) -> None:
    file = document.attachment
    await bot.send_document(
        document.chat_id, InputFile(file.data, filename=file.filename), filename=file.filename
    )


@dataclass(frozen=True)
class Shared:
    """A file sent to the bot that the CRM reads, with its caption."""

    filename: str
    data: bytes
    caption: str


async def fetch_shared(bot: Bot, message: Message | None) -> Shared | None:
    """The bytes of a shared vCard; None for any other message (or one too big to be a
    vCard, which is never downloaded). A failed download is an empty file, refused as
    unreadable: the webhook must still answer 200."""
    document = message.document if message is not None else None
    if document is None or not is_vcard(document.file_name, document.mime_type):
        return None
    if (document.file_size or 0) > MAX_VCARD_BYTES:
        return None
    try:
        file = await bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError:
        log.warning("telegram: a shared vCard could not be downloaded", exc_info=True)
        data = b""
    return Shared(document.file_name or "", data, message.caption or "" if message else "")


def shared_line(shared: Shared, language: str) -> str | Reply:
    """The command a shared vCard stands for, or the refusal of one without a name."""
    return vcards.contact_line(shared.data) or vcards.unreadable(language)
