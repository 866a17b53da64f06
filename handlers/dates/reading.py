"""One prepared phrase to one moment: the rules first, dateparser last."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.dates import fallback, rules
from handlers.dates.base import Base, NoMomentError
from handlers.dates.prepare import Prepared, prepare


def moment_of(
    prepared: Prepared | None, local: datetime, base: Base, *, dateparser: bool
) -> datetime | None:
    """The moment, past or not; None if not every word is read. dateparser is asked only
    for what the rules leave that has a word only it reads. Raises NoMomentError (and
    AmbiguousDateError) as `rules.parse` does."""
    if prepared is None or not prepared.words or not prepared.worth_reading():
        return None
    moment = rules.parse(prepared.key, local, base)
    if moment is None and dateparser and prepared.worth_dateparser():
        zone = local.tzinfo
        assert isinstance(zone, ZoneInfo)
        moment = fallback.parse(prepared.text, local, zone)
    return moment


def reads(phrase: str, local: datetime, base: Base) -> bool:
    """Whether the rules read `phrase` whole (past or not)."""
    try:
        return moment_of(prepare(phrase), local, base, dateparser=False) is not None
    except NoMomentError:
        return False
