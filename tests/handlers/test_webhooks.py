"""`webhook add|remove|test` and `webhooks` in chat, and the events a change records for the
webhooks that want them (sent by the worker: tests/bot/test_webhook_delivery.py)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select, update

from bot.bootstrap import App
from bot.console import Console
from handlers.chat_imports import keep_file
from storage.models import InboundMessage, Member, Webhook, WebhookDelivery, WebhookEvent
from tests.conftest import Chat
from tests.handlers.test_gdpr import EMAIL, NAME, PHONE, person_with_a_past, traces

HOOK = "https://shop.example.com/crm-hook"


def events(app: App) -> list[tuple[str, dict[str, object]]]:
    """Every recorded event's type and record, oldest first."""
    with app.db.read_session() as session:
        rows = session.scalars(select(WebhookEvent).order_by(WebhookEvent.id))
        return [(row.type, row.data) for row in rows]


def deliveries(app: App) -> list[tuple[int, str]]:
    """(webhook id, event type) of every delivery owed."""
    with app.db.read_session() as session:
        rows = session.execute(
            select(WebhookDelivery.webhook_id, WebhookEvent.type)
            .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
            .order_by(WebhookDelivery.id)
        )
        return [(hook, kind) for hook, kind in rows]


def test_a_new_webhook_shows_its_secret_once_and_the_journal_keeps_it_blacked_out(
    chat: Chat, app: App
) -> None:
    made = chat(f"webhook add {HOOK} customer.created,deal.won")
    assert made["ok"], made
    secret = made["data"]["secret"]
    assert len(secret) == 64 and secret in made["text"]
    assert made["data"]["events"] == ["customer.created", "deal.won"]
    with app.db.read_session() as session:
        hook = session.scalars(select(Webhook)).one()
        journal = [str(m.reply) for m in session.scalars(select(InboundMessage))]
    assert (hook.url, hook.secret) == (HOOK, secret)
    assert not any(secret in answer for answer in journal)
    listed = chat("webhooks")["data"]["webhooks"]
    assert secret not in str(listed)


def test_only_http_and_https_addresses_can_receive_webhooks(chat: Chat) -> None:
    for url in ("ftp://files.example.com/in", "javascript:alert(1)", "shop.example.com/hook",
                "https://", "file:///etc/passwd", "http://[::1/hook"):  # fmt: skip
        refused = chat(f"webhook add {url} all")
        assert refused["ok"] is False, url
        assert "http:// or https://" in refused["text"], url
    assert chat("webhooks")["data"]["webhooks"] == []
    assert chat("webhook add http://127.0.0.1:8080/in all")["ok"]


def test_unknown_events_are_refused_with_the_events_there_are(chat: Chat) -> None:
    refused = chat(f"webhook add {HOOK} customer.created,deal.wonn")
    assert refused["ok"] is False
    assert "deal.wonn" in refused["text"] and "followup.done" in refused["text"]
    assert chat(f"webhook add {HOOK}")["ok"] is False
    assert chat("webhooks")["data"]["webhooks"] == []


def test_webhooks_lists_each_url_with_its_events_and_what_is_waiting(chat: Chat) -> None:
    made = chat(f"webhook add {HOOK} customer.created, customer.updated")["data"]["id"]
    chat("webhook add http://erp.example.com/in all")
    chat("add company Müller GmbH city=Köln")
    listed = chat("webhooks")
    assert "2 webhooks" in listed["text"]
    line = f"{made}. {HOOK} · customer.created, customer.updated · active · 1 waiting"
    assert line in listed["text"]
    first, second = listed["data"]["webhooks"]
    assert (first["state"], first["waiting"], first["last_result"]) == ("active", 1, None)
    assert second["events"] == ["all"] and second["waiting"] == 1


def test_a_change_records_the_record_as_the_api_shows_it_for_the_webhooks_that_want_it(
    chat: Chat, app: App
) -> None:
    made = chat(f"webhook add {HOOK} customer.created,customer.updated")["data"]["id"]
    chat("webhook add http://erp.example.com/in deal.won")
    added = chat("add company Müller GmbH city=Köln tags=vip")
    chat("set Müller city=Bonn")
    shown = chat("list")["data"]["customers"][0]
    assert events(app) == [
        ("customer.created", {**shown, "city": "Köln"}),
        ("customer.updated", shown),
    ]
    assert shown["id"] == added["data"]["id"] and shown["tags"] == ["vip"]
    assert deliveries(app) == [(made, "customer.created"), (made, "customer.updated")]


def test_followups_activities_and_deals_have_their_events(chat: Chat, app: App) -> None:
    chat(f"webhook add {HOOK} all")
    chat("add company Müller GmbH")
    logged = chat("log call Müller: wants a quote")["data"]
    task = chat("followup Müller tomorrow 10:00: send the quote")["data"]
    chat(f"done {task['id']}")
    deal = chat("deal Müller 12.000 €: Wartung")["data"]
    chat(f"stage {deal['id']} offer")
    chat(f"won {deal['id']}")
    kinds = [kind for kind, _ in events(app)]
    assert kinds == [
        "customer.created", "activity.logged", "followup.created", "followup.done", "deal.created", "deal.updated", "deal.won",
    ]  # fmt: skip
    records = dict(events(app))
    assert records["activity.logged"]["id"] == logged["id"]
    assert records["activity.logged"]["text"] == "wants a quote"
    assert records["followup.done"]["status"] == "done"
    assert records["followup.done"]["text"] == "send the quote"
    assert records["deal.won"] == {**records["deal.won"], "status": "won", "value": "12000.00"}


def test_a_change_rolled_back_records_no_event(chat: Chat, app: App, console: Console) -> None:
    chat(f"webhook add {HOOK} all")
    sheet = b"Company name,City\nSchulz KG,Bonn\nWeber AG,Hamm\n"
    line = keep_file(app.db, console.member_id, "k.csv", sheet, app.crm.clock())
    dry = chat(line)
    assert dry["ok"] and dry["data"]["dry_run"]
    assert chat("add contact Anna company=Nobody GmbH")["ok"] is False
    assert events(app) == []
    assert chat(f"{line} confirm=yes")["ok"]
    assert [kind for kind, _ in events(app)] == ["customer.created", "customer.created"]


def test_a_removed_webhook_is_owed_nothing_and_an_unknown_one_is_refused(
    chat: Chat, app: App
) -> None:
    made = chat(f"webhook add {HOOK} all")["data"]["id"]
    chat("add company Müller GmbH")
    assert chat(f"webhook remove {made}")["data"] == {"id": made, "removed": True}
    assert deliveries(app) == []
    chat("add company Schulz KG")
    assert deliveries(app) == []
    refused = chat(f"webhook remove {made}")
    assert refused["ok"] is False and "webhooks" in refused["text"]


def test_webhook_test_sends_a_test_event_to_that_webhook_only(chat: Chat, app: App) -> None:
    chat(f"webhook add {HOOK} deal.won")
    made = chat("webhook add http://erp.example.com/in deal.won")["data"]["id"]
    answer = chat(f"webhook test {made}")
    assert answer["ok"] and "http://erp.example.com/in" in answer["text"]
    assert deliveries(app) == [(made, "webhook.test")]


def demote(app: App, name: str) -> None:
    with app.db.session() as session:
        session.execute(update(Member).where(Member.name == name).values(role="member"))


def test_only_an_admin_may_add_or_see_webhooks_and_is_told_so_in_their_language(
    chat: Chat, chat_as: Callable[[str], Chat], app: App
) -> None:
    bernd = chat_as("bernd")
    bernd("members")
    demote(app, "bernd")
    for line in (f"webhook add {HOOK} all", "webhooks", "webhook remove 1"):
        refused = bernd(line)
        assert refused["ok"] is False and "admin" in refused["text"], line
    bernd("sprache de")
    refused = bernd(f"webhook add {HOOK} all")
    assert refused["text"] == "Das darf nur ein Admin."
    assert chat("webhooks")["data"]["webhooks"] == []


def test_german_words_and_answers(chat: Chat) -> None:
    chat("sprache de")
    made = chat(f"webhook neu {HOOK} alle")
    number = made["data"]["id"]
    assert made["data"]["events"] == ["all"]
    assert made["text"].startswith(f"Webhook #{number} für {HOOK}: all.")
    assert "Signatur-Schlüssel" in made["text"]
    assert "nichts gesendet" in chat("webhooks")["text"]
    assert (
        "nur an eine Adresse mit http:// oder https://"
        in chat("webhook neu ftp://x.example.com alle")["text"]
    )
    assert "Unbekanntes Ereignis" in chat(f"webhook neu {HOOK} kunde.neu")["text"]
    assert chat(f"webhook teste {number}")["text"].startswith("Ein Test-Ereignis")
    assert chat(f"webhook entferne {number}")["text"].startswith(f"Webhook #{number} entfernt")
    assert chat("webhooks")["text"].startswith("Noch keine Webhooks.")


def test_an_erased_person_leaves_no_trace_in_waiting_events_and_is_announced_erased(
    chat: Chat, chat_as: Callable[[str], Chat], app: App
) -> None:
    chat(f"webhook add {HOOK} all")
    person = person_with_a_past(chat, chat_as)
    assert "webhook_events" in {table for table, _, _ in traces(app, (NAME, EMAIL, PHONE))}
    assert chat(f"gdpr erase #{person} confirm=yes")["ok"]
    assert traces(app, (NAME, EMAIL, PHONE)) == []
    kind, record = events(app)[-1]
    assert (kind, record["id"], record["email"]) == ("customer.erased", person, None)
