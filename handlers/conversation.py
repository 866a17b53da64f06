"""Working from a phone: a current customer per chat, and what arrives from the field.

After `find` or `show` names exactly one customer, that customer stays the chat's current
one, so a plain message, a shared location or a photo can be logged to it without typing
its name again. Chat adapters turn such payloads into the verbs here (`jot`, `checkin`,
`attach`, `contact`) and call `remember` with every reply; the rules live here.
"""

from __future__ import annotations

import re
from typing import Any

from handlers.args import name_and_pairs
from handlers.command import Command
from handlers.context import Context, Refusal
from handlers.dates import DateError, parse_when, split_trailing_when
from handlers.help import unknown_command
from handlers.registry import Registry
from handlers.reply import Button, Reply
from storage import activities, chat_contexts
from storage.db import Database
from storage.models import Party

FIELD_VERBS = ("start", "jot", "checkin", "attach", "contact")
"""Verbs that chat payloads become; a platform's command menu need not list them."""

_COORDINATES = re.compile(r"^(-?\d{1,3}(?:\.\d+)?),\s*(-?\d{1,3}(?:\.\d+)?)$")
FILE_KINDS = ("photo", "document")


def interpret(registry: Registry, text: str) -> str:
    """The command line a chat message stands for: itself when it starts with a command
    word, else a `jot` that offers to log it to the current customer."""
    line = text.strip()
    if not line or registry.resolve(Command(member_id=0, text=line)) is not None:
        return line
    return f"jot {line}"


def remember(db: Database, platform: str, chat_key: str, member_id: int, reply: Reply) -> None:
    """Make the customer a reply is about the chat's current one (a card shown, or the
    only match of a search)."""
    party_id = customer_in_view(reply)
    if party_id is None:
        return
    with db.session() as session:
        chat_contexts.set_current(session, platform, chat_key, member_id, party_id)


def customer_in_view(reply: Reply) -> int | None:
    if not reply.ok:
        return None
    matches = reply.data.get("matches")
    if isinstance(matches, list):
        return int(matches[0]["id"]) if len(matches) == 1 else None
    if "customer" in reply.data and "type" in reply.data:
        return int(reply.data["id"])
    return None


def start(command: Command, ctx: Context) -> Reply:
    """`start`: the greeting a newly linked member gets."""
    return Reply(
        text=ctx.t(
            "Welcome, {name}! You can use the CRM here now. Try: find <name>, or help.",
            name=ctx.member.name,
        ),
        data={"member": ctx.member.name},
    )


def jot(command: Command, ctx: Context) -> Reply:
    """`jot <text>`: offer to log a plain message to the current customer, one tap a kind."""
    t = ctx.t
    text = command.args
    party = _current(ctx, command)
    if party is None:
        raise unknown_command(ctx, text.split(" ", 1)[0])
    ref = f"#{party.id}"
    buttons = [
        Button(t("Call"), f"log call {ref}: {text}", "primary"),
        Button(t("Visit"), f"log visit {ref}: {text}"),
        Button(t("Note"), f"log note {ref}: {text}"),
        Button(t("Follow-up"), f"followup {ref} {_due_phrase(ctx, text)}: {text}"),
    ]
    return Reply(
        text=t("Log this for {name}?", name=party.name) + f"\n\u201c{text}\u201d",
        buttons=buttons,
        data={"customer": party.name, "customer_id": party.id, "offer": text},
    )


def _due_phrase(ctx: Context, text: str) -> str:
    """When a follow-up on `text` is due: the time it ends with, else tomorrow morning,
    written as an exact moment so the button means the same whenever it is pressed."""
    try:
        _, due = split_trailing_when(text, now=ctx.now, tz=ctx.zone)
    except DateError:
        due = parse_when("morgen", now=ctx.now, tz=ctx.zone)
    return due.astimezone(ctx.zone).isoformat(timespec="minutes")


def checkin(command: Command, ctx: Context) -> Reply:
    """`checkin <latitude>,<longitude>`: a visit at the current customer, with where."""
    t = ctx.t
    found = _COORDINATES.match(command.args.strip())
    if found is None or abs(float(found[1])) > 90 or abs(float(found[2])) > 180:
        raise Refusal(t("That is not a location. Share it from the attachment menu."))
    latitude, longitude = float(found[1]), float(found[2])
    party = _required_current(ctx, command)
    place = f"{latitude:.5f}, {longitude:.5f}"
    activity = activities.add(
        ctx.session,
        ctx.member.id,
        party,
        "visit",
        t("Visit at {place}", place=place),
        ctx.now,
        meta={"latitude": latitude, "longitude": longitude},
    )
    return _logged(ctx, party, activity.id, "visit", {"latitude": latitude, "longitude": longitude})


def attach(command: Command, ctx: Context) -> Reply:
    """`attach photo|document <file reference> [text]`: a note at the current customer
    that keeps the chat platform's reference to the file."""
    t = ctx.t
    kind, _, rest = command.args.partition(" ")
    reference, _, text = rest.strip().partition(" ")
    if kind not in FILE_KINDS or not reference:
        raise Refusal(t("Send a photo or a document to attach it to the current customer."))
    party = _required_current(ctx, command)
    label = t("Photo") if kind == "photo" else t("Document")
    meta = {"file": reference, "file_type": kind, "platform": ctx.platform}
    activity = activities.add(
        ctx.session,
        ctx.member.id,
        party,
        "note",
        f"{label}: {text}" if text else label,
        ctx.now,
        meta=meta,
    )
    return _logged(ctx, party, activity.id, "note", meta)


def contact(command: Command, ctx: Context) -> Reply:
    """`contact <name> [phone=...]`: a contact card (shared from a phone) becomes a new
    contact once the member picks its company."""
    t = ctx.t
    parsed = name_and_pairs(command.args)
    name = " ".join(parsed.name.replace("=", " ").replace('"', " ").split())
    if not any(ch.isalnum() for ch in name):
        raise Refusal(t("Please give a name."))
    fields = "".join(f' {key}="{value}"' for key, value in parsed.pairs.items() if key != "company")
    add = f"add contact {name}{fields}"
    buttons = []
    company = _company_of(_current(ctx, command))
    if company is not None:
        buttons.append(Button(company.name[:60], f"{add} company=#{company.id}", "primary"))
    buttons.append(Button(t("No company"), add))
    return Reply(
        text=t("New contact {name}. Which company does it belong to?", name=name)
        + "\n"
        + t("Or type: {command} company=<name>", command=add),
        buttons=buttons,
        data={"name": name, "company_id": company.id if company else None},
    )


def _company_of(party: Party | None) -> Party | None:
    if party is None:
        return None
    return party if party.party_type == "company" else party.company


def _current(ctx: Context, command: Command) -> Party | None:
    if command.channel is None:
        return None
    return chat_contexts.current_party(ctx.session, ctx.platform, command.channel)


def _required_current(ctx: Context, command: Command) -> Party:
    party = _current(ctx, command)
    if party is None:
        raise Refusal(ctx.t("Which customer? Open one first (find or show), then send it again."))
    return party


def _logged(ctx: Context, party: Party, activity_id: int, kind: str, meta: dict[str, Any]) -> Reply:
    return Reply(
        text=ctx.t(
            "{kind} with {name} logged (#{id}).",
            kind=ctx.t(kind).capitalize(),
            name=party.name,
            id=activity_id,
        ),
        public=True,
        buttons=[Button(ctx.t("Show"), f"show #{party.id}")],
        data={
            "id": activity_id,
            "kind": kind,
            "customer": party.name,
            "customer_id": party.id,
            "meta": meta,
        },
    )
