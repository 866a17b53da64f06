"""`crmbot import FILE` and `crmbot export`, run as a shell user runs them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.bot.shell import crmbot

ROWS = """name,type,company,kind,email,phone,city,address,tags
Müller GmbH,company,,customer,info@mueller.de,+49 221 123456,Köln,Domplatz 1,"vip, bakery"
Jana Roth,contact,Müller GmbH,customer,jana@mueller.de,,,,
Weber AG,company,,prospect,,,Bonn,,
"""


def test_imported_customers_can_be_found_and_backed_up(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS, encoding="utf-8")
    imported = crmbot(["import", str(source)], "", database_url)
    assert imported.returncode == 0, imported.stderr
    assert "3 created, 0 updated, 0 already there" in imported.stdout
    found = crmbot(["chat", "--json"], "find mueller\n", database_url)
    assert "Jana Roth" in found.stdout
    target = tmp_path / "backup.zip"
    assert crmbot(["export", str(target)], "", database_url).returncode == 0
    with zipfile.ZipFile(target) as backup:
        customers = backup.read("customers.csv").decode()
    assert "Jana Roth" in customers and "bakery,vip" in customers


def test_a_rerun_import_adds_nothing_twice(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS, encoding="utf-8")
    crmbot(["import", str(source)], "", database_url)
    again = crmbot(["import", str(source)], "", database_url)
    assert "0 created, 0 updated, 3 already there" in again.stdout


def test_a_bad_row_writes_nothing_and_names_its_line(tmp_path: Path, database_url: str) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(ROWS + "Ghost,ghost,,,,,,,\n", encoding="utf-8")
    failed = crmbot(["import", str(source)], "", database_url)
    assert failed.returncode == 1
    assert "line 5" in failed.stderr and "ghost" in failed.stderr
    exported = crmbot(["export", "--format", "json"], "", database_url)
    assert '"customers": []' in exported.stdout
