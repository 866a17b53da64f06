"""The command table machinery: verbs, their aliases, their help, their argument parsers.

A verb declares how its arguments read (`parse`: the text after the verb -> a typed value)
and what to do with them (`handler`: that value and the Context -> a Reply). The line is
parsed once, here; a handler never splits text again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from rapidfuzz import process

from handlers.arguments import BadArguments
from handlers.context import Context, Refusal
from handlers.i18n import Translate
from handlers.reply import Reply
from storage.folding import fold

A = TypeVar("A")
Parse = Callable[[str, Context], A]
Handler = Callable[[A, Context], Reply]


@dataclass(frozen=True)
class Verb(Generic[A]):
    """One command of the language.

    `presets` are words that stand for this verb with a first argument already given:
    `anruf Müller: ...` is `log call Müller: ...`. `usage`, `summary` and `details` are
    English message ids, translated when help is shown. `menu` is False for verbs that
    chat payloads become (a shared location, a photo): a platform's command menu leaves
    them out. `more_help` adds lines to `help <verb>` that are tables rather than prose
    (the hours of the parts of the day for `followup`).
    """

    name: str
    parse: Parse[A]
    handler: Handler[A]
    usage: str
    summary: str
    aliases: tuple[str, ...] = ()
    presets: dict[str, str] = field(default_factory=dict)
    details: str = ""
    admin_only: bool = False
    examples: tuple[str, ...] = ()
    menu: bool = True
    more_help: Callable[[Translate], list[str]] | None = None

    def run(self, args_text: str, ctx: Context) -> Reply:
        """Parse the arguments once into their typed value and hand it to the handler."""
        try:
            args = self.parse(args_text, ctx)
        except BadArguments as bad:
            raise self.refusal(bad, ctx) from bad
        return self.handler(args, ctx)

    def refusal(self, bad: BadArguments, ctx: Context) -> Refusal:
        """Arguments that do not fit: what is wrong, then how the verb is used."""
        usage = ctx.t("Use: {usage}", usage=ctx.t(self.usage))
        return Refusal(f"{bad.problem} {usage}".strip(), usage=self.name)


@dataclass(frozen=True)
class Resolved:
    verb: Verb[Any]
    args: str


class Registry:
    """All verbs, looked up by name, alias or preset word (case and umlauts folded).

    A word that folds to nothing (an emoji, "...") is looked up as typed, so only the
    declared "?" finds help, and "✅ Angebot angenommen" is no command at all.
    """

    def __init__(self, verbs: Iterable[Verb[Any]]) -> None:
        self.verbs: tuple[Verb[Any], ...] = tuple(verbs)
        self._words: dict[str, tuple[Verb[Any], str]] = {}
        self._spelled: dict[str, str] = {}
        for verb in self.verbs:
            self._add(verb.name, verb, "")
            for alias in verb.aliases:
                self._add(alias, verb, "")
            for word, preset in verb.presets.items():
                self._add(word, verb, preset)

    def _add(self, word: str, verb: Verb[Any], preset: str) -> None:
        key = _key(word)
        if key in self._words:
            raise ValueError(f"command word {word!r} is declared twice")
        self._words[key] = (verb, preset)
        self._spelled[key] = word

    def resolve(self, line: str) -> Resolved | None:
        """The verb a cleaned command line starts with, and the arguments after it."""
        word, _, rest = line.partition(" ")
        found = self._words.get(_key(word))
        if found is None:
            return None
        verb, preset = found
        args = f"{preset} {rest.strip()}".strip() if preset else rest.strip()
        return Resolved(verb, args)

    def find(self, word: str) -> Verb[Any] | None:
        found = self._words.get(_key(word))
        return found[0] if found else None

    def suggest(self, word: str) -> str | None:
        """The command word closest to a mistyped one, for "did you mean"."""
        key = fold(word)
        if not key:
            return None
        best = process.extractOne(key, list(self._words), score_cutoff=70)
        return self._spelled[best[0]] if best else None

    def words_of(self, verb: Verb[Any]) -> list[str]:
        return [verb.name, *verb.aliases, *verb.presets]


def _key(word: str) -> str:
    return fold(word) or word.strip()
