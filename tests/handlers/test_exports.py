"""The full backup: everything out, back into an empty database, and out again unchanged."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from bot.bootstrap import App
from handlers.exports import TABLES, cell, write_json, write_zip
from handlers.imports.backup import restore
from handlers.imports.reading import Unreadable
from storage.models import Base
from tests.conftest import Chat


def fill(chat: Chat, chat_as: Any) -> None:
    chat("add company Müller GmbH city=Köln tags=a,b kind=prospect branche=Bäckerei")
    chat("add contact Jürgen Müller company=Müller GmbH email=jm@mueller.de phone=0221 123456")
    chat("add company =HYPERLINK(evil) note=@SUM(1)")
    chat("log call Jürgen Müller: wants a quote, 'quoted' -5% discount")
    created = chat("followup Müller GmbH morgen 10 Uhr: send the quote")
    chat(f"done {created['data']['id']}")
    chat_as("bob")("followup Jürgen Müller tomorrow 3pm: call back")
    chat("deal Müller GmbH 12.000,50 € close=31.12.: =Wartungsvertrag")
    offer = chat("deal Jürgen Müller 5k stage=offer @bob: Neubau")["data"]["id"]
    chat(f"stage {offer} negotiation")
    chat(f"won {offer} 4.800 €")
    lost = chat("deal Müller GmbH $3,000: Schulung")["data"]["id"]
    chat(f"lost {lost}: Preis")
    chat("segment save hot-köln: city=Köln kind=prospect quiet=90d")
    chat("alert complaint -> owner")
    chat("alert won>=10k -> @bob")
    chat("alert pause 1")


def tables(data: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zip_:
        return {
            name.removesuffix(".csv"): list(csv.DictReader(io.StringIO(zip_.read(name).decode())))
            for name in zip_.namelist()
            if name.endswith(".csv")
        }


def by_natural_keys(content: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    """The backup with database ids replaced by what they name (ids differ after a restore)."""
    names = {row["id"]: (row["type"], row["name"]) for row in content["customers"]}
    activities = {row["id"]: row["text"] for row in content["activities"]}
    deals = {row["id"]: row["title"] for row in content.get("deals", [])}

    def plain(row: dict[str, str]) -> tuple[tuple[str, str], ...]:
        keyed: dict[str, Any] = {k: v for k, v in row.items() if k != "id"}
        for key in ("company_id", "customer_id"):
            if keyed.get(key):
                keyed[key] = names[keyed[key]]
        if keyed.get("deal_id"):
            keyed["deal_id"] = deals[keyed["deal_id"]]
        if keyed.get("corrects_id"):
            keyed["corrects_id"] = activities[keyed["corrects_id"]]
        return tuple(sorted((k, repr(v)) for k, v in keyed.items()))

    return {name: sorted(plain(row) for row in rows) for name, rows in content.items()}


def empty(app: App) -> None:
    engine = create_engine(app.db.url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()


def test_export_then_restore_then_export_gives_the_same_content(
    app: App, chat: Chat, chat_as: Any, tmp_path: Path
) -> None:
    fill(chat, chat_as)
    first = io.BytesIO()
    counts = write_zip(app.db, first)
    assert counts == {
        "members": 2, "customers": 3, "activities": 1, "followups": 2, "deals": 3,
        "deal_stages": 6, "segments": 1, "alert_rules": 2,
    }  # fmt: skip
    content = tables(first.getvalue())
    won = next(row for row in content["deals"] if row["title"] == "Neubau")
    assert (won["status"], won["value"], won["owner"]) == ("won", "4800.00", "bob")
    (tmp_path / "backup.zip").write_bytes(first.getvalue())
    empty(app)
    assert restore(app.db, tmp_path / "backup.zip") == counts
    second = io.BytesIO()
    write_zip(app.db, second)
    assert by_natural_keys(tables(second.getvalue())) == by_natural_keys(tables(first.getvalue()))


def test_a_backup_holds_no_secrets_and_neutralises_formulas(
    app: App, chat: Chat, chat_as: Any
) -> None:
    fill(chat, chat_as)
    chat("invite carl")
    out = io.BytesIO()
    write_zip(app.db, out)
    content = tables(out.getvalue())
    assert set(content["members"][0]) == {
        "name", "role", "language", "timezone", "digest_time", "digest_enabled", "notify",
    }  # fmt: skip
    assert set(content) == {
        "members", "customers", "activities", "followups", "deals", "deal_stages", "segments",
        "alert_rules",
    }  # fmt: skip
    evil = next(row for row in content["customers"] if "HYPERLINK" in row["name"])
    assert evil["name"] == "'=HYPERLINK(evil)"
    muller = next(row for row in content["customers"] if row["name"] == "Jürgen Müller")
    assert muller["phone"] == "'+49 221 123456"
    for rows in content.values():
        for row in rows:
            assert not any(value[:1] in ("=", "+", "-", "@", "\t", "\r") for value in row.values())


@pytest.mark.parametrize(
    ("value", "written"),
    [("=1+2", "'=1+2"), ("+49", "'+49"), ("-5", "'-5"), ("@x", "'@x"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("'=x", "''=x"), ("plain", "plain"), (["a", "b"], "a,b"), (None, "")],
)  # fmt: skip
def test_cells_that_a_spreadsheet_would_run_are_prefixed(value: Any, written: str) -> None:
    assert cell(value) == written


def test_a_backup_restores_only_into_an_empty_database(
    app: App, chat: Chat, chat_as: Any, tmp_path: Path
) -> None:
    fill(chat, chat_as)
    with (tmp_path / "b.zip").open("wb") as target:
        write_zip(app.db, target)
    with pytest.raises(Unreadable):
        restore(app.db, tmp_path / "b.zip")


def test_json_export_is_one_document_with_every_table(app: App, chat: Chat, chat_as: Any) -> None:
    fill(chat, chat_as)
    out = io.BytesIO()
    write_json(app.db, out)
    document = json.loads(out.getvalue())
    assert document["format"] == "crmbot-backup"
    assert [len(document[name]) for name in TABLES] == [2, 3, 1, 2, 3, 6, 1, 2]
    assert document["alert_rules"][1]["target_member"] == "bob"
    assert {d["title"]: d["value"] for d in document["deals"]}["Neubau"] == "4800.00"
    assert document["customers"][0]["custom"] == {"branche": "Bäckerei"}
