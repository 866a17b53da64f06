"""Adding and finding customers: companies and their contacts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from handlers.arguments import BadArguments, PartyRef, name_and_pairs, pairs_line
from handlers.context import Context, Refusal
from handlers.fields import read_fields
from handlers.lookup import resolve
from handlers.reply import Button, Field, Item, Reply, Section, Subject
from storage import parties
from storage.models import Party

MAX_NAME_CHARS = 200
FIND_LIMIT = 10
TYPE_WORDS = {"company": "company", "firma": "company", "contact": "contact", "kontakt": "contact"}


@dataclass(frozen=True)
class AddArgs:
    """`add company|contact <name> [key=value ...]`; `company` names a contact's company."""

    party_type: str
    name: str
    pairs: dict[str, str]
    company: PartyRef | None = None

    def line(self) -> str:
        company = f" company={self.company}" if self.company else ""
        return f"add {self.party_type} {self.name}{pairs_line(self.pairs)}{company}"


def parse_add(text: str, ctx: Context) -> AddArgs:
    kind_word, _, rest = text.partition(" ")
    party_type = TYPE_WORDS.get(kind_word.lower())
    if party_type is None:
        raise BadArguments(ctx.t("Add what?"))
    parsed = name_and_pairs(rest)
    pairs = dict(parsed.pairs)
    company_words = pairs.pop("company", None) or pairs.pop("firma", None)
    if company_words and party_type == "company":
        raise Refusal(ctx.t("A company cannot belong to a company."))
    company = PartyRef(company_words) if company_words else None
    return AddArgs(party_type, _checked_name(ctx, parsed.name), pairs, company)


def add(args: AddArgs, ctx: Context) -> Reply:
    """Add a company, or a contact (at a company named loosely, asked about when unclear)."""
    t = ctx.t
    values = read_fields(ctx, args.pairs)
    _refuse_duplicate(ctx, args.party_type, args.name, values.pop("force", ""))
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


def _checked_name(ctx: Context, name: str) -> str:
    if not any(ch.isalnum() for ch in name):
        raise Refusal(ctx.t("Please give a name."))
    if len(name) > MAX_NAME_CHARS:
        raise Refusal(
            ctx.t("That name is too long (at most {limit} characters).", limit=MAX_NAME_CHARS)
        )
    return name


def _refuse_duplicate(ctx: Context, party_type: str, name: str, force: str) -> None:
    """The same company twice splits its history in two; ask before doing that."""
    if force.lower() in ("yes", "ja", "1", "true"):
        return
    twins = [p for p in parties.with_exact_key(ctx.session, name) if p.party_type == party_type]
    if twins:
        raise Refusal(
            ctx.t(
                "{name} exists already (#{id}). To add it anyway, append force=yes.",
                name=twins[0].name,
                id=twins[0].id,
            ),
            id=twins[0].id,
        )


def _company(ctx: Context, args: AddArgs) -> Party:
    assert args.company is not None
    company = resolve(ctx, args.company, lambda chosen: replace(args, company=chosen).line())
    if company.party_type != "company":
        raise Refusal(ctx.t("{name} is not a company.", name=company.name))
    return company


def parse_find(text: str, ctx: Context) -> str:
    if not text.strip():
        raise BadArguments(ctx.t("Find what?"))
    return text.strip()


def find(words: str, ctx: Context) -> Reply:
    """`find <words>`: ranked matches, each company with a few of its contacts."""
    t = ctx.t
    matches = ctx.names.search(words, limit=FIND_LIMIT)
    if not matches:
        return Reply(
            text=t("Nothing found for \u201c{words}\u201d.", words=words[:60]), data={"matches": []}
        )
    companies = [m.party_id for m in matches if m.party_type == "company"]
    people_of = parties.contacts_of_many(ctx.session, companies, per_company=3)
    items = []
    for match in matches:
        line = f"#{match.party_id} {match.name} ({t(match.party_type)})"
        if match.party_type == "company":
            people = people_of.get(match.party_id, [])
            if people:
                line += " \u2014 " + ", ".join(p.name for p in people)
        items.append(Item(line, (Button(t("Show"), f"show {PartyRef.of(match.party_id)}"),)))
    data: dict[str, Any] = {
        "matches": [
            {"id": m.party_id, "name": m.name, "type": m.party_type, "score": round(m.score, 1)}
            for m in matches
        ]
    }
    only = matches[0] if len(matches) == 1 else None
    return Reply(
        text=t.plural(
            "{count} found for \u201c{words}\u201d:",
            "{count} found for \u201c{words}\u201d:",
            len(matches),
            words=words[:60],
        ),
        sections=[Section(t("Matches"), tuple(items))],
        subject=Subject("party", only.party_id, only.name) if only else None,
        data=data,
    )


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
