"""API fixtures: the real HTTP app on a local port, tokens made in chat by admin anna,
and a small JSON client. Test modules load them with
`pytest_plugins = ["tests.bot.api_fixtures"]`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.bootstrap import App
from tests.bot.api_client import Client
from tests.conftest import Chat
from tests.fakes.server import RunningServer


@pytest.fixture
def api_server(app: App) -> Iterator[RunningServer]:
    with RunningServer(app) as server:
        yield server


def new_token(chat: Chat, name: str, scope: str) -> str:
    answer = chat(f"token new {name} {scope}")
    assert answer["ok"], answer
    token: str = answer["data"]["token"]
    return token


@pytest.fixture
def writer(api_server: RunningServer, chat: Chat) -> Client:
    """A write token made by anna (the console's first user, an admin)."""
    return Client(api_server.url, new_token(chat, "shop", "write"))


@pytest.fixture
def reader(api_server: RunningServer, chat: Chat) -> Client:
    return Client(api_server.url, new_token(chat, "reports", "read"))
