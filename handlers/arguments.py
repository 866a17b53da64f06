"""The typed values commands take, and the small readers every verb's parser shares.

A verb's parser turns the text after the verb into its own frozen dataclass once; the
handler works on that value. A question back to the member ("which Müller?") rebuilds a
whole command from the typed value with one part replaced (`dataclasses.replace`) and its
`line()`, never by editing the text that was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"(?:^|\s)(?P<key>[\w-]+)=")
_MENTION = re.compile(r"(?:^|\s)@(?P<who>#\d+|[\w.\-]+)")
_ID = re.compile(r"^#?(\d{1,12})$")


class BadArguments(Exception):
    """The arguments do not fit the verb: answered with `problem` and the verb's usage."""

    def __init__(self, problem: str = "") -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class PartyRef:
    """A customer as the member named it: `#12` or loose words, resolved by lookup."""

    words: str

    @classmethod
    def of(cls, party_id: int) -> PartyRef:
        return cls(f"#{party_id}")

    def __str__(self) -> str:
        return self.words


@dataclass(frozen=True)
class MemberRef:
    """A colleague as named after `@`: a name, or `#5` (what Slack mentions become)."""

    words: str

    @property
    def member_id(self) -> int | None:
        return int(self.words[1:]) if self.words.startswith("#") else None

    def __str__(self) -> str:
        return f"@{self.words}"


@dataclass(frozen=True)
class NameAndPairs:
    name: str
    pairs: dict[str, str]


def nothing(text: str, _ctx: object) -> None:
    """For verbs that take no arguments: anything after them is refused, never ignored."""
    if text.strip():
        raise BadArguments()


def rest(text: str, _ctx: object) -> str:
    """The whole text after the verb, for verbs that read one free value."""
    return text.strip()


def record_id(text: str, problem: str = "") -> int:
    """`12` or `#12`; anything else is refused with `problem` ("Which deal? …")."""
    match = _ID.match(text.strip())
    if match is None:
        raise BadArguments(problem)
    return int(match[1])


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


def pairs_line(pairs: dict[str, str]) -> str:
    """Key=value pairs written back so that `name_and_pairs` reads them the same way."""
    return "".join(f" {key}={value}" for key, value in pairs.items())


def head_and_body(text: str) -> tuple[str, str]:
    """Split `<head>: <body>` at the first colon that is followed by a space or the end.

    A colon inside a time ("14:30") does not split.
    """
    match = re.search(r":(\s|$)", text)
    if match is None:
        return text.strip(), ""
    return text[: match.start()].strip(), text[match.end() :].strip()


def take_mention(text: str) -> tuple[str, MemberRef | None]:
    """Remove the first `@name` (or `@#id`) from text and return it separately."""
    match = _MENTION.search(text)
    if match is None:
        return text, None
    rest_of_text = (text[: match.start()] + " " + text[match.end() :]).strip()
    return " ".join(rest_of_text.split()), MemberRef(match["who"])


def unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1].strip()
    return text
