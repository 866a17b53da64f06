"""`undo`: take back the member's own last change, and `reopen` a follow-up closed by mistake.

Undo reads the audit trail (storage.reverting): the newest command of this member that
changed records within the last 30 minutes, taken back whole; a further undo reaches the
command before. Older changes are corrected with `set`, `restore` or `reopen`.
"""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context, Refusal
from handlers.followups import followup_item, parse_id, told_assignee
from handlers.i18n import N_
from handlers.reply import Reply, Section
from storage import followups, reverting
from storage.models import AuditEntry

UNDO_WINDOW = timedelta(minutes=30)


def undo(_args: None, ctx: Context) -> Reply:
    t = ctx.t
    entries = reverting.last_batch(ctx.session, ctx.member.id, ctx.now - UNDO_WINDOW)
    if not entries:
        raise Refusal(t("Nothing of yours to undo from the last 30 minutes."))
    described = _describe(ctx, entries)
    reverting.revert(ctx.session, ctx.member.id, entries, ctx.now)
    return Reply(
        text=t("Undone: {what}.", what=", ".join(described)),
        data={
            "undone": [{"entity": e.entity, "id": e.entity_id, "action": e.action} for e in entries]
        },
    )


def _describe(ctx: Context, entries: list[AuditEntry]) -> list[str]:
    """What a member recognises: the customers, follow-ups and activities touched."""
    t = ctx.t
    labels = {
        "parties": t("customer {name}"),
        "followups": t("follow-up #{id}"),
        "activities": t("activity #{id}"),
    }
    seen: list[str] = []
    for entry in entries:
        if entry.entity not in labels:
            continue
        values = entry.after or entry.before or {}
        label = labels[entry.entity].format(name=values.get("name", ""), id=entry.entity_id)
        if label not in seen:
            seen.append(label)
    return seen[:5]


def parse_reopen(text: str, ctx: Context) -> int:
    """`reopen 12`, and German `wieder öffnen 12` (the verb word is "wieder")."""
    words = text.split()
    if words and words[0].lower() in ("öffnen", "oeffnen", "offnen"):
        words = words[1:]
    return parse_id(" ".join(words), ctx)


def reopen(followup_id: int, ctx: Context) -> Reply:
    """`reopen <id>`: a follow-up closed (done or cancelled) by mistake is open again."""
    t = ctx.t
    followup = followups.get(ctx.session, followup_id)
    if followup is None:
        raise Refusal(t("There is no follow-up #{id}.", id=followup_id))
    if followup.status not in ("done", "cancelled"):
        raise Refusal(t("Follow-up #{id} is not closed.", id=followup.id))
    followups.reopen(ctx.session, ctx.member.id, followup)
    reply = Reply(
        text=t("Follow-up #{id} is open again.", id=followup.id),
        sections=[Section(t("Follow-up"), (followup_item(ctx, followup),))],
        data={"id": followup.id, "status": "open"},
    )
    return told_assignee(ctx, followup, reply, N_("{who} reopened your follow-up #{id}: {what}"))
