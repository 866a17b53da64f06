"""The customer card (`show`) and the customer's story (`history`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from handlers.analytics import abc
from handlers.arguments import BadArguments, PartyRef
from handlers.context import Context
from handlers.customers import card_fields
from handlers.deal_views import card_sections, stage_changes_section
from handlers.followups import followup_item
from handlers.listing import customer_data, feed_line
from handlers.lookup import party_ids, resolve
from handlers.reply import Item, Reply, Section, Subject
from storage import activities, audit, followups, parties
from storage.models import Activity, Party

CARD_ACTIVITIES = 5
HISTORY_LIMIT = 20


@dataclass(frozen=True)
class CustomerArgs:
    """`<verb> <customer>`, for the verbs that take only a customer."""

    verb: str
    customer: PartyRef

    def line(self) -> str:
        return f"{self.verb} {self.customer}"


def parse_customer(verb: str) -> Callable[[str, Context], CustomerArgs]:
    def parse(text: str, ctx: Context) -> CustomerArgs:
        if not text.strip():
            raise BadArguments(ctx.t("Which customer? Name one."))
        return CustomerArgs(verb, PartyRef(text.strip()))

    return parse


def show(args: CustomerArgs, ctx: Context) -> Reply:
    """`show <customer>`: key facts, owner, contacts, last activities, open follow-ups."""
    t = ctx.t
    party = resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
    ids = party_ids(ctx, party)
    sections = []
    if party.party_type == "company":
        people = parties.contacts_of(ctx.session, party.id)
        if people:
            sections.append(
                Section(
                    t("Contacts"),
                    tuple(_contact_item(ctx, p) for p in people[:10]),
                    max(0, len(people) - 10),
                )
            )
    recent = activities.recent(ctx.session, ids, CARD_ACTIVITIES + 1)
    sections.append(
        Section(
            t("Last activities"),
            tuple(activity_item(ctx, a) for a in recent[:CARD_ACTIVITIES])
            or (Item(t("none yet")),),
        )
    )
    sections += card_sections(ctx, ids)
    open_items = followups.open_for_parties(ctx.session, ids)
    sections.append(
        Section(
            t("Open follow-ups"),
            tuple(followup_item(ctx, f) for f in open_items[:10]) or (Item(t("none")),),
            max(0, len(open_items) - 10),
        )
    )
    return Reply(
        text=t("{type} #{id}", type=t(party.party_type).capitalize(), id=party.id),
        title=party.name,
        fields=card_fields(ctx, party) + abc.card_fields(ctx, party),
        sections=sections,
        subject=Subject("party", party.id, party.name),
        data={**customer_data(party), "customer": party.name},
    )


def history(args: CustomerArgs, ctx: Context) -> Reply:
    """`history <customer>`: every activity, newest first, and the follow-ups."""
    t = ctx.t
    party = resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
    ids = party_ids(ctx, party)
    logged = activities.recent(ctx.session, ids, HISTORY_LIMIT + 1)
    tasks = followups.all_for_parties(ctx.session, ids, HISTORY_LIMIT)
    changes = audit.changes_of(
        ctx.session, {"parties": ids, "followups": [f.id for f in tasks]}, HISTORY_LIMIT
    )
    sections = [
        Section(
            t("Activities"),
            tuple(activity_item(ctx, a) for a in logged[:HISTORY_LIMIT]) or (Item(t("none yet")),),
            1 if len(logged) > HISTORY_LIMIT else 0,
        ),
        Section(
            t("Follow-ups"),
            tuple(followup_item(ctx, f, with_status=True) for f in tasks) or (Item(t("none")),),
        ),
        Section(
            t("Who changed what"),
            tuple(Item(feed_line(ctx, entry)) for entry in changes) or (Item(t("none")),),
        ),
    ]
    moves = stage_changes_section(ctx, ids, HISTORY_LIMIT)
    if moves is not None:
        sections.append(moves)
    return Reply(
        text=t("History of {name}", name=party.name),
        title=party.name,
        sections=sections,
        subject=Subject("party", party.id, party.name),
        data={
            "id": party.id,
            "activities": len(logged[:HISTORY_LIMIT]),
            "logged": [activity_data(ctx, a) for a in logged[:HISTORY_LIMIT]],
            "followups": len(tasks),
            "changes": [feed_line(ctx, entry) for entry in changes],
        },
    )


def activity_item(ctx: Context, activity: Activity) -> Item:
    who = activity.member.name
    about = f" ({activity.party.name})" if activity.party else ""
    return Item(
        f"{ctx.moment(activity.occurred_at)} \u00b7 {ctx.t(activity.kind)} \u00b7 {who}{about}: {activity.text}"
    )


def activity_data(ctx: Context, activity: Activity) -> dict[str, object]:
    return {
        "id": activity.id,
        "customer_id": activity.party_id,
        "kind": activity.kind,
        "text": activity.text,
        "occurred_at": ctx.local_iso(activity.occurred_at),
        "member": activity.member.name,
    }


def _contact_item(ctx: Context, person: Party) -> Item:
    reach = " \u00b7 ".join(v for v in (person.phone, person.email) if v)
    return Item(f"#{person.id} {person.name}" + (f" \u2014 {reach}" if reach else ""))
