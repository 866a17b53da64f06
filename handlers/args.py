"""Small parsers for the argument shapes the command language uses."""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"(?:^|\s)(?P<key>[\w-]+)=")
_MENTION = re.compile(r"(?:^|\s)@(?P<who>#\d+|[\w.\-]+)")


@dataclass(frozen=True)
class NameAndPairs:
    name: str
    pairs: dict[str, str]


def name_and_pairs(text: str) -> NameAndPairs:
    """`Müller GmbH city=Bad Homburg phone=0221 123456` -> the name and the key=value pairs.

    The name is everything before the first pair; a value runs up to the next `key=`, so
    values may hold spaces ("Bad Homburg") and nothing typed is silently dropped. Quotes
    around the name or a value are removed.
    """
    keys = list(_KEY.finditer(text))
    head = text[: keys[0].start()] if keys else text
    pairs: dict[str, str] = {}
    ends = [following.start() for following in keys[1:]] + [len(text)]
    for here, end in zip(keys, ends, strict=False):
        pairs[here["key"].lower()] = unquote(text[here.end() : end].strip())
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
