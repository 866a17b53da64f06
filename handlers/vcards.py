"""vCards (RFC 6350, version 4.0) out and in, written and read by `vobject`.

`vcard <contact>` sends a customer as a .vcf file, which any phone or address book takes.
A .vcf shared with the bot becomes the `add contact …` command it stands for, so it is
checked, journalled and asked about (a near-duplicate, a company not yet known) exactly as
a typed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import vobject

from handlers.arguments import BadArguments, PartyRef
from handlers.context import Context
from handlers.customers import AddArgs
from handlers.i18n import translator
from handlers.lookup import resolve
from handlers.reply import Attachment, Reply, Subject, error
from storage.models import Party

VCARD_TYPE = "text/vcard"
VCARD_TYPES = (VCARD_TYPE, "text/x-vcard", "text/directory")
MAX_VCARD_BYTES = 256 * 1024
_UNSAFE = re.compile(r"[=\r\n\t\x00-\x1f]")
_FILE_NAME_UNSAFE = re.compile(r"[^\w\- .]")


@dataclass(frozen=True)
class VcardArgs:
    customer: PartyRef

    def line(self) -> str:
        return f"vcard {self.customer}"


def parse(text: str, ctx: Context) -> VcardArgs:
    if not text.strip():
        raise BadArguments(ctx.t("Which customer? Name one."))
    return VcardArgs(PartyRef(text.strip()))


def vcard(args: VcardArgs, ctx: Context) -> Reply:
    """`vcard <customer>`: the customer as a .vcf file, named after them."""
    party = resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
    filename = (_FILE_NAME_UNSAFE.sub("", party.name).strip() or f"contact-{party.id}") + ".vcf"
    return Reply(
        text=ctx.t("{name} as a vCard: {file}", name=party.name, file=filename),
        attachment=Attachment(filename, VCARD_TYPE, card_of(party)),
        subject=Subject("party", party.id, party.name),
        data={"id": party.id, "name": party.name, "file": filename},
    )


def card_of(party: Party) -> bytes:
    """A vCard 4.0; a company is `KIND:org`, a contact carries its company as ORG."""
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("fn").value = party.name
    if party.party_type == "company":
        card.add("kind").value = "org"
        card.add("org").value = [party.name]
    else:
        given, _, family = party.name.rpartition(" ")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if party.company is not None:
            card.add("org").value = [party.company.name]
    for key, value in (("tel", party.phone), ("email", party.email)):
        if value:
            card.add(key).value = value
    if party.address or party.city:
        card.add("adr").value = vobject.vcard.Address(
            street=party.address or "", city=party.city or ""
        )
    if party.tags:
        card.add("categories").value = list(party.tags)
    return str(card.serialize()).encode("utf-8")


def contact_line(data: bytes) -> str | None:
    """The `add contact` command a shared .vcf stands for; None when it is unreadable or
    holds no name (FN, or N's parts), which the adapter refuses in so many words."""
    card = _read(data)
    if card is None:
        return None
    name = _clean(_name(card))
    if not any(ch.isalnum() for ch in name):
        return None
    pairs = {
        key: value
        for key, value in (
            ("phone", _first(card, "tel")),
            ("email", _first(card, "email")),
            *_address(card),
        )
        if value
    }
    org = _org(card)
    company = PartyRef(org) if org and org != name else None
    return AddArgs("contact", name, pairs, company).line()


def is_vcard(filename: str | None, content_type: str | None) -> bool:
    """Whether a shared file is meant as a vCard, by its name or its declared type."""
    return (filename or "").lower().endswith((".vcf", ".vcard")) or (
        (content_type or "").lower() in VCARD_TYPES
    )


def unreadable(language: str) -> Reply:
    """The answer to a shared vCard that has no name (or is no vCard at all)."""
    reply = error(
        translator(language)(
            "That vCard could not be read or has no name, so no contact was added. "
            "Please give it a name (FN) and send it again."
        )
    )
    reply.language = language
    return reply


def _read(data: bytes) -> vobject.base.Component | None:
    if len(data) > MAX_VCARD_BYTES:
        return None
    try:
        card = vobject.readOne(data.decode("utf-8-sig", errors="replace"))
    except Exception:  # vobject raises many kinds (ParseError, ValueError, ...) on junk
        return None
    return card if getattr(card, "name", "").upper() == "VCARD" else None


def _name(card: vobject.base.Component) -> str:
    fn = _first(card, "fn")
    if fn:
        return fn
    n = card.contents.get("n")
    if not n:
        return ""
    value = n[0].value
    parts = (value.prefix, value.given, value.additional, value.family, value.suffix)
    return " ".join(str(p) if isinstance(p, str) else " ".join(p) for p in parts if p)


def _first(card: vobject.base.Component, key: str) -> str:
    lines = card.contents.get(key) or []
    value = lines[0].value if lines else ""
    return _clean(value) if isinstance(value, str) else ""


def _org(card: vobject.base.Component) -> str:
    lines = card.contents.get("org") or []
    value = lines[0].value if lines else ""
    return _clean(value[0] if isinstance(value, list) and value else str(value or ""))


def _address(card: vobject.base.Component) -> list[tuple[str, str]]:
    lines = card.contents.get("adr") or []
    if not lines:
        return []
    adr = lines[0].value
    street = adr.street if isinstance(adr.street, str) else " ".join(adr.street)
    city = adr.city if isinstance(adr.city, str) else " ".join(adr.city)
    return [("address", _clean(street)), ("city", _clean(city))]


def _clean(text: str) -> str:
    """No `=` (it would start a key of its own in the command line) and no line breaks."""
    return " ".join(_UNSAFE.sub(" ", text).split())
