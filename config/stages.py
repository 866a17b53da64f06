"""The sales stages a team configures (`CRM_STAGES`), read once into a typed table.

The setting is a comma-separated list of `name[/alias...]:probability`, in pipeline order:
`lead:10,qualified:25,offer:50,negotiation:75,won:100,lost:0`. It lives in config, not in
handlers, because storage needs the probabilities inside its SQL (weighted sums) and storage
may import config only. The last two stages close a deal: the won one (100 %) and then the
lost one (0 %); every stage before them is open. The German name of a default stage comes
from the message catalogue (handlers/stages.py adds it); `/alias` spells extra names for a
team's own stages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

DEFAULT_STAGES = "lead:10,qualified:25,offer:50,negotiation:75,won:100,lost:0"
DEFAULT_COMMITTED = "negotiation"
NAME_LIMIT = 32
"""The width of deals.stage in the database."""


@dataclass(frozen=True)
class Stage:
    name: str
    probability: int
    """Percent, 0 to 100: the share of a deal's value the weighted figures count."""
    order: int
    aliases: tuple[str, ...]
    closed: bool
    committed: bool
    """Negotiation or later (open stages only): what the team counts on."""


@dataclass(frozen=True)
class Stages:
    all: tuple[Stage, ...]

    @property
    def first(self) -> Stage:
        """Where a new deal starts."""
        return self.all[0]

    @property
    def won(self) -> Stage:
        return self.all[-2]

    @property
    def lost(self) -> Stage:
        return self.all[-1]

    @property
    def open(self) -> tuple[Stage, ...]:
        return self.all[:-2]

    @property
    def probabilities(self) -> dict[str, int]:
        return {stage.name: stage.probability for stage in self.all}

    @property
    def committed_names(self) -> tuple[str, ...]:
        return tuple(stage.name for stage in self.all if stage.committed)

    def get(self, name: str) -> Stage | None:
        return next((stage for stage in self.all if stage.name == name), None)

    def after(self, name: str) -> tuple[Stage, ...]:
        """The stages a deal in `name` can move on to (the buttons under a deal)."""
        stage = self.get(name)
        if stage is None or stage.closed:
            return ()
        return tuple(other for other in self.all if other.order > stage.order)


@cache
def parse_stages(text: str, committed: str = DEFAULT_COMMITTED) -> Stages:
    """The table `text` describes, or ValueError saying what is wrong with the setting.

    `committed` names the first stage that counts as committed; it and every later open stage
    do. Cached: settings are read once, but every pipeline asks for its table.
    """
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    if len(entries) < 3:
        raise ValueError("CRM_STAGES needs at least one open stage, then won, then lost")
    parsed = [_entry(entry) for entry in entries]
    names = [name for names, _ in parsed for name in names]
    if len({name.casefold() for name in names}) != len(names):
        raise ValueError("CRM_STAGES names a stage (or alias) twice")
    if parsed[-2][1] != 100 or parsed[-1][1] != 0:
        raise ValueError("CRM_STAGES must end with the won stage (100) and the lost stage (0)")
    open_names = [names[0] for names, _ in parsed[:-2]]
    if committed not in open_names:
        raise ValueError(f"CRM_COMMITTED_STAGE {committed!r} is not an open stage")
    first_committed = open_names.index(committed)
    return Stages(
        tuple(
            Stage(
                name=names[0],
                probability=probability,
                order=order,
                aliases=names[1:],
                closed=order >= len(parsed) - 2,
                committed=first_committed <= order < len(parsed) - 2,
            )
            for order, (names, probability) in enumerate(parsed)
        )
    )


def _entry(entry: str) -> tuple[tuple[str, ...], int]:
    words, colon, number = entry.rpartition(":")
    if not colon or not number.strip().isdigit() or int(number) > 100:
        raise ValueError(f"CRM_STAGES entry {entry!r} is not name:percent (0 to 100)")
    names = tuple(name.strip() for name in words.split("/"))
    if not all(names) or any(len(name) > NAME_LIMIT or " " in name for name in names):
        raise ValueError(f"CRM_STAGES entry {entry!r} has an empty, spaced or long name")
    return names, int(number)
