"""Small parsers for the argument shapes the command language uses."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAIR = re.compile(r"""(?P<key>[\w-]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))""")
_MENTION = re.compile(r"(?:^|\s)@(?P<who>#\d+|[\w.\-]+)")


@dataclass(frozen=True)
class NameAndPairs:
    name: str
    pairs: dict[str, str]


def name_and_pairs(text: str) -> NameAndPairs:
    """`Müller GmbH city=Köln tags="a, b"` -> name "Müller GmbH" and the key=value pairs.

    The name is everything before the first pair; quotes around it are dropped.
    """
    first = _PAIR.search(text)
    head = text[: first.start()] if first else text
    pairs = {
        m["key"].lower(): next(v for v in (m["dq"], m["sq"], m["bare"]) if v is not None)
        for m in _PAIR.finditer(text)
    }
    return NameAndPairs(unquote(head.strip()), pairs)


def head_and_body(text: str) -> tuple[str, str]:
    """Split `<head>: <body>` at the first colon that is followed by a space or the end.

    A colon inside a time ("14:30") does not split.
    """
    match = re.search(r":(\s|$)", text)
    if match is None:
        return text.strip(), ""
    return text[: match.start()].strip(), text[match.end() :].strip()


def take_mention(text: str) -> tuple[str, str | None]:
    """Remove the first `@name` (or `@#id`) from text and return it separately."""
    match = _MENTION.search(text)
    if match is None:
        return text, None
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    return " ".join(rest.split()), match["who"]


def unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1].strip()
    return text
