"""Engine, sessions and schema upgrades: the one place that knows how to reach the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
CONNECT_TIMEOUT_SECONDS = 3
"""How long to wait for PostgreSQL to answer a new connection. A request waits at most this
long in an outage, so Slack (which gives three seconds) still gets a clear answer."""
STATEMENT_TIMEOUT_MS = 30_000
"""The longest one statement may run on PostgreSQL before the server cancels it: a stuck
query frees its connection instead of holding a worker forever. Migrations run without it."""
SESSION_OPTIONS = f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c jit=off"
"""Also JIT compilation off: PostgreSQL compiles any query its planner costs high, and on the
whole-CRM figures (report, abc, find notes: over five million notes) the compiling took
100-200 ms of queries that run in 100-500 ms. crmbot runs no query long enough to repay it."""


class Database:
    """An engine and its session factory, built once by bootstrap and passed down."""

    def __init__(self, url: str, **engine_args: Any) -> None:
        self.url = url
        self.engine: Engine = _make_engine(url, **engine_args)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.reader: Engine = (
            _make_engine(url, read_only=True, **engine_args) if self.is_sqlite else self.engine
        )
        self.read_sessions = sessionmaker(self.reader, expire_on_commit=False)
        self.lookups = (
            self.read_sessions
            if self.is_sqlite
            else sessionmaker(
                self.engine.execution_options(isolation_level="AUTOCOMMIT"),
                expire_on_commit=False,
            )
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back when it raises."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A transaction that only reads: on SQLite a deferred one, which never waits for
        or holds the write lock (WAL lets it read while another connection writes)."""
        with self.read_sessions() as session, session.begin():
            yield session

    @contextmanager
    def lookup(self) -> Iterator[Session]:
        """A session for one read statement (an API token check on every request). On
        PostgreSQL it runs outside a transaction, so it costs one round trip, not three
        (BEGIN, the query, COMMIT); two statements in it could see different states. On
        SQLite, where BEGIN and COMMIT stay in process, a `read_session`."""
        with self.lookups() as session, session.begin():
            yield session

    def ping(self) -> None:
        """One round trip (`SELECT 1`); raises when the database cannot be reached."""
        with self.reader.connect() as connection:
            connection.execute(text("SELECT 1"))

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (what `crmbot db upgrade` does)."""
        with self.engine.begin() as connection:
            if not self.is_sqlite:
                connection.exec_driver_sql("SET statement_timeout = 0")
            config = alembic_config(self.url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()
        self.reader.dispose()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _make_engine(url: str, *, read_only: bool = False, **engine_args: Any) -> Engine:
    if url.startswith("sqlite"):
        engine_args.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
        engine = create_engine(url, **engine_args)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(
            engine, "begin", _sqlite_begin_deferred if read_only else _sqlite_begin_immediate
        )
        return engine
    engine_args.setdefault("pool_pre_ping", True)
    engine_args.setdefault(
        "connect_args",
        {
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "options": SESSION_OPTIONS,
        },
    )
    return create_engine(url, **engine_args)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers and one writer work at once; foreign keys are off unless asked.
    How long a writer waits for the lock is the driver's `timeout` (connect_args, 30 s)."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # under WAL: durable at checkpoints
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MB of page cache per connection
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    """Take the write lock at BEGIN, so two processes never deadlock upgrading a read lock."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin_deferred(connection: Any) -> None:
    """Reads take no write lock: they see the last committed state and block no one."""
    connection.exec_driver_sql("BEGIN")
