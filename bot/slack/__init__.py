"""The Slack adapter: slash commands, buttons, modals, App Home and direct messages."""

from __future__ import annotations

from bot.bootstrap import App
from bot.slack.app import build_bolt_app, mount, socket_mode_handler, start_socket_mode
from bot.slack.client import web_client
from bot.slack.sender import SlackSender


def build_sender(app: App) -> SlackSender:
    """The Sender the worker uses for members reached on Slack."""
    return SlackSender(web_client(app.settings), app.db)


__all__ = [
    "SlackSender",
    "build_bolt_app",
    "build_sender",
    "mount",
    "socket_mode_handler",
    "start_socket_mode",
    "web_client",
]
