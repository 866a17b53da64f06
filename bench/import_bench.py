"""How fast `crmbot import` moves a team in: N rows of a HubSpot contacts export (German
column names, semicolons, Windows-1252), imported into an empty database, against a plain
`executemany` INSERT of the same rows into the same table as the peer.

The import does everything a real one does: sniffs the encoding and delimiter, checks every
row, de-duplicates against what is there (e-mail, phone, name), creates each contact's
company once, normalises phone numbers, writes the audit and the tag rows. The peer only
inserts the contacts' columns, already normalised, in one statement per 1,000 rows.

    .venv/bin/python -m bench.import_bench                      # 100,000 rows on SQLite
    .venv/bin/python -m bench.import_bench --rows 2000 --postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres

With --postgres the same runs on a scratch database made (and dropped) on that server.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from bot.bootstrap import bootstrap
from config.settings import explicit_settings
from handlers.imports import ImportApp, ImportOptions, run_import
from storage.db import Database
from storage.folding import fold
from storage.keys import email_key, phone_key
from storage.models import Party

FIRST = [
    "Jürgen",
    "Anna",
    "Jörg",
    "Björn",
    "Käthe",
    "Sören",
    "Lena",
    "Jonas",
    "Maria",
    "Horst",
    "Ursula",
    "Günter",
]
LAST = [
    "Müller",
    "Schäfer",
    "Weiß",
    "Groß",
    "Köhler",
    "Krüger",
    "Böhm",
    "Hölzl",
    "Nägele",
    "Fröhlich",
    "Büttner",
    "Lübke",
]
CITIES = ["Köln", "München", "Düsseldorf", "Lübeck", "Nürnberg", "Würzburg", "Gießen", "Görlitz"]
HEADER = "Vorname;Nachname;E-Mail;Telefonnummer;Name des Unternehmens;Stadt\n"
COMPANIES = 2000


def rows(count: int, seed: int = 7) -> Iterator[tuple[str, str, str, str, str, str]]:
    """Distinct people (a number in the e-mail and phone), at COMPANIES companies."""
    pick = random.Random(seed)
    for n in range(count):
        first, last = pick.choice(FIRST), pick.choice(LAST)
        firm = n % COMPANIES
        company = f"{LAST[firm % len(LAST)]} & {FIRST[firm % len(FIRST)]} GmbH {firm}"
        yield (first, f"{last} {n}", f"p{n}@example.de", f"0221 {1000000 + n}", company,
               pick.choice(CITIES))  # fmt: skip


def write_csv(path: Path, count: int) -> None:
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write(HEADER)
        for row in rows(count):
            out.write(";".join(row) + "\n")


def time_import(url: str, path: Path) -> tuple[float, int]:
    settings = explicit_settings(database_url=url, crm_language="en")
    app = bootstrap(settings, upgrade=True)
    deps = ImportApp(app.db, app.settings, app.crm.names, app.crm.registry, app.crm.clock)
    start = time.perf_counter()
    summary = run_import(deps, path, ImportOptions(), lambda _outcome: None)
    seconds = time.perf_counter() - start
    app.db.dispose()
    return seconds, summary.counts.get("created", 0)


def time_executemany(url: str, count: int) -> tuple[float, int]:
    db = Database(url)
    db.upgrade()
    start = time.perf_counter()
    with db.session() as session:
        batch: list[dict[str, object]] = []
        for first, last, email, phone, _company, city in rows(count):
            name = f"{first} {last}"
            batch.append({
                "party_type": "contact", "name": name, "search_key": fold(name),
                "relationship_kind": "customer", "email": email, "email_key": email_key(email),
                "phone": phone, "phone_e164": phone_key(phone), "city": city,
                "city_key": fold(city), "tags": [], "custom": {}, "core_key": fold(name),
            })  # fmt: skip
            if len(batch) == 1000:
                session.execute(insert(Party), batch)
                batch = []
        if batch:
            session.execute(insert(Party), batch)
    seconds = time.perf_counter() - start
    with db.read_session() as session:
        stored = session.scalar(select(func.count()).select_from(Party)) or 0
    db.dispose()
    return seconds, stored


@contextmanager
def scratch_postgres(server: str) -> Iterator[str]:
    base = make_url(server).set(drivername="postgresql+psycopg")
    name = f"crm_import_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def scratch_sqlite(folder: Path, name: str) -> Iterator[str]:
    yield f"sqlite:///{folder / name}"


def report(backend: str, count: int, imported: tuple[float, int], peer: tuple[float, int]) -> None:
    (seconds, created), (peer_seconds, stored) = imported, peer
    print(
        f"{backend:10} {count:>9,} rows  import {seconds:7.1f} s ({count / seconds:8,.0f} rows/s, "
        f"{created:,} created)   executemany {peer_seconds:6.1f} s ({stored:,} stored)   "
        f"ratio {seconds / peer_seconds:5.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", help="a PostgreSQL server URL; scratch databases are made")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "hubspot.csv"
        write_csv(csv_path, args.rows)
        print(f"file: {csv_path.stat().st_size / 1e6:.1f} MB, {args.rows:,} contacts")
        backends = [] if args.skip_sqlite else [("sqlite", scratch_sqlite)]
        for backend, scratch in backends:
            with (
                scratch(Path(folder), "import.db") as url,
                scratch(Path(folder), "peer.db") as peer,
            ):
                report(
                    backend,
                    args.rows,
                    time_import(url, csv_path),
                    time_executemany(peer, args.rows),
                )
        if args.postgres:
            with scratch_postgres(args.postgres) as url, scratch_postgres(args.postgres) as peer:
                report("postgresql", args.rows, time_import(url, csv_path),
                       time_executemany(peer, args.rows))  # fmt: skip


if __name__ == "__main__":
    main()
