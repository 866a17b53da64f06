"""Adding and finding customers: companies and their contacts."""

from __future__ import annotations

from typing import Any

from handlers.args import name_and_pairs
from handlers.command import Command
from handlers.context import Context, Refusal
from handlers.fields import read_fields
from handlers.lookup import resolve
from handlers.reply import Button, Field, Item, Reply, Section
from storage import parties
from storage.models import Party

MAX_NAME_CHARS = 200
FIND_LIMIT = 10
TYPE_WORDS = {"company": "company", "firma": "company", "contact": "contact", "kontakt": "contact"}


def add(command: Command, ctx: Context) -> Reply:
    """`add company <name> [key=value ...]` or `add contact <name> [company=<name>] ...`."""
    t = ctx.t
    kind_word, _, rest = command.args.partition(" ")
    party_type = TYPE_WORDS.get(kind_word.lower())
    if party_type is None:
        raise Refusal(t("Add what? Use: add company <name> or add contact <name>"))
    parsed = name_and_pairs(rest)
    name = _checked_name(ctx, parsed.name)
    values = read_fields(ctx, parsed.pairs)
    _refuse_duplicate(ctx, party_type, name, values.pop("force", ""))
    company_words = values.pop("company", None)
    if party_type == "company":
        if company_words:
            raise Refusal(t("A company cannot belong to a company."))
        party: Party = parties.add_company(ctx.session, ctx.member.id, name, **values)
    else:
        company = _company(ctx, company_words, command) if company_words else None
        party = parties.add_contact(ctx.session, ctx.member.id, name, company, **values)
    text = (
        t("Company {name} added (#{id}).")
        if party_type == "company"
        else t("Contact {name} added (#{id}).")
    )
    return Reply(
        text=text.format(name=party.name, id=party.id),
        fields=card_fields(ctx, party),
        buttons=[Button(t("Show"), f"show #{party.id}")],
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


def _company(ctx: Context, words: str, command: Command) -> Party:
    def retry(ref: str) -> str:
        return command.text.replace(f"company={words}", f"company={ref}")

    company = resolve(ctx, words, retry)
    if company.party_type != "company":
        raise Refusal(ctx.t("{name} is not a company.", name=company.name))
    return company


def find(command: Command, ctx: Context) -> Reply:
    """`find <words>`: ranked matches, each company with a few of its contacts."""
    t = ctx.t
    words = command.args
    if not words:
        raise Refusal(t("Find what? Use: find <name>"))
    matches = ctx.names.search(words, limit=FIND_LIMIT)
    if not matches:
        return Reply(
            text=t("Nothing found for \u201c{words}\u201d.", words=words[:60]), data={"matches": []}
        )
    items = []
    for match in matches:
        line = f"#{match.party_id} {match.name} ({t(match.party_type)})"
        if match.party_type == "company":
            people = parties.contacts_of(ctx.session, match.party_id)[:3]
            if people:
                line += " \u2014 " + ", ".join(p.name for p in people)
        items.append(Item(line, (Button(t("Show"), f"show #{match.party_id}"),)))
    data: dict[str, Any] = {
        "matches": [
            {"id": m.party_id, "name": m.name, "type": m.party_type, "score": round(m.score, 1)}
            for m in matches
        ]
    }
    return Reply(
        text=t("{count} found for \u201c{words}\u201d:", count=len(matches), words=words[:60]),
        sections=[Section(t("Matches"), tuple(items))],
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
