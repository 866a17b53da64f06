"""The platform-neutral answer to a command.

Adapters render a Reply their own way (Block Kit, Telegram HTML, plain text, JSON); nothing
here knows any platform. A Button carries the command line that pressing it runs, so a press
on any platform becomes an ordinary Command again.

Adapters read typed fields only: `subject` (what the reply is about), `repeat` (an earlier
answer given again), `language` (the member's, resolved once in the unit of work) and
`and_more`, `attachment` (a file to deliver), and for a refusal the `argument` at fault. `data` is the console's public JSON
output and nothing else.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from handlers.i18n import translator

SubjectKind = Literal["party", "followup", "deal"]


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
class Attachment:
    """A file that goes with an answer (a vCard, a backup, a GDPR export); each adapter
    delivers it its own way. Only its name survives `to_dict`: the bytes are made again
    by running the command, never kept in the journal or the outbox."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Notice:
    """A message owed to another member (an assignment, say), delivered by the outbox."""

    member_id: int
    reply: Reply
    kind: str = "notice"


@dataclass(frozen=True)
class Subject:
    """What a reply is about: a chat adopts a party as its current customer, and Slack
    offers the log modal for it."""

    kind: SubjectKind
    id: int
    name: str


@dataclass
class Reply:
    text: str
    ok: bool = True
    title: str | None = None
    fields: list[Field] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    image: Image | None = None
    attachment: Attachment | None = None
    data: dict[str, Any] = field(default_factory=dict)
    public: bool = False
    notices: list[Notice] = field(default_factory=list)
    subject: Subject | None = None
    repeat: bool = False
    language: str = "en"
    argument: str | None = None
    secret: str | None = None
    """A value shown once and never stored (an API token): `to_dict`, which the journal
    and the outbox keep, carries "[secret]" in its place."""

    def and_more(self, count: int) -> str:
        """ "and 3 more" in the member's language, for a renderer that had to cut a list."""
        return translator(self.language).plural("and {count} more", "and {count} more", count)

    def to_dict(self, *, with_image: bool = False) -> dict[str, Any]:
        """A JSON-safe form, for the outbox and for answering a retried delivery.

        The picture goes along only `with_image` (a message queued in the outbox, which
        the worker sends later and cannot make again); the journal keeps no pictures."""
        body = asdict(self)
        body.pop("notices")
        image = body.pop("image")
        if with_image and image is not None:
            png = base64.b64encode(image["data"]).decode("ascii")
            body["image"] = {"alt": image["alt"], "png": png}
        body.pop("repeat")
        attachment = body.pop("attachment")
        if attachment is not None:
            body["attachment"] = {"filename": attachment["filename"]}
        secret = body.pop("secret")
        return _redacted(body, secret) if secret else body

    @classmethod
    def from_dict(cls, body: dict[str, Any], *, repeat: bool = False) -> Reply:
        subject = body.get("subject")
        image = body.get("image")
        return cls(
            text=body["text"],
            ok=body.get("ok", True),
            title=body.get("title"),
            fields=[Field(**f) for f in body.get("fields", [])],
            sections=[_section(s) for s in body.get("sections", [])],
            buttons=[Button(**b) for b in body.get("buttons", [])],
            image=Image(base64.b64decode(image["png"]), image["alt"]) if image else None,
            data=body.get("data", {}),
            public=body.get("public", False),
            subject=Subject(**subject) if subject else None,
            repeat=repeat,
            language=body.get("language", "en"),
            argument=body.get("argument"),
        )


def _redacted(value: Any, secret: str) -> Any:
    if isinstance(value, str):
        return value.replace(secret, "[secret]")
    if isinstance(value, dict):
        return {key: _redacted(item, secret) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(item, secret) for item in value]
    return value


def _section(body: dict[str, Any]) -> Section:
    items = tuple(
        Item(i["text"], tuple(Button(**b) for b in i.get("buttons", ()))) for i in body["items"]
    )
    return Section(body["title"], items, body.get("more", 0))


def error(text: str, **data: Any) -> Reply:
    return Reply(text=text, ok=False, data=data)
