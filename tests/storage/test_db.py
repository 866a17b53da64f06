"""The schema comes from migrations, and every change leaves an audit entry."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from config import explicit_settings
from storage import audit, parties
from storage.db import Database
from storage.models import Base


def test_migrations_create_every_model_table(database_url: str) -> None:
    db = Database(database_url)
    tables = set(inspect(db.engine).get_table_names())
    assert {table.name for table in Base.metadata.sorted_tables} <= tables
    db.dispose()


def test_moments_come_back_aware_utc(database_url: str) -> None:
    db = Database(database_url)
    with db.session() as session:
        company = parties.add_company(session, None, "Zeit GmbH")
        company_id = company.id
    with db.session() as session:
        created = parties.get(session, company_id)
        assert created is not None
        assert created.created_at.tzinfo == UTC
        assert abs((datetime.now(UTC) - created.created_at).total_seconds()) < 60
    db.dispose()


def test_an_update_records_the_value_before(database_url: str) -> None:
    db = Database(database_url)
    with db.session() as session:
        company = parties.add_company(session, None, "Alt GmbH")
        parties.update(session, None, company, name="Neu GmbH")
        entries = audit.entries_for(session, "parties", company.id)
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].before is not None and entries[1].before["name"] == "Alt GmbH"
    assert entries[1].after is not None and entries[1].after["search_key"] == "neu gmbh"
    db.dispose()


def test_heroku_style_postgres_urls_are_accepted() -> None:
    settings = explicit_settings(database_url="postgres://u@h:5432/db")
    assert settings.database_url == "postgresql+psycopg://u@h:5432/db"


def test_migrations_and_models_agree(database_url: str) -> None:
    """A model change without its migration (or the reverse) fails here, not in production."""
    db = Database(database_url)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": _modelled}
        )
        differences = compare_metadata(context, Base.metadata)
    db.dispose()
    assert differences == []


def _modelled(name: str | None, type_: str, _parent: object) -> bool:
    """Note search lives outside the models: SQLite's FTS5 table (and its shadow tables),
    PostgreSQL's stored tsvector column and its GIN index."""
    return not (name or "").startswith(("activities_fts", "text_search", "ix_activities_text_"))


def test_postgresql_sessions_compile_no_query(database_url: str) -> None:
    """JIT compiling took 100-200 ms of the whole-CRM figures that run in 100-500 ms."""
    db = Database(database_url)
    if db.is_sqlite:
        pytest.skip("JIT is PostgreSQL's")
    with db.read_session() as session:
        assert session.scalar(text("SHOW jit")) == "off"
    db.dispose()
