"""Working from a phone: a current customer per chat, and what arrives from the field.

After a reply about exactly one customer (a card, the only match of a search, a log), that
customer stays the chat's current one (the service keeps it from the reply's subject), so a
plain message, a shared location or a photo can be logged to it without typing its name
again. Chat adapters turn such payloads into the verbs here (`jot`, `checkin`, `attach`,
`contact`); the rules live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from handlers import when
from handlers.activities import logged
from handlers.arguments import BadArguments, PartyRef, name_and_pairs, pairs_line
from handlers.command import clean
from handlers.context import Context, Refusal
from handlers.dates import DateError
from handlers.help import unknown_command
from handlers.lookup import spell_mentions
from handlers.registry import Registry
from handlers.reply import Button, Reply, Subject
from storage import activities, chat_contexts
from storage.models import Party

_COORDINATES = re.compile(r"^(-?\d{1,3}(?:\.\d+)?),\s*(-?\d{1,3}(?:\.\d+)?)$")
FILE_KINDS = ("photo", "document", "voice", "audio", "video_note", "video")
TIMED_KINDS = ("voice", "audio", "video_note", "video")
_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class AttachArgs:
    kind: str
    reference: str
    text: str
    seconds: int | None = None


@dataclass(frozen=True)
class ContactArgs:
    name: str
    pairs: dict[str, str]


def interpret(registry: Registry, text: str) -> str:
    """The command line a chat message stands for: itself when it starts with a command
    word, else a `jot` that offers to log it to the current customer."""
    line = clean(text)
    if not line or registry.resolve(line) is not None:
        return line
    return f"jot {line}"


def start(_code: str, ctx: Context) -> Reply:
    """`start`: the greeting a newly linked member gets."""
    return Reply(
        text=ctx.t(
            "Welcome, {name}! You can use the CRM here now. Try: find <name>, or help.",
            name=ctx.member.name,
        ),
        data={"member": ctx.member.name},
    )


def jot(text: str, ctx: Context) -> Reply:
    """`jot <text>`: offer to log a plain message to the current customer, one tap a kind."""
    t = ctx.t
    party = _current(ctx)
    if party is None and ctx.registry.resolve(text) is not None:
        raise Refusal(ctx.t("Which customer? Open one first (find or show), then send it again."))
    if party is None:
        raise unknown_command(ctx, text.split(" ", 1)[0])
    ref = PartyRef.of(party.id)
    buttons = [
        Button(t("Call"), f"log call {ref}: {text}", "primary"),
        Button(t("Visit"), f"log visit {ref}: {text}"),
        Button(t("Note"), f"log note {ref}: {text}"),
        Button(t("Follow-up"), f"followup {ref} {_due_phrase(ctx, text)}: {text}"),
    ]
    return Reply(
        text=t("Log this for {name}?", name=party.name) + f"\n\u201c{text}\u201d",
        buttons=buttons,
        subject=Subject("party", party.id, party.name),
        data={"customer": party.name, "customer_id": party.id, "offer": text},
    )


def _due_phrase(ctx: Context, text: str) -> str:
    """When a follow-up on `text` is due: the time it ends with, else tomorrow morning,
    written as an exact moment so the button means the same whenever it is pressed."""
    try:
        _, due = when.split(ctx, text)
    except DateError:
        due = when.moment(ctx, "morgen")
    return due.astimezone(ctx.zone).isoformat(timespec="minutes")


def parse_place(text: str, ctx: Context) -> Place:
    found = _COORDINATES.match(text.strip())
    if found is None or abs(float(found[1])) > 90 or abs(float(found[2])) > 180:
        raise Refusal(ctx.t("That is not a location. Share it from the attachment menu."))
    return Place(float(found[1]), float(found[2]))


def checkin(place: Place, ctx: Context) -> Reply:
    """`checkin <latitude>,<longitude>`: a visit at the current customer, with where."""
    party = _required_current(ctx)
    where = f"{place.latitude:.5f}, {place.longitude:.5f}"
    meta = {"latitude": place.latitude, "longitude": place.longitude}
    text = ctx.t("Visit at {place}", place=where)
    activity = activities.add(ctx.session, ctx.member.id, party, "visit", text, ctx.now, meta=meta)
    return logged(ctx, party, activity.id, "visit", meta)


def parse_attach(text: str, ctx: Context) -> AttachArgs:
    kind, _, rest = text.partition(" ")
    reference, _, caption = rest.strip().partition(" ")
    if kind not in FILE_KINDS or not reference:
        raise Refusal(ctx.t("Send a photo or a document to attach it to the current customer."))
    first, _, after = caption.strip().partition(" ")
    length = _DURATION.match(first) if kind in TIMED_KINDS else None
    if length is None:
        return AttachArgs(kind, reference, caption.strip())
    hours, minutes, seconds = (int(part or 0) for part in length.groups())
    return AttachArgs(kind, reference, after.strip(), hours * 3600 + minutes * 60 + seconds)


def duration(seconds: int) -> str:
    """A recording's length as players show it: 0:42, 3:05, 1:02:05."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def attach(args: AttachArgs, ctx: Context) -> Reply:
    """`attach <kind> <file reference> [length] [text]`: a note at the current customer
    that keeps the chat platform's reference to the file (and a recording's length)."""
    party = _required_current(ctx)
    label = _file_label(ctx, args.kind)
    meta: dict[str, Any] = {
        "file": args.reference,
        "file_type": args.kind,
        "platform": ctx.platform,
    }
    if args.seconds is not None:
        label = f"{label} ({duration(args.seconds)})"
        meta["duration"] = args.seconds
    caption = spell_mentions(ctx, args.text)
    text = f"{label}: {caption}" if caption else label
    activity = activities.add(ctx.session, ctx.member.id, party, "note", text, ctx.now, meta=meta)
    return logged(ctx, party, activity.id, "note", meta)


def _file_label(ctx: Context, kind: str) -> str:
    labels = {
        "photo": ctx.t("Photo"),
        "document": ctx.t("Document"),
        "voice": ctx.t("Voice message"),
        "audio": ctx.t("Audio"),
        "video_note": ctx.t("Video message"),
        "video": ctx.t("Video"),
    }
    return labels[kind]


def parse_contact(text: str, ctx: Context) -> ContactArgs:
    parsed = name_and_pairs(text)
    name = " ".join(parsed.name.replace("=", " ").replace('"', " ").split())
    if not any(ch.isalnum() for ch in name):
        raise BadArguments(ctx.t("Please give a name."))
    pairs = {key: value for key, value in parsed.pairs.items() if key != "company"}
    return ContactArgs(name, pairs)


def contact(args: ContactArgs, ctx: Context) -> Reply:
    """`contact <name> [phone=...]`: a contact card (shared from a phone) becomes a new
    contact once the member picks its company."""
    t = ctx.t
    add = f"add contact {args.name}{pairs_line(args.pairs)}"
    buttons = []
    company = _company_of(_current(ctx))
    if company is not None:
        buttons.append(
            Button(company.name[:60], f"{add} company={PartyRef.of(company.id)}", "primary")
        )
    buttons.append(Button(t("No company"), add))
    return Reply(
        text=t("New contact {name}. Which company does it belong to?", name=args.name)
        + "\n"
        + t("Or type: {command} company=<name>", command=add),
        buttons=buttons,
        data={"name": args.name, "company_id": company.id if company else None},
    )


def _company_of(party: Party | None) -> Party | None:
    if party is None:
        return None
    return party if party.party_type == "company" else party.company


def _current(ctx: Context) -> Party | None:
    if ctx.channel is None:
        return None
    return chat_contexts.current_party(ctx.session, ctx.platform, ctx.channel)


def _required_current(ctx: Context) -> Party:
    party = _current(ctx)
    if party is None:
        raise Refusal(ctx.t("Which customer? Open one first (find or show), then send it again."))
    return party
