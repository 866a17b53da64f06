"""The keys a party is found by, besides its name: one spelling for many ways of writing.

`find 030/1234567` and a card saying "+49 30 1234567" must meet, so phone numbers are
compared in E.164; e-mail addresses in lower case; names without their legal form, because
"Müller GmbH" and "Müller AG" are one firm to the person adding the second.
"""

from __future__ import annotations

import re

import phonenumbers

from storage.folding import fold

LEGAL_FORMS = re.compile(
    r"\b(?:gmbh (?:u|und) co kg|gmbh co kg|ag (?:u|und) co kg|co kg|gmbh|ggmbh|ag|kg|kgaa|ohg|"
    r"gbr|e k|ek|ug|ug haftungsbeschrankt|haftungsbeschrankt|ltd|limited|inc|llc|corp|se|e v|ev)\b"
)
DEFAULT_REGION = "DE"


def core_key(name: str) -> str:
    """The folded name with legal forms and "&" set aside: "Müller & Co. KG" -> "muller"."""
    key = LEGAL_FORMS.sub(" ", fold(name))
    return " ".join(key.split()) or fold(name)


def phone_key(value: str | None) -> str | None:
    """The number in E.164 ("+49301234567"), or None when it is no valid number."""
    if not value:
        return None
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_INTERNATIONAL = re.compile(r"\+[0-9][0-9 \-]*")


def checked_phone_key(international: str | None) -> str | None:
    """`phone_key` of a number already checked and written in international form, as
    handlers.fields writes it ("+49 221 123456"): the plus and its digits, without parsing
    it again (that parse was a fifth of an import's time). Any other notation (an
    extension, dots) is parsed."""
    if international and _INTERNATIONAL.fullmatch(international):
        return "+" + "".join(ch for ch in international if ch.isdigit())
    return phone_key(international)


def phone_forms(e164: str | None) -> list[str]:
    """The ways people write one number: +49 171 2345678, 0171 2345678, 01712345678, and
    E.164 itself; none for a number that is not valid."""
    if not e164:
        return []
    number = phonenumbers.parse(e164, DEFAULT_REGION)
    formats = (
        phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        phonenumbers.PhoneNumberFormat.NATIONAL,
    )
    written = [phonenumbers.format_number(number, f) for f in formats]
    return [e164, *written, "".join(ch for ch in written[-1] if ch.isdigit())]


def email_key(value: str | None) -> str | None:
    return value.strip().lower() if value else None
