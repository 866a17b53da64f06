"""`/api/v1` customers over real HTTP: the chat's verbs, their checks and their audit."""

from __future__ import annotations

from bot.bootstrap import App
from storage import audit
from tests.bot.api_client import Client
from tests.conftest import Chat
from tests.statements import counted

pytest_plugins = ["tests.bot.api_fixtures"]


def test_a_company_added_through_the_api_is_on_its_chat_card_and_audited(
    writer: Client, chat: Chat, app: App
) -> None:
    made = writer.post(
        "/customers",
        {
            "type": "company",
            "name": "Müller GmbH",
            "city": "Köln",
            "tags": ["vip"],
            "kind": "prospect",
        },
    )
    assert made.status == 201
    assert made.body["name"] == "Müller GmbH"
    card = chat(f"show #{made.body['id']}")
    assert card["data"]["city"] == "Köln"
    assert card["data"]["tags"] == ["vip"]
    assert card["data"]["kind"] == "prospect"
    with app.db.read_session() as session:
        entries = audit.entries_for(session, "parties", made.body["id"])
    assert [e.action for e in entries] == ["create"]
    assert entries[0].member_id == card["data"]["owner_id"]


def test_a_contact_joins_its_company_by_id(writer: Client) -> None:
    company = writer.post("/customers", {"type": "company", "name": "Bau AG"}).body
    contact = writer.post(
        "/customers", {"type": "contact", "name": "Anna Bau", "company": company["id"]}
    )
    assert contact.status == 201
    assert writer.get(f"/customers/{contact.body['id']}").body["company_id"] == company["id"]


def test_the_api_refuses_what_chat_refuses_with_the_same_words(writer: Client, chat: Chat) -> None:
    by_chat = chat("add company Test GmbH email=not-an-address")
    by_api = writer.post(
        "/customers", {"type": "company", "name": "Test GmbH", "email": "not-an-address"}
    )
    assert by_api.status == 400
    assert by_api.body["error"] == by_chat["text"]
    assert writer.get("/customers").body["total"] == 0


def test_a_near_duplicate_is_refused_until_forced(writer: Client) -> None:
    writer.post("/customers", {"type": "company", "name": "Schmidt GmbH"})
    twin = writer.post("/customers", {"type": "company", "name": "Schmidt AG"})
    assert twin.status == 400
    assert twin.body["data"]["duplicate"] is True
    forced = writer.post("/customers", {"type": "company", "name": "Schmidt AG", "force": True})
    assert forced.status == 201


def test_patch_changes_fields_and_null_clears_one(writer: Client, chat: Chat) -> None:
    made = writer.post(
        "/customers", {"type": "company", "name": "Kern KG", "city": "Bonn", "phone": "0228 123456"}
    ).body
    changed = writer.patch(
        f"/customers/{made['id']}", {"city": "Berlin", "phone": None, "custom": {"branch": "Bau"}}
    )
    assert changed.status == 200
    assert set(changed.body["changed"]) == {"city", "phone", "custom"}
    card = writer.get(f"/customers/{made['id']}").body
    assert (card["city"], card["phone"], card["custom"]) == ("Berlin", None, {"branch": "Bau"})
    assert chat("undo")["ok"]
    assert writer.get(f"/customers/{made['id']}").body["city"] == "Bonn"


def test_list_filters_like_chat_list_and_pages_with_a_total(writer: Client, chat: Chat) -> None:
    for n in range(5):
        chat(f"add company Firma {n} city={'Köln' if n % 2 else 'Bonn'} force=yes")
    chat("add company Firma X city=Köln tags=vip force=yes")
    first = writer.get("/customers?city=köln&per_page=2")
    assert first.status == 200
    assert (first.body["total"], first.body["page"], first.body["per_page"]) == (3, 1, 2)
    second = writer.get("/customers?city=Köln&per_page=2&page=2").body
    names = [c["name"] for c in first.body["customers"] + second["customers"]]
    assert names == ["Firma 1", "Firma 3", "Firma X"]
    assert [c["name"] for c in writer.get("/customers?tag=vip").body["customers"]] == ["Firma X"]
    assert chat("list city=Köln")["data"]["total"] == 3


def test_list_says_whether_its_total_is_exact_and_counts_all_on_request(
    writer: Client, chat: Chat
) -> None:
    chat("add company Firma A city=Köln")
    listed = writer.get("/customers?city=Köln").body
    assert (listed["total"], listed["total_exact"]) == (1, True)
    assert writer.get("/customers?count=exact").body["total_exact"] is True
    assert writer.get("/customers?count=roughly").status == 400


def test_list_refuses_an_unknown_kind_and_an_unknown_filter(writer: Client) -> None:
    assert writer.get("/customers?kind=alien").status == 400
    unknown = writer.get("/customers?colour=red")
    assert unknown.status == 400
    assert "colour" in unknown.body["error"]


def test_a_read_token_reads_but_may_not_write(reader: Client, writer: Client) -> None:
    writer.post("/customers", {"type": "company", "name": "Lese GmbH"})
    assert reader.get("/customers").body["total"] == 1
    refused = reader.post("/customers", {"type": "company", "name": "Schreib GmbH"})
    assert refused.status == 403
    assert writer.get("/customers").body["total"] == 1


def test_a_wrong_token_gets_401_and_a_revoked_one_stops_working(writer: Client, chat: Chat) -> None:
    wrong = Client(writer.base, writer.token[:-4] + "AAAA")
    assert wrong.get("/customers").status == 401
    assert Client(writer.base, "").get("/customers").status == 401
    assert (
        Client(writer.base, "crm_nonsense").get("/customers").headers["WWW-Authenticate"]
        == "Bearer"
    )
    assert chat("token revoke shop")["ok"]
    assert writer.get("/customers").status == 401


def test_more_than_sixty_requests_a_minute_get_429_with_retry_after(
    writer: Client, reader: Client
) -> None:
    answers = [writer.get("/customers?per_page=1").status for _ in range(61)]
    assert answers[:60] == [200] * 60
    limited = writer.get("/customers")
    assert limited.status == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert reader.get("/customers").status == 200


def test_the_openapi_document_is_valid_and_names_every_route(writer: Client) -> None:
    from openapi_spec_validator import validate

    spec = Client(writer.base, "").get("/openapi.json")
    assert spec.status == 200
    validate(spec.body)
    assert set(spec.body["paths"]) == {
        "/customers", "/customers/{id}", "/customers/{id}/history", "/activities",
        "/followups", "/followups/{id}", "/deals", "/deals/{id}",
    }  # fmt: skip


def test_a_read_reads_its_token_and_member_in_one_statement(reader: Client) -> None:
    """Every statement is a round trip on PostgreSQL, and every request pays the caller
    check: the token and its member come in one, and a read needs no savepoint."""
    with counted() as statements:
        assert reader.get("/customers").status == 200
    assert len(statements) <= 4, "\n".join(statements)
