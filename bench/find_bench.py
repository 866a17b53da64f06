"""How fast and how right `find` is: NameIndex.search against exhaustive WRatio.

Fills a database with N synthetic German company names (deterministic for a seed), then for
100 misspelt queries of names that exist times NameIndex.search and an exhaustive
rapidfuzz.process.extract over every folded name, and counts how often both put the same
party first (or an equally scored one: with duplicate names a tie is no disagreement).

    .venv/bin/python -m bench.find_bench                       # 100,000 on a SQLite file
    .venv/bin/python -m bench.find_bench --sizes 100000,1000000
    .venv/bin/python -m bench.find_bench --database-url postgresql+psycopg://postgres@127.0.0.1:5432/crm_find_bench

Sizes run in ascending order on one database, each adding rows to the last. A database
given by URL must be an empty scratch database. At sizes above 200,000 the exhaustive side
runs on the first 20 queries unless --exhaustive says otherwise (it takes ~2 s a query).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bench.timing import percentile
from storage.db import Database
from storage.folding import fold
from storage.search import MAX_QUERY_CHARS, NameIndex
from storage.search.bulk import add_companies, folded_names


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = _words(
    """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer
Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann
Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König
Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel
Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster
Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel
Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch
Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Lindner Ernst Hübner Kramer Jansen Franz
Peter Hansen Götz Paul Wenzel Hammer Dreher Baier Roller Eckert Rösler Brückner Stößel Nägele
Märtens Büttner Gärtner Kübler Wächter Schön Lübke Hölzl Fröhlich Müllner Schüler"""
)
FIRST_NAMES = _words(
    """Hans Peter Klaus Jürgen Uwe Dieter Günter Horst Karl Heinz Werner Wolfgang Anna
Maria Ursula Monika Petra Sabine Renate Helga Jörg Björn Sören Käthe Lena Jonas Lukas Jörn"""
)
TRADES = _words(
    """Bäckerei Metzgerei Autohaus Elektrotechnik Sanitärtechnik Dachdeckerei Schreinerei
Tischlerei Malerbetrieb Gärtnerei Apotheke Optik Reisebüro Steuerberatung Immobilien
Bauunternehmen Spedition Druckerei Brauerei Weinhandel Getränkehandel Maschinenbau Metallbau
Fliesenlegerei Heizungsbau Zahntechnik Kfz-Werkstatt Blumenhaus Modehaus Möbelhaus Landhandel
Softwarehaus Ingenieurbüro Architekturbüro Hausverwaltung Gebäudereinigung Fahrschule
Friseursalon Konditorei Feinkost Schlüsseldienst Glaserei Schlosserei Zimmerei Küchenstudio
Hörakustik Orthopädietechnik Bestattungen Umzüge Kältetechnik"""
)
PLACES = _words(
    """Köln München Düsseldorf Nürnberg Lübeck Münster Göttingen Würzburg Osnabrück
Saarbrücken Berlin Hamburg Bremen Essen Dortmund Bochum Bonn Aachen Mainz Wiesbaden Kassel
Erfurt Jena Leipzig Dresden Chemnitz Rostock Kiel Hannover Braunschweig Bielefeld Paderborn
Freiburg Stuttgart Ulm Augsburg Regensburg Passau Trier Koblenz Fürth Gießen Lüneburg Tübingen
Böblingen Offenbach Darmstadt Heidelberg Mannheim Karlsruhe Pforzheim Ingolstadt Bamberg Bayreuth
Schwäbisch-Hall Füssen Görlitz Zwickau Halle Magdeburg Potsdam Cottbus Schwerin Wismar Flensburg
Husum Oldenburg Emden Wolfsburg Salzgitter Hildesheim Celle Lüdenscheid Hagen Wuppertal
Solingen Remscheid Neuss Krefeld Mönchengladbach Völklingen"""
)
FORMS = [
    "GmbH",
    "KG",
    "AG",
    "OHG",
    "GmbH & Co. KG",
    "e.K.",
    "UG (haftungsbeschränkt)",
    "GbR",
    "mbH",
    "& Partner",
]
PATTERNS = (
    (4, "{s} {t} {f}"),
    (3, "{t} {s} {p}"),
    (1, "{s} & Söhne {f}"),
    (2, "{s} & {s2} {f}"),
    (4, "{t} {p} {s} {f}"),
    (2, "{n} {s} {t} {p}"),
    (2, "{s}-{s2} {t} {p} {f}"),
    (1, "{t} {s} {f}"),
)
UMLAUTS = {"ä": ("ae", "a"), "ö": ("oe", "o"), "ü": ("ue", "u"), "ß": ("ss",)}
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def company_names(seed: int) -> Iterator[str]:
    """An endless, deterministic stream of German-like company names."""
    rng = random.Random(seed)
    weights = [weight for weight, _ in PATTERNS]
    patterns = [pattern for _, pattern in PATTERNS]
    while True:
        pattern = rng.choices(patterns, weights)[0]
        yield pattern.format(
            s=rng.choice(SURNAMES),
            s2=rng.choice(SURNAMES),
            n=rng.choice(FIRST_NAMES),
            t=rng.choice(TRADES),
            p=rng.choice(PLACES),
            f=rng.choice(FORMS),
        )


def misspell(name: str, rng: random.Random) -> str:
    """One slip a person makes: a letter dropped, swapped or wrong, or an umlaut respelt."""
    text = name.lower() if rng.random() < 0.7 else name
    umlauts = [i for i, ch in enumerate(text) if ch.lower() in UMLAUTS]
    kind = rng.choice(["drop", "swap", "replace", "umlaut"])
    if kind == "umlaut" and umlauts:
        i = rng.choice(umlauts)
        return text[:i] + rng.choice(UMLAUTS[text[i].lower()]) + text[i + 1 :]
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    i = rng.choice(letters[:-1])
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice(LETTERS) + text[i + 1 :]


@dataclass
class Row:
    size: int
    insert_s: float
    build_s: float
    first_ms: float
    p50: float
    p95: float
    worst: float
    exhaustive_p50: float
    exhaustive_p95: float
    agree: int
    compared: int
    found: int
    queries: int
    index_mb: float
    rss_mb: float
    peak_mb: float


def run_size(db: Database, size: int, have: int, args: argparse.Namespace) -> Row:
    names = company_names(args.seed)
    started = time.perf_counter()
    add_companies(db, (name for i, name in zip(range(size), names, strict=False) if i >= have))
    insert_s = time.perf_counter() - started
    ids, keys = folded_names(db)
    assert len(ids) == size, f"expected {size} parties, found {len(ids)}"

    rng = random.Random(args.seed + size)
    targets = [rng.randrange(size) for _ in range(args.queries)]
    wanted = set(targets)
    originals = {
        i: name
        for i, name in zip(range(size), company_names(args.seed), strict=False)
        if i in wanted
    }
    queries = [misspell(originals[t], rng) for t in targets]

    rss_before, _ = memory_mb()
    index = NameIndex(db)
    started = time.perf_counter()
    index.refresh()
    build_s = time.perf_counter() - started
    index_mb = memory_mb()[0] - rss_before
    started = time.perf_counter()
    index.search(queries[0])
    first_ms = (time.perf_counter() - started) * 1000

    timings, results = [], []
    for query in queries:
        started = time.perf_counter()
        results.append(index.search(query, 10))
        timings.append((time.perf_counter() - started) * 1000)
    rss, peak = memory_mb()
    found = sum(
        any(m.party_id == ids[t] or fold(m.name) == keys[t] for m in matches)
        for t, matches in zip(targets, results, strict=True)
    )

    compared = (
        args.exhaustive
        if args.exhaustive is not None
        else (len(queries) if size <= 200_000 else min(20, len(queries)))
    )
    exhaustive_ms, agree = [], 0
    for query, matches in list(zip(queries, results, strict=True))[:compared]:
        started = time.perf_counter()
        best = process.extract(
            fold(query[:MAX_QUERY_CHARS]), keys, scorer=fuzz.WRatio, processor=None, limit=10
        )
        exhaustive_ms.append((time.perf_counter() - started) * 1000)
        if best and matches:
            _, score, position = best[0]
            agree += ids[position] == matches[0].party_id or abs(score - matches[0].score) < 1e-9
        else:
            agree += not best and not matches
    index.close()
    return Row(
        size=size,
        insert_s=insert_s,
        build_s=build_s,
        first_ms=first_ms,
        p50=statistics.median(timings),
        p95=percentile(timings, 95),
        worst=max(timings),
        exhaustive_p50=statistics.median(exhaustive_ms) if exhaustive_ms else 0.0,
        exhaustive_p95=percentile(exhaustive_ms, 95) if exhaustive_ms else 0.0,
        agree=agree,
        compared=compared,
        found=found,
        queries=len(queries),
        index_mb=index_mb,
        rss_mb=rss,
        peak_mb=peak,
    )


def memory_mb() -> tuple[float, float]:
    """Resident and peak resident memory of this process (the database's own not included)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def print_table(backend: str, rows: list[Row]) -> None:
    header = (
        f"{'backend':<10} {'names':>9} {'insert s':>8} {'build s':>7} {'1st ms':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'exh p50':>8} {'exh p95':>8} "
        f"{'agree':>7} {'found':>7} {'index MB':>8} {'RSS MB':>7} {'peak MB':>7}"
    )
    print(header)
    for r in rows:
        print(
            f"{backend:<10} {r.size:>9,} {r.insert_s:>8.1f} {r.build_s:>7.2f} {r.first_ms:>7.1f} "
            f"{r.p50:>7.1f} {r.p95:>7.1f} {r.worst:>7.1f} {r.exhaustive_p50:>8.0f} "
            f"{r.exhaustive_p95:>8.0f} {f'{r.agree}/{r.compared}':>7} "
            f"{f'{r.found}/{r.queries}':>7} {r.index_mb:>8.0f} {r.rss_mb:>7.0f} {r.peak_mb:>7.0f}"
        )
    print(
        "build: first catch-up of a new NameIndex (loads and indexes every name); 1st: the "
        "search after it. p50/p95/max: NameIndex.search(q, 10). exh: process.extract over all "
        "folded names with WRatio. agree: same best party, or the same best score. found: the "
        "misspelt name's party (or one of the same name) in the top 10. index MB: RSS growth "
        "from building the index; RSS/peak: the whole bench process (it also holds every "
        "folded name for the exhaustive side)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated, e.g. 100000,1000000")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--exhaustive", type=int, help="queries also run exhaustively")
    parser.add_argument(
        "--database-url", help="an empty scratch database (default: a SQLite file under /tmp)"
    )
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    url = args.database_url or fresh_sqlite_url()
    db = Database(url)
    db.upgrade()
    have = len(folded_names(db)[0])
    if have:
        raise SystemExit(f"{url} already holds {have} parties: give an empty scratch database")
    rows = []
    for size in sizes:
        rows.append(run_size(db, size, have, args))
        have = size
    db.dispose()
    print_table(db.engine.dialect.name, rows)


def fresh_sqlite_url() -> str:
    path = Path("/tmp/crm_find_bench.db")
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    return f"sqlite:///{path}"


if __name__ == "__main__":
    main()
