"""Bad bodies sent to `/api/v1`: each gets a clear 4xx answer, and nothing changes."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot.bootstrap import App
from storage.models import InboundMessage, Party
from tests.bot.api_client import Client
from tests.conftest import Chat

pytest_plugins = ["tests.bot.api_fixtures"]


def _nothing_changed(app: App) -> bool:
    with app.db.read_session() as session:
        parties = session.scalar(select(func.count()).select_from(Party))
        api_rows = session.scalar(
            select(func.count()).select_from(InboundMessage).where(InboundMessage.platform == "api")
        )
    return parties == 0 and api_rows == 0


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"{not json", "not valid JSON"),
        (b'["a", "list"]', "must be a JSON object"),
        (b'{"type": "company", "name": 5}', "Field name"),
        (b'{"type": "company", "name": "A", "colour": "red"}', "Unknown field: colour"),
        (b'{"type": "company"}', "Missing field: name"),
        (b'{"type": "robot", "name": "A"}', "Field type"),
        (b'{"type": "company", "name": "A", "tags": "vip"}', "Field tags"),
        (b'{"type": "company", "name": "A", "force": "yes"}', "Field force"),
        (b'{"type": "company", "name": "\\u0000\\u200b "}', "Field name"),
        (b'{"type": "company", "name": "A", "custom": {"email": "x@y.de"}}', "custom"),
    ],
)
def test_a_malformed_body_is_refused_naming_what_is_wrong(
    writer: Client, app: App, raw: bytes, words: str
) -> None:
    answer = writer.call("POST", "/customers", raw=raw)
    assert answer.status == 400
    assert words in answer.body["error"]
    assert _nothing_changed(app)


def test_an_oversized_body_gets_413(writer: Client, app: App) -> None:
    big = json.dumps({"type": "company", "name": "A", "address": "x" * 100_000}).encode()
    answer = writer.call("POST", "/customers", raw=big)
    assert answer.status == 413
    assert _nothing_changed(app)


def test_a_body_that_is_not_json_by_its_type_gets_415(writer: Client, app: App) -> None:
    answer = writer.call(
        "POST", "/customers", raw=b"type=company", headers={"Content-Type": "text/plain"}
    )
    assert answer.status == 415
    assert _nothing_changed(app)


def test_a_record_id_that_is_no_number_gets_404(writer: Client) -> None:
    assert writer.get("/customers/abc").status == 404
    assert writer.patch("/customers/0", {"city": "Köln"}).status == 404


def test_an_empty_change_is_refused(writer: Client) -> None:
    made = writer.post("/customers", {"type": "company", "name": "Leer GmbH"}).body
    assert writer.patch(f"/customers/{made['id']}", {}).status == 400


def test_control_characters_are_cleaned_as_in_chat(writer: Client) -> None:
    made = writer.post("/customers", {"type": "company", "name": "Nord\u200b  \u0007GmbH"})
    assert made.status == 201
    assert made.body["name"] == "Nord GmbH"


def test_refusals_come_in_the_token_members_language(writer: Client, chat: Chat) -> None:
    chat("language de")
    answer = writer.call("POST", "/customers", raw=b'{"type": "company", "name": "A", "x": 1}')
    assert answer.body["error"] == "Unbekanntes Feld: x."
