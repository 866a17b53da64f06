"""Name folding, so "Müller", "Mueller" and "Muller" become one key.

Folding both ways (ü -> u and ue -> u) is deliberate: people type either spelling, and a key
that is the same for both lets one comparison match them. The key is only ever compared with
other keys, never shown.
"""

import re
import unicodedata

_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
_LETTERS = str.maketrans(
    {"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ẞ": "ss", "ł": "l", "ø": "o", "đ": "d", "æ": "ae"}
)
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(name: str) -> str:
    """Lower-case, umlaut- and accent-free, punctuation turned into single spaces."""
    text = name.casefold().translate(_LETTERS)
    if not text.isascii():  # ASCII has nothing to decompose: most names, once umlauts are gone
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    return _NOT_WORD.sub(" ", text).strip()
