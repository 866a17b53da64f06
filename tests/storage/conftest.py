"""Storage tests work on the migrated database the top-level `database_url` fixture makes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage.db import Database


@pytest.fixture
def migrated_db(database_url: str) -> Iterator[Database]:
    """An empty database at the newest migration, on each backend in turn."""
    database = Database(database_url)
    yield database
    database.dispose()
