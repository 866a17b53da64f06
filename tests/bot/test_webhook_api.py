"""Changes made over /api/v1 reach the webhooks like changes made in chat: the same events,
carrying the record as the API itself answers with it."""

from __future__ import annotations

from bot.bootstrap import App
from bot.worker.webhooks import WebhookSender
from tests.bot.api_client import Client
from tests.bot.worker_fixtures import run
from tests.conftest import Chat, Clock
from tests.fakes.webhook_receiver import WebhookReceiver

pytest_plugins = ["tests.bot.api_fixtures"]


def test_a_customer_changed_over_the_api_is_posted_as_the_api_lists_it(
    app: App, chat: Chat, writer: Client, clock: Clock
) -> None:
    with WebhookReceiver() as receiver:
        chat(f"webhook add {receiver.url} customer.created,customer.updated")
        made = writer.post("/customers", {"type": "company", "name": "Müller GmbH", "city": "Köln"})
        assert made.status == 201
        created = writer.get("/customers").body["customers"][0]
        changed = writer.patch(
            f"/customers/{made.body['id']}", {"city": "Bonn", "phone": "0221 123456"}
        )
        assert changed.status == 200
        updated = writer.get("/customers").body["customers"][0]
        assert run(WebhookSender(app.db, clock).drain()) == 2
        bodies = sorted((r.json()["type"], r.json()["data"]) for r in receiver.received())
    assert bodies == [("customer.created", created), ("customer.updated", updated)]
