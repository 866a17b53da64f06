"""Files to and from Telegram: a reply's attachment as a document (sendDocument).

Kept apart from handling.py, which plans messages: a document is one more action of the
plan, sent to the chat the answer itself went to.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot, InputFile

from handlers.reply import Attachment


@dataclass(frozen=True)
class Document:
    chat_id: int
    attachment: Attachment


async def send_document(bot: Bot, document: Document) -> None:
    file = document.attachment
    await bot.send_document(
        document.chat_id, InputFile(file.data, filename=file.filename), filename=file.filename
    )
