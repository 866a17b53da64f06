"""Naming customers and colleagues: the clear best match wins, a close call becomes a question."""

from __future__ import annotations

import re
from collections.abc import Callable

from handlers.arguments import MemberRef, PartyRef
from handlers.context import Context, Refusal
from handlers.reply import Button, Item, Reply, Section
from storage import members, parties
from storage.models import Member, Party
from storage.search import NameMatch

CLEAR_SCORE = 80.0
CLEAR_MARGIN = 8.0
WEAKEST_SCORE = 55.0
STRICT_SCORE = 90.0
"""Where a wrong link does lasting harm (a contact's company, a merge, a hand-over), only a
match this close is taken without asking: "Lang & Partner Architekten" is no "Lehmann &
Partner Steuerberatung"."""
_ID_REF = re.compile(r"^#(\d{1,12})$")
_MEMBER_ID = re.compile(r"@#(\d{1,12})\b")


class Ambiguous(Exception):
    """Raised with the question to ask; the service answers with it and changes nothing."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.text)
        self.reply = reply


def resolve(
    ctx: Context,
    ref: PartyRef,
    retry: Callable[[PartyRef], str],
    *,
    strict: bool = False,
    create: Button | None = None,
) -> Party:
    """The live party `ref` names, `#12` for an id or a loose name.

    `retry(chosen)` gives the whole command line to run once the member picks a candidate,
    built from the command's typed arguments; it becomes the choice buttons. `strict` takes
    only a very close match without asking; `create` is offered beside the candidates.
    """
    t = ctx.t
    words = ref.words
    if not words.strip():
        raise Refusal(t("Which customer? Name one."), argument="customer")
    by_id = _ID_REF.match(words.strip())
    if by_id:
        return _live(ctx, int(by_id[1]), words.strip())
    matches = [m for m in search(ctx, words, limit=6) if m.score >= WEAKEST_SCORE]
    if not matches and create is None:
        raise Refusal(
            t(
                "No customer matches \u201c{words}\u201d. Add one with: add company {words}",
                words=words[:60],
            ),
            argument="customer",
        )
    chosen = _clear_winner(matches, STRICT_SCORE if strict else 0.0)
    if chosen is not None:
        party = parties.get(ctx.session, chosen.party_id)
        if party is not None and party.deleted_at is None:
            return party
    raise Ambiguous(_question(ctx, words, matches, retry, create))


def _live(ctx: Context, party_id: int, ref: str) -> Party:
    """The party of an id: a merged duplicate stands for its target; a deleted one is
    refused with the way back."""
    party = parties.target_of(ctx.session, party_id)
    if party is None:
        raise Refusal(ctx.t("There is no customer {ref}.", ref=ref), argument="customer")
    if party.deleted_at is not None:
        raise Refusal(
            ctx.t(
                "{name} is deleted. Bring it back with: restore #{id}", name=party.name, id=party.id
            ),
            argument="customer",
        )
    return party


def search(ctx: Context, words: str, limit: int) -> list[NameMatch]:
    """Name matches, with a merged duplicate's old name standing for the record it went into."""
    found: dict[int, NameMatch] = {}
    ranked = ctx.names.ranked(words, limit=limit)
    targets = parties.targets_of(ctx.session, [party_id for party_id, _score in ranked])
    for party_id, score in ranked:
        party = targets.get(party_id)
        if party is None or party.deleted_at is not None or party.id in found:
            continue
        found[party.id] = NameMatch(party.id, party.name, party.party_type, score)
    return list(found.values())


def _clear_winner(matches: list[NameMatch], floor: float) -> NameMatch | None:
    """The only match, or a strong one well ahead of the next (all are above WEAKEST_SCORE);
    never one below `floor`."""
    if not matches or matches[0].score < floor:
        return None
    best = matches[0]
    if len(matches) == 1:
        return best
    runner_up = matches[1]
    if best.score >= CLEAR_SCORE and best.score - runner_up.score >= CLEAR_MARGIN:
        return best
    return None


def _question(
    ctx: Context,
    words: str,
    matches: list[NameMatch],
    retry: Callable[[PartyRef], str],
    create: Button | None = None,
) -> Reply:
    items = tuple(
        Item(
            f"{m.name} ({ctx.t(m.party_type)})",
            (Button(m.name[:70], retry(PartyRef.of(m.party_id))),),
        )
        for m in matches[:5]
    )
    return Reply(
        text=ctx.t("Which \u201c{words}\u201d do you mean?", words=words[:60]),
        ok=False,
        argument="customer",
        sections=[Section(ctx.t("Candidates"), items)] if items else [],
        buttons=[create] if create else [],
        data={
            "ambiguous": True,
            "candidates": [
                {"id": m.party_id, "name": m.name, "score": round(m.score, 1)} for m in matches[:5]
            ],
        },
    )


def party_ids(ctx: Context, party: Party) -> list[int]:
    """The party and, for a company, its contacts: a company's story includes theirs."""
    if party.party_type == "company":
        return [party.id, *(c.id for c in parties.contacts_of(ctx.session, party.id))]
    return [party.id]


def member(ctx: Context, ref: MemberRef, retry: Callable[[MemberRef], str] | None = None) -> Member:
    """The active colleague `@name` or `@#id` names; several of one name is a question
    (with `retry`, buttons) or a refusal, never a guess."""
    if ref.member_id is not None:
        found = members.get(ctx.session, ref.member_id)
        candidates = [found] if found and found.active else []
    else:
        candidates = members.by_name(ctx.session, ref.words)
    if not candidates:
        raise Refusal(
            ctx.t(
                "There is no member \u201c{name}\u201d. Type members for the team.",
                name=ref.words[:40],
            )
        )
    if len(candidates) > 1 and retry is not None:
        raise Ambiguous(_member_question(ctx, ref, candidates, retry))
    if len(candidates) > 1:
        names = ", ".join(m.name for m in candidates[:5])
        raise Refusal(
            ctx.t(
                "\u201c{name}\u201d could be: {names}. Be more precise.",
                name=ref.words[:40],
                names=names,
            )
        )
    return candidates[0]


def _member_question(
    ctx: Context, ref: MemberRef, candidates: list[Member], retry: Callable[[MemberRef], str]
) -> Reply:
    items = tuple(
        Item(m.name, (Button(m.name[:70], retry(MemberRef(f"#{m.id}"))),)) for m in candidates[:5]
    )
    return Reply(
        text=ctx.t("Which \u201c{words}\u201d do you mean?", words=ref.words[:60]),
        ok=False,
        argument="member",
        sections=[Section(ctx.t("Candidates"), items)],
        data={
            "ambiguous": True,
            "candidates": [{"id": m.id, "name": m.name} for m in candidates[:5]],
        },
    )


def spell_mentions(ctx: Context, text: str) -> str:
    """`@#5` (how a Slack mention arrives) written as `@Bob Meyer`, so a stored note
    names the person, whatever platform shows it later."""

    def name(found: re.Match[str]) -> str:
        colleague = members.get(ctx.session, int(found[1]))
        return f"@{colleague.name}" if colleague else found[0]

    return _MEMBER_ID.sub(name, text)
