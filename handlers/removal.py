"""Taking records away and back: `delete`, `restore`, `merge ... into ...`.

A delete is soft: the row stays, hidden from find, lists and reminders (its follow-ups
are paused), and `restore` or `undo` brings it back whole. A merge moves everything of a
duplicate to the record that stays; the duplicate's old name still finds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from handlers.arguments import BadArguments, PartyRef, record_id
from handlers.context import Context, Refusal
from handlers.editing import may_change
from handlers.lookup import resolve
from handlers.reply import Button, Field, Reply, Subject
from storage import merging, parties

_INTO = re.compile(r"\s+(?:into|in)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class DeleteArgs:
    customer: PartyRef

    def line(self) -> str:
        return f"delete {self.customer}"


@dataclass(frozen=True)
class MergeArgs:
    duplicate: PartyRef
    target: PartyRef

    def line(self) -> str:
        return f"merge {self.duplicate} into {self.target}"


def parse_delete(text: str, ctx: Context) -> DeleteArgs:
    if not text.strip():
        raise BadArguments(ctx.t("Which customer? Name one."))
    return DeleteArgs(PartyRef(text.strip()))


def delete(args: DeleteArgs, ctx: Context) -> Reply:
    """`delete <customer>` (its owner or an admin): hidden, follow-ups paused, restorable."""
    t = ctx.t
    party = resolve(
        ctx, args.customer, lambda chosen: replace(args, customer=chosen).line(), strict=True
    )
    may_change(ctx, party, t("delete it"))
    hidden = parties.soft_delete(ctx.session, ctx.member.id, party, ctx.now)
    text = t("{name} deleted (#{id}).", name=party.name, id=party.id)
    if len(hidden) > 1:
        text += " " + t.plural(
            "{count} contact went with it.", "{count} contacts went with it.", len(hidden) - 1
        )
    return Reply(
        text=text,
        buttons=[Button(t("Undo"), "undo", "primary")],
        data={"id": party.id, "deleted": [row.id for row in hidden]},
    )


def parse_restore(text: str, ctx: Context) -> int:
    return record_id(text, ctx.t("Which customer? Give its number."))


def restore(party_id: int, ctx: Context) -> Reply:
    """`restore <id>`: a deleted customer back with its contacts and follow-ups."""
    t = ctx.t
    party = parties.get(ctx.session, party_id)
    if party is None:
        raise Refusal(t("There is no customer {ref}.", ref=f"#{party_id}"))
    if party.merged_into_id is not None:
        raise Refusal(t("{name} was merged into #{id}.", name=party.name, id=party.merged_into_id))
    if party.deleted_at is None:
        raise Refusal(t("{name} is not deleted.", name=party.name))
    back = parties.restore(ctx.session, ctx.member.id, party)
    return Reply(
        text=t("{name} is back (#{id}).", name=party.name, id=party.id),
        buttons=[Button(t("Show"), f"show {PartyRef.of(party.id)}")],
        subject=Subject("party", party.id, party.name),
        data={"id": party.id, "restored": [row.id for row in back]},
    )


def parse_merge(text: str, ctx: Context) -> MergeArgs:
    parts = _INTO.split(text.strip())
    if len(parts) != 2 or not all(part.strip() for part in parts):
        raise BadArguments(ctx.t("Merge which customer into which?"))
    return MergeArgs(PartyRef(parts[0].strip()), PartyRef(parts[1].strip()))


def merge(args: MergeArgs, ctx: Context) -> Reply:
    """`merge <duplicate> into <customer>`: everything moves; conflicting fields are listed."""
    t = ctx.t
    duplicate = resolve(
        ctx, args.duplicate, lambda chosen: replace(args, duplicate=chosen).line(), strict=True
    )
    target = resolve(
        ctx, args.target, lambda chosen: replace(args, target=chosen).line(), strict=True
    )
    if duplicate.id == target.id:
        raise Refusal(t("{name} cannot be merged into itself.", name=target.name))
    if duplicate.party_type != target.party_type:
        raise Refusal(t("Only a company into a company, or a contact into a contact."))
    may_change(ctx, duplicate, t("merge it"))
    may_change(ctx, target, t("merge it"))
    result = merging.merge(ctx.session, ctx.member.id, duplicate, target, ctx.now)
    counts = {name: len(ids) for name, ids in result.moved.items()}
    text = t(
        "{old} merged into {name} (#{id}).", old=duplicate.name, name=target.name, id=target.id
    )
    if result.conflicts:
        text += "\n" + t("Kept {name}'s values; the duplicate's differed:", name=target.name)
    return Reply(
        text=text,
        fields=[
            Field(key, f"{kept} \u2190 {dropped}")
            for key, (kept, dropped) in result.conflicts.items()
        ],
        buttons=[Button(t("Show"), f"show {PartyRef.of(target.id)}"), Button(t("Undo"), "undo")],
        subject=Subject("party", target.id, target.name),
        data={
            "id": target.id,
            "merged": duplicate.id,
            "moved": counts,
            "conflicts": {k: [str(a), str(b)] for k, (a, b) in result.conflicts.items()},
        },
    )
