"""The plain-text renderer for Reply, used by the console and anywhere without markup."""

from __future__ import annotations

import json
import tempfile
from hashlib import sha256
from pathlib import Path

from handlers.reply import Attachment, Button, Image, Reply


def render_text(reply: Reply) -> str:
    lines: list[str] = []
    if reply.title:
        lines.append(reply.title)
    lines.append(reply.text)
    lines.extend(f"  {f.label}: {f.value}" for f in reply.fields)
    for section in reply.sections:
        lines.append(f"{section.title}:")
        for item in section.items:
            lines.append(f"  - {item.text}" + _hints(item.buttons))
        if section.more:
            lines.append(f"  \u2026 +{section.more}")
    if reply.buttons:
        lines.append(_hints(tuple(reply.buttons)).strip())
    if reply.image:
        lines.append(f"[{reply.image.alt}] {image_path(reply.image)}")
    if reply.attachment:
        lines.append(f"[{reply.attachment.filename}] {attachment_path(reply.attachment)}")
    return "\n".join(lines)


def render_json(reply: Reply) -> str:
    """The console's --json contract: one line, {"ok", "text", "data"}."""
    data = dict(reply.data)
    if reply.image:
        data["image"] = str(image_path(reply.image))
    if reply.attachment:
        data["attachment"] = str(attachment_path(reply.attachment))
    return json.dumps(
        {"ok": reply.ok, "text": render_text(reply), "data": data},
        ensure_ascii=False,
        default=str,
    )


def _hints(buttons: tuple[Button, ...]) -> str:
    """Buttons become the commands they run, so a console user can type them."""
    if not buttons:
        return ""
    return "   [" + " | ".join(f"{b.label}: {b.command}" for b in buttons) + "]"


def image_path(image: Image) -> Path:
    """A picture has no place in a terminal: it is written to a file named by its content
    (the same chart twice is one file), and the console shows the path."""
    folder = Path(tempfile.gettempdir()) / "crmbot-images"
    folder.mkdir(exist_ok=True)
    path = folder / f"{sha256(image.data).hexdigest()[:16]}.png"
    if not path.exists():
        path.write_bytes(image.data)
    return path


def attachment_path(attachment: Attachment) -> Path:
    """A file is written under its own name (so a .vcf opens as a vCard) in a folder named
    by its content; a name is never allowed to climb out of that folder."""
    folder = Path(tempfile.gettempdir()) / "crmbot-files" / sha256(attachment.data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(attachment.filename.replace("\\", "/")).name
    path = folder / (name if name.strip(".") else "file")
    if not path.exists():
        path.write_bytes(attachment.data)
    return path
