"""Naming a stage or a lost reason as people type them, in German or English.

A stage is found by its name, its `/aliases` from CRM_STAGES, or its name in either language
of the catalogue (`angebot` is `offer`), folded so case and umlauts do not matter. A unique
beginning of three letters or more is clear (`verh`), and a typo is forgiven only when one
stage is clearly closest; anything else is refused with the list, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz, process

from config.stages import Stage, Stages
from handlers.i18n import LANGUAGES, N_, translator
from handlers.lookup import CLEAR_MARGIN, CLEAR_SCORE
from storage.folding import fold

STAGE_WORDS: Final = (
    N_("lead"), N_("qualified"), N_("offer"), N_("negotiation"), N_("won"), N_("lost"),
)  # fmt: skip
"""The default stages' names, so the catalogue gives each its German."""
SHORTEST_PREFIX: Final = 3


class StageError(ValueError):
    """No single stage is meant. `reason` is "empty", "unknown" or "ambiguous"; `word` is
    what the member typed; `candidates` are the stages to offer (all of them when unknown)."""

    def __init__(self, reason: str, word: str, candidates: tuple[Stage, ...]) -> None:
        super().__init__(reason, word)
        self.reason = reason
        self.word = word
        self.candidates = candidates


@dataclass(frozen=True)
class _Spelling:
    key: str
    stage: Stage


def resolve_stage(stages: Stages, word: str) -> Stage:
    """The stage `word` names, or StageError with the stages to offer instead."""
    key = fold(word)
    if not key:
        raise StageError("empty", word, stages.all)
    spellings = _spellings(stages)
    exact = {s.stage for s in spellings if s.key == key}
    if len(exact) == 1:
        return exact.pop()
    if len(key) >= SHORTEST_PREFIX:
        begun = {s.stage for s in spellings if s.key.startswith(key)}
        if len(begun) == 1:
            return begun.pop()
        if len(begun) > 1:
            raise StageError("ambiguous", word, _in_order(begun))
    return _closest(stages, spellings, word, key)


def stage_label(stage: Stage, language: str) -> str:
    """The stage's name in the member's language (the configured name if none is known)."""
    return translator(language)(stage.name)


def match_lost_reason(reasons: tuple[str, ...], text: str) -> str:
    """The team's own wording of the reason `text` names, or `text` itself as free text.

    Exact (folded) or a unique beginning counts; `preis` and `Wettbew` become the listed
    reason, "zu teuer im Vergleich" stays as the member wrote it.
    """
    key = fold(text)
    exact = [reason for reason in reasons if fold(reason) == key]
    if exact:
        return exact[0]
    begun = [
        reason for reason in reasons if len(key) >= SHORTEST_PREFIX and fold(reason).startswith(key)
    ]
    return begun[0] if len(begun) == 1 else text.strip()


def _spellings(stages: Stages) -> list[_Spelling]:
    spellings = []
    for stage in stages.all:
        names = {stage.name, *stage.aliases}
        names |= {translator(language)(stage.name) for language in LANGUAGES}
        spellings += [_Spelling(fold(name), stage) for name in names]
    return spellings


def _closest(stages: Stages, spellings: list[_Spelling], word: str, key: str) -> Stage:
    scored = process.extract(key, [s.key for s in spellings], scorer=fuzz.ratio, limit=None)
    best: dict[Stage, float] = {}
    for _key, score, index in scored:
        stage = spellings[index].stage
        best[stage] = max(best.get(stage, 0.0), score)
    ranked = sorted(best.items(), key=lambda item: -item[1])
    top_stage, top = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if top >= CLEAR_SCORE and top - runner_up >= CLEAR_MARGIN:
        return top_stage
    raise StageError("unknown", word, stages.all)


def _in_order(found: set[Stage]) -> tuple[Stage, ...]:
    return tuple(sorted(found, key=lambda stage: stage.order))
