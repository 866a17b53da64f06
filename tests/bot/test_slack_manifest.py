"""The Slack app manifest in the repository matches what the app listens to."""

from __future__ import annotations

from pathlib import Path

from bot.slack.app import EVENTS_PATH, SAVE_SHORTCUT, SLASH_COMMAND


def test_the_manifest_names_the_command_shortcut_and_url_the_app_listens_on() -> None:
    manifest = (Path(__file__).parents[2] / "slack-manifest.yaml").read_text()
    assert f"command: {SLASH_COMMAND}\n" in manifest
    assert f"callback_id: {SAVE_SHORTCUT}\n" in manifest
    assert manifest.count(f"/{EVENTS_PATH.lstrip('/')}\n") == 3
    for event in ("app_home_opened", "app_mention", "message.im"):
        assert f"- {event}\n" in manifest
