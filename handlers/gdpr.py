"""`gdpr export <person>` and `gdpr erase <person>` (admins): a data subject's requests
under the GDPR (DSGVO), Art. 15 (access) and Art. 17 (erasure).

The export is one JSON file of everything stored about the person (storage.person_data).
Erasure asks first, with a button carrying the person's id (`gdpr erase #12 confirm=yes`),
then anonymises their record and takes their name, e-mail and phone out of every table
(storage.erasure); files waiting for an Import button are dropped, since the scan of text
columns cannot read them. Both are audited; the erasure's entry says that it happened and when,
nothing of what was erased. The answers name the person by id only, since the journal
keeps each answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from handlers.arguments import BadArguments, PartyRef, name_and_pairs
from handlers.context import Context
from handlers.lookup import resolve
from handlers.reply import Attachment, Button, Reply
from storage import audit, uploads
from storage.erasure import anonymise, merged_into, scrub
from storage.models import Party
from storage.needles import needles_of
from storage.person_data import gather

ACTIONS = {"export": "export", "auskunft": "export", "erase": "erase", "löschen": "erase"}
YES = ("yes", "ja")


@dataclass(frozen=True)
class GdprArgs:
    action: str
    person: PartyRef
    confirmed: bool = False

    def line(self) -> str:
        return f"gdpr {self.action} {self.person}" + (" confirm=yes" if self.confirmed else "")


def parse(text: str, ctx: Context) -> GdprArgs:
    word, _, rest = text.strip().partition(" ")
    action = ACTIONS.get(word.lower())
    parsed = name_and_pairs(rest)
    if action is None or not parsed.name:
        raise BadArguments(ctx.t("Say export or erase, and whom."))
    confirmed = parsed.pairs.get("confirm", "").lower() in YES
    return GdprArgs(action, PartyRef(parsed.name), confirmed)


def gdpr(args: GdprArgs, ctx: Context) -> Reply:
    party = resolve(ctx, args.person, lambda chosen: replace(args, person=chosen).line())
    by_id = replace(args, person=PartyRef.of(party.id))
    if args.action == "export":
        return _export(ctx, party)
    if not args.confirmed:
        return Reply(
            text=ctx.t(
                "Erase {name} (#{id}) and everything stored about them? "
                "Notes on other records are redacted. This cannot be undone.",
                name=party.name,
                id=party.id,
            ),
            ok=False,
            buttons=[
                Button(ctx.t("Erase for good"), replace(by_id, confirmed=True).line(), "danger")
            ],
            data={"id": party.id, "confirm": True},
        )
    return _erase(ctx, party)


def _export(ctx: Context, party: Party) -> Reply:
    party_id = party.id
    found = gather(ctx.session, party)
    found["exported_at"] = ctx.now.isoformat()
    data = json.dumps(found, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    audit.record_values(
        ctx.session, ctx.member.id, "parties", party_id, "gdpr_export", None,
        {"exported_at": ctx.now.isoformat()},
    )  # fmt: skip
    filename = f"gdpr-export-{party_id}.json"
    return Reply(
        text=ctx.t("Everything stored about #{id}: {file}", id=party_id, file=filename),
        attachment=Attachment(filename, "application/json", data),
        data={"id": party_id, "file": filename, "counts": _counts(found)},
    )


def _erase(ctx: Context, party: Party) -> Reply:
    party_id = party.id
    people = merged_into(ctx.session, party)
    needles = needles_of(people)
    marker = ctx.t("contact erased on {day}", day=ctx.now.date().isoformat())
    for person in people:
        anonymise(ctx.session, person, marker, ctx.now)
    changed = scrub(ctx.session, needles)
    uploads.discard_all(ctx.session)
    audit.record_values(
        ctx.session, ctx.member.id, "parties", party_id, "gdpr_erase", None,
        {"erased_at": ctx.now.isoformat()},
    )  # fmt: skip
    return Reply(
        text=ctx.t.plural(
            "#{id} is erased: the record is anonymised and {count} row was redacted.",
            "#{id} is erased: the record is anonymised and {count} rows were redacted.",
            changed,
            id=party_id,
        ),
        data={"id": party_id, "erased": True, "redacted": changed},
    )


def _counts(found: dict[str, object]) -> dict[str, int]:
    return {key: len(value) for key, value in found.items() if isinstance(value, list)}
