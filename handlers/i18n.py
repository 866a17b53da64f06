"""Two languages from gettext catalogues.

Message ids are the English text; handlers/locale/de.po holds the German. Babel reads the .po
file directly, so there is no compile step to forget in a deployment.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LANGUAGES = ("de", "en")


def N_(message: str) -> str:  # noqa: N802 - the gettext convention the extractor knows
    """Mark a message id for the catalogue where it is declared, translated later on use."""
    return message


VOCABULARY = (
    N_("company"), N_("contact"),
    N_("customer"), N_("prospect"), N_("supplier"), N_("partner"), N_("investor"), N_("press"),
    N_("other"),
    N_("call"), N_("meeting"), N_("visit"), N_("email"), N_("note"), N_("complaint"),
    N_("open"), N_("done"), N_("cancelled"), N_("admin"), N_("member"),
)  # fmt: skip
"""Words stored in English in the database and translated when shown (`t(party.kind)`)."""


class Translate(Protocol):
    def __call__(self, message: str, /, **values: object) -> str: ...


@cache
def _catalog(language: str) -> Catalog | None:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return None
    with path.open("rb") as po:
        return read_po(po, locale=language)


def translator(language: str) -> Translate:
    """A function that turns an English message id into `language`, filling in `values`."""
    catalog = _catalog(language)

    def translate(message: str, /, **values: object) -> str:
        text = message
        if catalog is not None:
            entry = catalog.get(message)
            if entry is not None and entry.string and not entry.fuzzy:
                text = str(entry.string)
        return text.format(**values) if values else text

    return translate


def format_moment(moment: datetime, language: str, zone: ZoneInfo) -> str:
    """A due time as a member reads it: weekday, date and time in their own zone."""
    pattern = "EEE d. MMM yyyy, HH:mm" if language == "de" else "EEE d MMM yyyy, HH:mm"
    return format_datetime(moment, pattern, tzinfo=zone, locale=language)
