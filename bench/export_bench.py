"""Does `crmbot export` stream? Peak memory of the real command at two sizes, beside a peer
that reads the activities whole before writing them.

Fills a scratch database twice (N and 10*N activities, with customers, follow-ups and deals
by bench/crm_fill.py), runs `crmbot export` as its own process on each and reads that
process's peak RSS from the kernel (wait4). Flat memory means the peak does not grow with
the table. The peer is `SELECT … FROM activities` fetched whole and written as CSV, the
way an export that does not stream works.

    .venv/bin/python -m bench.export_bench --activities 100000 [--database-url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.crm_fill import fill
from bench.reminder_bench import scratch_database
from storage.db import Database

ACTIVITIES_EACH = 10
PEER = """
import csv, sys
from sqlalchemy import create_engine, text
engine = create_engine(sys.argv[1])
with engine.connect() as connection:
    rows = connection.execute(text("SELECT * FROM activities")).all()
with open(sys.argv[2], "w", newline="") as out:
    csv.writer(out).writerows(rows)
"""


def measured(command: list[str], url: str) -> tuple[float, float]:
    """Seconds and peak RSS in MB of one process run to its end."""
    env = {**os.environ, "DATABASE_URL": url, "CRM_LANGUAGE": "en"}
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=tempfile.gettempdir())
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{command[:3]} failed with status {status}")
    return seconds, usage.ru_maxrss / 1024


def run(url: str, activities: int, out: Path) -> None:
    db = Database(url)
    db.upgrade()
    filled = fill(db, activities // ACTIVITIES_EACH, 20, ACTIVITIES_EACH, seed=7, deals_each=1)
    db.dispose()
    crmbot = str(Path(sys.executable).with_name("crmbot"))
    ours = measured([crmbot, "export", str(out / "backup.zip")], url)
    peer = measured([sys.executable, "-c", PEER, url, str(out / "peer.csv")], url)
    size = (out / "backup.zip").stat().st_size / 1e6
    print(
        f"{filled.activities:>10,} activities  export {ours[0]:6.1f} s  peak {ours[1]:6.0f} MB"
        f"  (zip {size:.0f} MB)   peer fetch-all {peer[0]:6.1f} s  peak {peer[1]:6.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=100_000, help="the smaller size")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    backend = "postgresql" if args.database_url else "sqlite"
    print(f"backend={backend}")
    for activities in (args.activities, 10 * args.activities):
        with tempfile.TemporaryDirectory() as scratch, scratch_database(args.database_url) as url:
            run(
                url if args.database_url else f"sqlite:///{scratch}/bench.db",
                activities,
                Path(scratch),
            )


if __name__ == "__main__":
    main()
