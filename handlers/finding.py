"""`find`: customers by a loose name, a phone number in any notation or an e-mail address;
`find notes: <words>` searches what was logged."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from handlers.arguments import BadArguments, PartyRef
from handlers.cards import activity_item
from handlers.context import Context
from handlers.lookup import search
from handlers.reply import Button, Item, Reply, Section, Subject
from storage import activities, notes, parties
from storage.keys import phone_key

FIND_LIMIT = 10
NOTES_WORDS = ("notes", "note", "notizen", "notiz")
_PHONE_LIKE = re.compile(r"^[+(]?[\d\s()/.\-]{6,}$")
_EMAIL_LIKE = re.compile(r"^[^@\s]+@[^@\s]+$")


@dataclass(frozen=True)
class FindArgs:
    words: str
    notes: bool = False


def parse_find(text: str, ctx: Context) -> FindArgs:
    words = text.strip()
    head, colon, rest = words.partition(":")
    if colon and head.strip().lower() in NOTES_WORDS:
        if not notes.NoteQuery.of(rest).words:
            raise BadArguments(ctx.t("Find which words in the notes?"))
        return FindArgs(rest.strip(), notes=True)
    if not words:
        raise BadArguments(ctx.t("Find what?"))
    return FindArgs(words)


def find(args: FindArgs, ctx: Context) -> Reply:
    """Notes, a phone number, an e-mail address or a name, whichever the words are."""
    if args.notes:
        return _find_notes(ctx, args.words)
    if _PHONE_LIKE.match(args.words) or _EMAIL_LIKE.match(args.words):
        return _find_reachable(ctx, args.words)
    return _find_names(ctx, args.words)


def _find_reachable(ctx: Context, words: str) -> Reply:
    """By number or address: exact, so "030/1234567" finds "+49 30 1234567"."""
    email = words if "@" in words else None
    phone = None if email else phone_key(words)
    found = parties.by_phone_or_email(ctx.session, phone, email)
    matches = [(p.id, p.name, p.party_type, 100.0) for p in found]
    return _answer(ctx, words, matches)


def _find_names(ctx: Context, words: str) -> Reply:
    matches = [(m.party_id, m.name, m.party_type, m.score) for m in search(ctx, words, FIND_LIMIT)]
    return _answer(ctx, words, matches)


def _answer(ctx: Context, words: str, matches: list[tuple[int, str, str, float]]) -> Reply:
    t = ctx.t
    if not matches:
        return Reply(
            text=t("Nothing found for \u201c{words}\u201d.", words=words[:60]), data={"matches": []}
        )
    companies = [party_id for party_id, _name, kind, _score in matches if kind == "company"]
    people_of = parties.contact_names_of_many(ctx.session, companies, per_company=3)
    items = []
    for party_id, name, party_type, _score in matches:
        line = f"#{party_id} {name} ({t(party_type)})"
        if party_type == "company":
            people = people_of.get(party_id, [])
            if people:
                line += " \u2014 " + ", ".join(people)
        items.append(Item(line, (Button(t("Show"), f"show {PartyRef.of(party_id)}"),)))
    data: dict[str, Any] = {
        "matches": [{"id": i, "name": n, "type": k, "score": round(s, 1)} for i, n, k, s in matches]
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
        subject=Subject("party", only[0], only[1]) if only else None,
        data=data,
    )


def _find_notes(ctx: Context, words: str) -> Reply:
    """Logged text holding every word, best match first (the database's full-text rank)."""
    t = ctx.t
    ids = notes.search(ctx.session, notes.NoteQuery.of(words), FIND_LIMIT)
    found = activities.by_ids(ctx.session, ids)
    if not found:
        return Reply(
            text=t("No notes hold \u201c{words}\u201d.", words=words[:60]), data={"notes": []}
        )
    return Reply(
        text=t.plural(
            "{count} note holds \u201c{words}\u201d:",
            "{count} notes hold \u201c{words}\u201d:",
            len(found),
            words=words[:60],
        ),
        sections=[Section(t("Notes"), tuple(activity_item(ctx, a) for a in found))],
        data={
            "notes": [
                {"id": a.id, "customer": a.party.name, "customer_id": a.party_id, "text": a.text}
                for a in found
            ]
        },
    )
