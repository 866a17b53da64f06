"""Adding and finding customers: companies and their contacts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from handlers.arguments import BadArguments, PartyRef, name_and_pairs, pairs_line
from handlers.context import Context, Refusal
from handlers.fields import check_name, read_fields
from handlers.lookup import Ambiguous, resolve
from handlers.reply import Button, Field, Item, Reply, Section, Subject
from storage import parties
from storage.models import Party

FIND_LIMIT = 10
YES = ("yes", "ja", "1", "true")
TYPE_WORDS = {"company": "company", "firma": "company", "contact": "contact", "kontakt": "contact"}


@dataclass(frozen=True)
class AddArgs:
    """`add company|contact <name> [key=value ...]`; `company` names a contact's company."""

    party_type: str
    name: str
    pairs: dict[str, str]
    company: PartyRef | None = None
    new_company: bool = False
    """`newcompany=yes`: the company named is added with the contact (a button offers it)."""

    def line(self) -> str:
        company = f" company={self.company}" if self.company else ""
        new = " newcompany=yes" if self.new_company else ""
        return f"add {self.party_type} {self.name}{pairs_line(self.pairs)}{company}{new}"


def parse_add(text: str, ctx: Context) -> AddArgs:
    kind_word, _, rest = text.partition(" ")
    party_type = TYPE_WORDS.get(kind_word.lower())
    if party_type is None:
        raise BadArguments(ctx.t("Add what?"))
    parsed = name_and_pairs(rest)
    pairs = dict(parsed.pairs)
    company_words = pairs.pop("company", None) or pairs.pop("firma", None)
    new_company = pairs.pop("newcompany", "").lower() in YES
    if company_words and party_type == "company":
        raise Refusal(ctx.t("A company cannot belong to a company."))
    company = PartyRef(company_words) if company_words else None
    return AddArgs(party_type, check_name(ctx.t, parsed.name), pairs, company, new_company)


def add(args: AddArgs, ctx: Context) -> Reply:
    """Add a company, or a contact (at a company named loosely, asked about when unclear)."""
    t = ctx.t
    values = read_fields(ctx, args.pairs)
    if values.pop("force", "").lower() not in YES:
        _ask_about_duplicates(ctx, args, values)
    if args.party_type == "company":
        party: Party = parties.add_company(ctx.session, ctx.member.id, args.name, **values)
    else:
        company = _company(ctx, args) if args.company else None
        party = parties.add_contact(ctx.session, ctx.member.id, args.name, company, **values)
    text = (
        t("Company {name} added (#{id}).")
        if args.party_type == "company"
        else t("Contact {name} added (#{id}).")
    )
    return Reply(
        text=text.format(name=party.name, id=party.id),
        fields=card_fields(ctx, party),
        buttons=[Button(t("Show"), f"show {PartyRef.of(party.id)}")],
        subject=Subject("party", party.id, party.name),
        data={"id": party.id, "name": party.name, "type": party.party_type},
    )


def _ask_about_duplicates(ctx: Context, args: AddArgs, values: dict[str, Any]) -> None:
    """The same customer twice splits its history in two: a near-duplicate (same name but
    for the legal form, same phone, same e-mail) is offered first."""
    twins = parties.near_duplicates(
        ctx.session, args.party_type, args.name, values.get("phone"), values.get("email")
    )
    if not twins:
        return
    t = ctx.t
    twin = twins[0]
    anyway = replace(args, pairs={**args.pairs, "force": "yes"}).line()
    raise Ambiguous(
        Reply(
            text=t(
                "{name} looks like a customer you have already (#{id}). Add it anyway?",
                name=args.name,
                id=twin.id,
            ),
            ok=False,
            sections=[
                Section(
                    t("Already there"),
                    tuple(
                        Item(
                            f"#{p.id} {p.name}",
                            (Button(t("Show"), f"show {PartyRef.of(p.id)}"),),
                        )
                        for p in twins[:5]
                    ),
                )
            ],
            buttons=[
                Button(t("Show"), f"show {PartyRef.of(twin.id)}"),
                Button(t("Merge"), f"set {PartyRef.of(twin.id)}{pairs_line(args.pairs)}"),
                Button(t("Add anyway"), anyway),
            ],
            data={"duplicate": True, "id": twin.id, "candidates": [p.id for p in twins[:5]]},
        )
    )


def _company(ctx: Context, args: AddArgs) -> Party:
    assert args.company is not None
    if args.new_company:
        name = check_name(ctx.t, args.company.words)
        return parties.add_company(ctx.session, ctx.member.id, name)
    create = Button(
        ctx.t("Add company {name}", name=args.company.words[:60]),
        replace(args, new_company=True).line(),
    )
    company = resolve(
        ctx,
        args.company,
        lambda chosen: replace(args, company=chosen).line(),
        strict=True,
        create=create,
    )
    if company.party_type != "company":
        raise Refusal(ctx.t("{name} is not a company.", name=company.name))
    return company


def card_fields(ctx: Context, party: Party) -> list[Field]:
    """The key facts of a customer, in the order a caller needs them."""
    t = ctx.t
    facts = [
        (t("Kind"), t(party.relationship_kind)),
        (t("Company"), party.company.name if party.company else None),
        (t("Phone"), party.phone),
        (t("E-mail"), party.email),
        (t("Address"), party.address),
        (t("City"), party.city),
        (t("Tags"), ", ".join(party.tags) if party.tags else None),
        (t("Owner"), party.owner.name if party.owner else None),
    ]
    facts += [(key, str(value)) for key, value in sorted(party.custom.items())]
    return [Field(label, value) for label, value in facts if value]
