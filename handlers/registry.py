"""The command table machinery: verbs, their aliases, their help, and lookup."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import process

from handlers.command import Command
from handlers.context import Context
from handlers.reply import Reply
from storage.folding import fold

Handler = Callable[[Command, Context], Reply]


@dataclass(frozen=True)
class Verb:
    """One command of the language.

    `presets` are words that stand for this verb with a first argument already given:
    `anruf Müller: ...` is `log call Müller: ...`. `usage`, `summary` and `details` are
    English message ids, translated when help is shown.
    """

    name: str
    handler: Handler
    usage: str
    summary: str
    aliases: tuple[str, ...] = ()
    presets: dict[str, str] = field(default_factory=dict)
    details: str = ""
    admin_only: bool = False
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolved:
    verb: Verb
    args: str


class Registry:
    """All verbs, looked up by name, alias or preset word (case and umlauts folded)."""

    def __init__(self, verbs: Iterable[Verb]) -> None:
        self.verbs: tuple[Verb, ...] = tuple(verbs)
        self._words: dict[str, tuple[Verb, str]] = {}
        self._spelled: dict[str, str] = {}
        for verb in self.verbs:
            self._add(verb.name, verb, "")
            for alias in verb.aliases:
                self._add(alias, verb, "")
            for word, preset in verb.presets.items():
                self._add(word, verb, preset)

    def _add(self, word: str, verb: Verb, preset: str) -> None:
        key = fold(word)
        if key in self._words:
            raise ValueError(f"command word {word!r} is declared twice")
        self._words[key] = (verb, preset)
        self._spelled[key] = word

    def resolve(self, command: Command) -> Resolved | None:
        found = self._words.get(fold(command.verb))
        if found is None:
            return None
        verb, preset = found
        args = f"{preset} {command.args}".strip() if preset else command.args
        return Resolved(verb, args)

    def find(self, word: str) -> Verb | None:
        found = self._words.get(fold(word))
        return found[0] if found else None

    def suggest(self, word: str) -> str | None:
        """The command word closest to a mistyped one, for "did you mean"."""
        best = process.extractOne(fold(word), list(self._words), score_cutoff=70)
        return self._spelled[best[0]] if best else None

    def words_of(self, verb: Verb) -> list[str]:
        return [verb.name, *verb.aliases, *verb.presets]
