"""Files shared with the bot in a DM (`message` of subtype `file_share`), as commands.

A file whose message says `import` becomes `import <id>` (kept for the Import button, for
admins; anyone else gets the bare `import`, which is refused them); a vCard becomes the
`add contact …` it stands for, or the refusal of one without a name. Anything else shared
is not for the CRM.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.slack.bridge import Bridge
from bot.slack.files import download_file, shared_file
from handlers import vcards
from handlers.chat_imports import MAX_IMPORT_BYTES, is_import, keep_file
from handlers.reply import Reply


async def command_for(bridge: Bridge, event: dict[str, Any], team: str) -> str | Reply | None:
    if is_import(event.get("text")):
        return await _import_line(bridge, event, team)
    file = shared_file(event, vcards.is_vcard, vcards.MAX_VCARD_BYTES)
    if file is None:
        return None
    line = vcards.contact_line(await download_file(bridge.client, file, vcards.MAX_VCARD_BYTES))
    if line is not None:
        return line
    known = await bridge.people.known(event["user"], team)
    language = await bridge.people.language(known) if known else None
    return vcards.unreadable(language or bridge.app.settings.crm_language)


async def _import_line(bridge: Bridge, event: dict[str, Any], team: str) -> str:
    file = shared_file(event, lambda _name, _kind: True, MAX_IMPORT_BYTES)
    known = await bridge.people.known(event["user"], team)
    if file is None or known is None:
        return "import"
    data = await download_file(bridge.client, file, MAX_IMPORT_BYTES)
    app = bridge.app
    name = str(file.get("name") or "upload.csv")
    return await asyncio.to_thread(keep_file, app.db, known, name, data, app.crm.clock())
