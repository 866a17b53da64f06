"""`crmbot import FILE.csv` and `crmbot export`, run as a shell user runs them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.bot.shell import crmbot

ROWS = """name,type,company,kind,email,phone,city,address,tags
Müller GmbH,company,,customer,info@mueller.de,+49 221 123456,Köln,Domplatz 1,"vip, bakery"
Jana Roth,contact,Müller GmbH,customer,jana@mueller.de,,,,
Weber AG,company,,prospect,,,Bonn,,
"""


def test_imported_customers_can_be_found_and_exported_again(
    tmp_path: Path, database_url: str
) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS, encoding="utf-8")
    imported = crmbot(["import", str(source)], "", database_url)
    assert imported.returncode == 0, imported.stderr
    assert "imported 2 companies and 1 contacts" in imported.stdout
    found = crmbot(["chat", "--json"], "find mueller\n", database_url)
    assert "Jana Roth" in found.stdout
    exported = crmbot(["export"], "", database_url)
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    by_name = {row["name"]: row for row in rows}
    assert by_name["Jana Roth"]["company"] == "Müller GmbH"
    assert by_name["Müller GmbH"]["tags"] == "bakery,vip"
    assert by_name["Weber AG"]["kind"] == "prospect"


def test_a_rerun_import_adds_nothing_twice(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS, encoding="utf-8")
    crmbot(["import", str(source)], "", database_url)
    again = crmbot(["import", str(source)], "", database_url)
    assert "imported 0 companies and 0 contacts; 3 already there" in again.stdout


def test_a_bad_row_writes_nothing_and_names_its_line(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS + "Ghost,contact,Nobody Ltd,,,,,,\n", encoding="utf-8")
    failed = crmbot(["import", str(source)], "", database_url)
    assert failed.returncode == 1
    assert "line 5" in failed.stderr and "Nobody Ltd" in failed.stderr
    exported = crmbot(["export"], "", database_url)
    assert len(list(csv.DictReader(io.StringIO(exported.stdout)))) == 0
