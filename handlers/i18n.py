"""Two languages from gettext catalogues.

Message ids are the English text; handlers/locale/de.po holds the German. Babel reads the .po
file and compiles it in memory on first use, so there is no compile step to forget in a
deployment. Counted phrases go through `plural`, gettext's ngettext, with the catalogue's own
plural rule ("1 Mitglied", "2 Mitglieder").
"""

from __future__ import annotations

import gettext
from datetime import datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.messages.mofile import write_mo
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
    N_("open"), N_("done"), N_("cancelled"), N_("paused"), N_("admin"), N_("member"),
)  # fmt: skip
"""Words stored in English in the database and translated when shown (`t(party.kind)`)."""


class Translate:
    """Turns English message ids into one language, filling in `{placeholders}`."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._catalog = _translations(language)

    def __call__(self, message: str, /, **values: object) -> str:
        text = self._catalog.gettext(message)
        return text.format(**values) if values else text

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """A counted phrase; `{count}` is filled in with `count`."""
        return self._catalog.ngettext(singular, plural, count).format(count=count, **values)


@cache
def _translations(language: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@cache
def translator(language: str) -> Translate:
    """The translator for `language` (one per language, shared)."""
    return Translate(language)


def format_moment(moment: datetime, language: str, zone: ZoneInfo) -> str:
    """A due time as a member reads it: weekday, date and time in their own zone."""
    pattern = "EEE d. MMM yyyy, HH:mm" if language == "de" else "EEE d MMM yyyy, HH:mm"
    return format_datetime(moment, pattern, tzinfo=zone, locale=language)
