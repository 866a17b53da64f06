"""The "New deal" modal: customer, title, value, stage and expected close.

`/crm deal` (or `/crm chance`) with nothing after it opens it. On submit it becomes one
ordinary command written by `DealArgs.line()`, so a new deal from the form obeys exactly the
rules of a typed one: a customer that matches nobody or several, a close date in the past
or a stage that names nothing is refused and shown on its field. The value is read here
(Slack has no money input) with the same reader the command uses; a value it cannot take is
shown on the value field in the member's language and nothing runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.slack.bridge import Bridge
from bot.slack.modals import Origin
from bot.slack.render import Block, cut
from bot.slack.submit import FieldProblem, Submission
from config.stages import Stages
from handlers.arguments import PartyRef
from handlers.command import clean
from handlers.deals import MAX_TITLE_CHARS, DealArgs, money_problem
from handlers.i18n import Translate
from handlers.money import MoneyError, parse_money
from handlers.registry import Registry
from handlers.reply import Reply
from handlers.stages import stage_label

CALLBACK_ID = "crm_deal"
FIELDS = ("customer", "title", "value", "stage", "close")
VALUE_CHARS = 40


@dataclass(frozen=True)
class DealForm:
    """A submitted form, as the member filled it in."""

    customer: str
    title: str
    value: str
    stage: str | None
    close: date | None


def wants_deal_modal(registry: Registry, raw: str) -> bool:
    """`deal` or `chance` with nothing more: the form asks for what the line left out."""
    resolved = registry.resolve(clean(raw))
    return resolved is not None and resolved.verb.name == "deal" and not resolved.args


async def open_deal_modal(
    bridge: Bridge, user: str, team: str, trigger_id: str, channel: str | None
) -> None:
    """Opened before anything asks Slack about the user: the trigger id expires in 3 s."""
    t = await bridge.viewer_translator(user, team)
    view = deal_view(t, bridge.app.settings.stages, Origin(channel=channel))
    await bridge.client.views_open(trigger_id=trigger_id, view=view)


def deal_view(t: Translate, stages: Stages, origin: Origin) -> Block:
    """The form; the stage offers the team's open stages, the first chosen."""
    options = [
        {"text": _plain(cut(stage_label(stage, t.language), 75)), "value": stage.name}
        for stage in stages.open
    ]
    blocks = [
        _text_input("customer", t("Customer"), t("Name, e.g. Müller"), 200),
        _text_input("title", t("Title"), t("e.g. Maintenance contract"), MAX_TITLE_CHARS),
        _text_input("value", t("Value"), "12.000 €", VALUE_CHARS),
        {
            "type": "input",
            "block_id": "stage",
            "label": _plain(t("Stage")),
            "element": {
                "type": "static_select",
                "action_id": "value",
                "options": options,
                "initial_option": options[0],
            },
        },
        {
            "type": "input",
            "block_id": "close",
            "optional": True,
            "label": _plain(t("Expected close")),
            "element": {"type": "datepicker", "action_id": "value"},
        },
    ]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": origin.dump(),
        "title": _plain(cut(t("New deal"), 24)),
        "submit": _plain(cut(t("Save"), 24)),
        "close": _plain(cut(t("Cancel"), 24)),
        "blocks": blocks,
    }


def read_form(view: dict[str, Any]) -> tuple[Origin, DealForm]:
    """The submitted values; Slack has already enforced the required fields."""
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def value(block: str) -> dict[str, Any]:
        found: dict[str, Any] = values.get(block, {}).get("value", {})
        return found

    close = value("close").get("selected_date")
    form = DealForm(
        customer=str(value("customer").get("value") or "").strip(),
        title=" ".join(str(value("title").get("value") or "").split()),
        value=str(value("value").get("value") or "").strip(),
        stage=(value("stage").get("selected_option") or {}).get("value"),
        close=date.fromisoformat(close) if close else None,
    )
    return Origin.load(view.get("private_metadata", "")), form


class DealSubmission(Submission):
    """Saving the form: the value is read first, then the one `deal` command runs."""

    fallback_field = "customer"

    async def command(self, member_id: int, view: dict[str, Any]) -> tuple[str | None, str]:
        origin, form = read_form(view)
        try:
            money = parse_money(form.value, self.bridge.app.settings.crm_currency)
        except MoneyError as problem:
            t = await self.bridge.translate(member_id)
            raise FieldProblem("value", money_problem(t, problem)) from problem
        args = DealArgs(
            customer=PartyRef(form.customer),
            value=money,
            title=form.title,
            stage=form.stage,
            close=form.close,
        )
        return origin.channel, args.line()

    def field(self, view: dict[str, Any], reply: Reply) -> str:
        """The field the refusal names; anything else came from the words before the value,
        which are the customer's."""
        return reply.argument if reply.argument in FIELDS else "customer"


def _text_input(block_id: str, label: str, placeholder: str, limit: int) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": {
            "type": "plain_text_input",
            "action_id": "value",
            "max_length": limit,
            "placeholder": _plain(placeholder),
        },
    }


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text, "emoji": True}
