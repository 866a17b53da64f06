"""Every message a member can see has its German, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from handlers.i18n import LOCALE_DIR, format_moment, translator
from tests.conftest import BERLIN, MONDAY_9

ROOT = Path(__file__).parents[2]
TRANSLATED = ("handlers", "bot")
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _message_ids() -> set[str]:
    ids: set[str] = set()
    for package in TRANSLATED:
        found = extract_from_dir(
            str(ROOT / package), keywords={"t": None, "N_": None, "plural": (1, 2)}, comment_tags=()
        )
        ids |= {m if isinstance(m, str) else m[0] for _file, _line, m, _c, _ctx in found}
    return ids


def test_every_message_has_a_german_translation() -> None:
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    untranslated = sorted(
        m for m in _message_ids() if not (catalog.get(m) and catalog.get(m).string)
    )
    assert untranslated == []


def test_translations_keep_their_placeholders() -> None:
    german = translator("de")
    broken = [
        m
        for m in _message_ids()
        if set(PLACEHOLDER.findall(german(m))) != set(PLACEHOLDER.findall(m))
    ]
    assert broken == []


def test_the_catalogue_is_where_the_translator_reads_it() -> None:
    assert (LOCALE_DIR / "de" / "LC_MESSAGES" / "messages.po").is_file()


def test_moments_read_in_the_members_language_and_zone() -> None:
    assert format_moment(MONDAY_9, "de", BERLIN) == "Mo. 23. Nov. 2026, 09:00"
    assert format_moment(MONDAY_9, "en", BERLIN) == "Mon 23 Nov 2026, 09:00"
