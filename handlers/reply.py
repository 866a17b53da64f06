"""The platform-neutral answer to a command.

Adapters render a Reply their own way (Block Kit, Telegram HTML, plain text, JSON); nothing
here knows any platform. A Button carries the command line that pressing it runs, so a press
on any platform becomes an ordinary Command again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    label: str
    command: str
    style: str | None = None


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class Item:
    """One entry of a list (a match, a follow-up, an activity) with its own buttons."""

    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...] = ()
    more: int = 0


@dataclass(frozen=True)
class Image:
    """A picture (a chart); `data` is PNG bytes."""

    data: bytes
    alt: str


@dataclass(frozen=True)
class Notice:
    """A message owed to another member (an assignment, say), delivered by the outbox."""

    member_id: int
    reply: Reply
    kind: str = "notice"


@dataclass
class Reply:
    text: str
    ok: bool = True
    title: str | None = None
    fields: list[Field] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    image: Image | None = None
    data: dict[str, Any] = field(default_factory=dict)
    public: bool = False
    notices: list[Notice] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe form, for the outbox and for answering a retried delivery."""
        body = asdict(self)
        body.pop("notices")
        body.pop("image")
        return body

    @classmethod
    def from_dict(cls, body: dict[str, Any]) -> Reply:
        return cls(
            text=body["text"],
            ok=body.get("ok", True),
            title=body.get("title"),
            fields=[Field(**f) for f in body.get("fields", [])],
            sections=[_section(s) for s in body.get("sections", [])],
            buttons=[Button(**b) for b in body.get("buttons", [])],
            data=body.get("data", {}),
            public=body.get("public", False),
        )


def _section(body: dict[str, Any]) -> Section:
    items = tuple(
        Item(i["text"], tuple(Button(**b) for b in i.get("buttons", ()))) for i in body["items"]
    )
    return Section(body["title"], items, body.get("more", 0))


def error(text: str, **data: Any) -> Reply:
    return Reply(text=text, ok=False, data=data)
