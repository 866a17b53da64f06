"""Files to and from Telegram: a reply's attachment as a document (sendDocument), and a
shared document the CRM reads (a .vcf, or a file captioned `import`) fetched with getFile.

Kept apart from handling.py, which plans messages: a document is one more action of the
plan, sent to the chat the answer itself went to; a shared file is fetched before the plan
is made, since planning runs in a worker thread and downloading needs the event loop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Bot, InputFile, Message
from telegram.error import TelegramError

from bot.bootstrap import App
from handlers import vcards
from handlers.chat_imports import MAX_IMPORT_BYTES, is_import, keep_file
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
    """The bytes of a shared vCard, or of a file sent with the caption `import`; None for
    any other message (or a file too big for either, which is never downloaded)."""
    document = message.document if message is not None else None
    if message is None or document is None:
        return None
    caption = message.caption or ""
    if is_import(caption):
        limit = MAX_IMPORT_BYTES
    elif is_vcard(document.file_name, document.mime_type):
        limit = MAX_VCARD_BYTES
    else:
        return None
    if (document.file_size or 0) > limit:
        return None
    try:
        file = await bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError:
        log.warning("telegram: a shared file could not be downloaded", exc_info=True)
        data = b""
    return Shared(document.file_name or "", data, caption)


def shared_line(app: App, member_id: int, shared: Shared, language: str) -> str | Reply:
    """The command a shared file stands for: `import <id>` for a file to import (kept for
    its button), `add contact …` for a vCard, or the refusal of a vCard without a name."""
    if is_import(shared.caption):
        return keep_file(app.db, member_id, shared.filename, shared.data, app.crm.clock())
    return vcards.contact_line(shared.data) or vcards.unreadable(language)
