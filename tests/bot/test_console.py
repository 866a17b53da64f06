"""The console contract (`crmbot chat [--as NAME] [--json]`, one JSON answer per piped line),
run as a newcomer runs it: the `crmbot` script."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from tests.bot.shell import NEUTRAL_DIR, crmbot, process_env


def test_piped_json_answers_each_line_in_turn(database_url: str) -> None:
    lines = "add company Müller GmbH\nfollowup Müller morgen 10 Uhr: send quote\nfind müler\ninvite Carla\n"
    done = crmbot(["chat", "--as", "anna", "--json"], lines, database_url)
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["ok"] for a in answers] == [True, True, True, True]
    followup = answers[1]["data"]
    assert set(followup) >= {"id", "due_at", "assignee", "customer"}
    assert datetime.fromisoformat(followup["due_at"]).utcoffset() is not None
    assert followup["customer"] == "Müller GmbH"
    assert answers[2]["data"]["matches"][0]["name"] == "Müller GmbH"
    assert len(answers[3]["data"]["code"]) == 10


def test_bare_crmbot_opens_the_console_on_an_embedded_sqlite_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli"],
        input="add company Erste GmbH\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=process_env(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Erste GmbH" in done.stdout
    assert (tmp_path / "crm.db").exists()


def test_plain_text_shows_buttons_as_commands_to_type(database_url: str) -> None:
    lines = "add company Müller GmbH\nfollowup Müller morgen: call back\n"
    done = crmbot(["chat", "--as", "anna"], lines, database_url)
    assert done.returncode == 0, done.stderr
    followup_id = re.search(r"Follow-up #(\d+)", done.stdout)
    assert followup_id is not None, done.stdout
    assert f"Done: done {followup_id[1]}" in done.stdout
    assert f"Snooze 1 week: snooze {followup_id[1]} +1w" in done.stdout


def test_db_upgrade_command_is_repeatable(database_url: str) -> None:
    for _ in range(2):
        done = crmbot(["db", "upgrade"], "", database_url)
        assert done.returncode == 0, done.stderr


def test_a_piped_line_that_is_not_utf8_is_refused_and_the_session_goes_on(
    database_url: str,
) -> None:
    env = process_env(DATABASE_URL=database_url, CRM_LANGUAGE="en")
    lines = b"add company M\xfcller GmbH\nadd company Weber AG\nfind weber\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--as", "anna", "--json"],
        input=lines,
        capture_output=True,
        env=env,
        cwd=NEUTRAL_DIR,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [a["ok"] for a in answers] == [False, True, True]
    assert "not UTF-8" in answers[0]["text"]
    assert [m["name"] for m in answers[2]["data"]["matches"]] == ["Weber AG"]
