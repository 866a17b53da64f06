"""Correcting a customer: `set` fields, `tag` it, hand it to a colleague with `owner`.

Any member may set and tag (it is a team); only the owner or an admin hands a customer
over. Every change is one audited update, so `undo` and history see it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz import fuzz, process

from handlers.arguments import (
    BadArguments,
    MemberRef,
    PartyRef,
    name_and_pairs,
    pairs_line,
    take_mention,
)
from handlers.context import Context, Refusal
from handlers.customers import card_fields
from handlers.deal_moves import SetDealArgs, parse_set_deal, set_deal
from handlers.fields import KEY_ALIASES, check_name, read_fields
from handlers.i18n import translator
from handlers.lookup import member, resolve
from handlers.reply import Button, Notice, Reply, Subject
from storage import parties
from storage.models import Member, Party

CLEARABLE = ("email", "phone", "city", "address", "company")
NOT_SET_HERE = ("force", "tags")
MAX_TAG_CHARS = 40


DEAL_WORDS = ("deal", "chance")


@dataclass(frozen=True)
class SetArgs:
    customer: PartyRef
    pairs: dict[str, str]

    def line(self) -> str:
        return f"set {self.customer}{pairs_line(self.pairs)}"


@dataclass(frozen=True)
class TagArgs:
    customer: PartyRef
    add: tuple[str, ...]
    remove: tuple[str, ...]

    def line(self) -> str:
        signs = [f"+{tag}" for tag in self.add] + [f"-{tag}" for tag in self.remove]
        return f"tag {self.customer} {' '.join(signs)}"


@dataclass(frozen=True)
class OwnerArgs:
    customer: PartyRef
    owner: MemberRef

    def line(self) -> str:
        return f"owner {self.customer} {self.owner}"


def parse_set(text: str, ctx: Context) -> SetArgs | SetDealArgs:
    """`set <customer> key=value ...`, or `set deal <id> key=value ...` for a deal."""
    kind, _, deal_words = text.strip().partition(" ")
    if kind.lower() in DEAL_WORDS:
        return parse_set_deal(deal_words, ctx)
    parsed = name_and_pairs(text)
    if not parsed.name or not parsed.pairs:
        raise BadArguments(ctx.t("Which customer, and what to change?"))
    for key in parsed.pairs:
        close = process.extractOne(key, list(KEY_ALIASES), scorer=fuzz.ratio, score_cutoff=80)
        if key in NOT_SET_HERE or (key not in KEY_ALIASES and key != "name" and close):
            raise BadArguments(ctx.t("Unknown: {keys}.", keys=key))
    return SetArgs(PartyRef(parsed.name), parsed.pairs)


def set_anything(args: SetArgs | SetDealArgs, ctx: Context) -> Reply:
    if isinstance(args, SetDealArgs):
        return set_deal(args, ctx)
    return set_fields(args, ctx)


def set_fields(args: SetArgs, ctx: Context) -> Reply:
    """`set <customer> key=value ...`: validated as `add` validates; `key=` clears."""
    t = ctx.t
    party = resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
    changes = _changes(ctx, args, party)
    before = {key: _shown(getattr(party, key)) for key in changes}
    parties.update(ctx.session, ctx.member.id, party, **changes)
    changed = {key: [before[key], _shown(getattr(party, key))] for key in changes}
    return Reply(
        text=t("{name} changed: {fields}.", name=party.name, fields=", ".join(changed)),
        fields=card_fields(ctx, party),
        buttons=[Button(t("Undo"), "undo")],
        subject=Subject("party", party.id, party.name),
        data={"id": party.id, "changed": changed},
    )


def _changes(ctx: Context, args: SetArgs, party: Party) -> dict[str, Any]:
    pairs = dict(args.pairs)
    changes: dict[str, Any] = {}
    name = pairs.pop("name", None)
    if name is not None:
        changes["name"] = check_name(ctx.t, name)
    cleared = {key for key, value in pairs.items() if not value.strip()}
    values = read_fields(ctx, {k: v for k, v in pairs.items() if k not in cleared})
    custom = dict(party.custom)
    for key in cleared:
        field = KEY_ALIASES.get(key)
        if field in CLEARABLE:
            changes["company_id" if field == "company" else field] = None
        elif field is None:
            custom.pop(key[:40], None)
        else:
            raise Refusal(ctx.t("{key} cannot be empty.", key=key))
    company = values.pop("company", None)
    if company is not None:
        changes["company_id"] = _company(ctx, args, party, company).id
    custom.update(values.pop("custom"))
    changes.update(values)
    if custom != party.custom:
        changes["custom"] = custom
    return changes


def _company(ctx: Context, args: SetArgs, party: Party, words: str) -> Party:
    if party.party_type != "contact":
        raise Refusal(ctx.t("A company cannot belong to a company."))
    ref = PartyRef(words)
    company = resolve(
        ctx,
        ref,
        lambda chosen: replace(args, pairs={**args.pairs, "company": str(chosen)}).line(),
        strict=True,
    )
    if company.party_type != "company":
        raise Refusal(ctx.t("{name} is not a company.", name=company.name))
    return company


def _shown(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def parse_tag(text: str, ctx: Context) -> TagArgs:
    words = text.split()
    signs = [w for w in words if w[:1] in "+-" and len(w) > 1]
    customer = " ".join(w for w in words if w not in signs)
    if not customer or not signs or any(len(w) > MAX_TAG_CHARS for w in signs):
        raise BadArguments(ctx.t("Which customer, and which tags (+a -b)?"))
    add = tuple(w[1:].lower() for w in signs if w[0] == "+")
    remove = tuple(w[1:].lower() for w in signs if w[0] == "-")
    return TagArgs(PartyRef(customer), add, remove)


def tag(args: TagArgs, ctx: Context) -> Reply:
    """`tag <customer> +a -b`."""
    party = resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
    tags = sorted((set(party.tags) | set(args.add)) - set(args.remove))
    parties.update(ctx.session, ctx.member.id, party, tags=tags)
    shown = ", ".join(tags) or ctx.t("none")
    return Reply(
        text=ctx.t("Tags of {name}: {tags}", name=party.name, tags=shown),
        buttons=[Button(ctx.t("Undo"), "undo")],
        subject=Subject("party", party.id, party.name),
        data={"id": party.id, "tags": tags},
    )


def parse_owner(text: str, ctx: Context) -> OwnerArgs:
    customer, mention = take_mention(text)
    if mention is None or not customer.strip():
        raise BadArguments(ctx.t("Which customer, and to whom (@name)?"))
    return OwnerArgs(PartyRef(customer.strip()), mention)


def owner(args: OwnerArgs, ctx: Context) -> Reply:
    """`owner <customer> @member`: hand a customer over; the new owner is told."""
    t = ctx.t
    party = resolve(
        ctx, args.customer, lambda chosen: replace(args, customer=chosen).line(), strict=True
    )
    may_change(ctx, party, t("hand it over"))
    colleague = member(ctx, args.owner, lambda chosen: replace(args, owner=chosen).line())
    parties.update(ctx.session, ctx.member.id, party, owner_id=colleague.id)
    reply = Reply(
        text=t("{name} is now looked after by {who}.", name=party.name, who=colleague.name),
        buttons=[Button(t("Undo"), "undo")],
        subject=Subject("party", party.id, party.name),
        data={"id": party.id, "owner": colleague.name},
    )
    if colleague.id != ctx.member.id:
        reply.notices.append(Notice(colleague.id, _handed_over(ctx, colleague, party)))
    return reply


def _handed_over(ctx: Context, colleague: Member, party: Party) -> Reply:
    """What the new owner is told, in their language."""
    t = translator(colleague.language)
    return Reply(
        text=t("{who} handed {name} to you.", who=ctx.member.name, name=party.name),
        buttons=[Button(t("Show"), f"show {PartyRef.of(party.id)}")],
        data={"party_id": party.id},
    )


def may_change(ctx: Context, party: Party, what: str) -> None:
    """Only the owner or an admin deletes, merges or hands over a customer."""
    if ctx.member.is_admin or party.owner_id in (None, ctx.member.id):
        return
    owner_name = party.owner.name if party.owner else "?"
    raise Refusal(
        ctx.t(
            "Only {owner} (the owner of {name}) or an admin may {what}.",
            owner=owner_name,
            name=party.name,
            what=what,
        )
    )
