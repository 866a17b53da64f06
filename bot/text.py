"""The plain-text renderer for Reply, used by the console and anywhere without markup."""

from __future__ import annotations

import json

from handlers.reply import Button, Reply


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
        lines.append(f"[{reply.image.alt}]")
    return "\n".join(lines)


def render_json(reply: Reply) -> str:
    """The console's --json contract: one line, {"ok", "text", "data"}."""
    return json.dumps(
        {"ok": reply.ok, "text": render_text(reply), "data": reply.data},
        ensure_ascii=False,
        default=str,
    )


def _hints(buttons: tuple[Button, ...]) -> str:
    """Buttons become the commands they run, so a console user can type them."""
    if not buttons:
        return ""
    return "   [" + " | ".join(f"{b.label}: {b.command}" for b in buttons) + "]"
