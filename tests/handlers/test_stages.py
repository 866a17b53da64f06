"""Naming a stage or a lost reason in either language, loosely but never by a guess."""

from __future__ import annotations

import pytest

from config.stages import DEFAULT_STAGES, parse_stages
from handlers.stages import StageError, match_lost_reason, resolve_stage, stage_label

STAGES = parse_stages(DEFAULT_STAGES)
REASONS = ("Preis", "Wettbewerber", "kein Budget", "kein Bedarf", "Timing", "keine Rückmeldung")


@pytest.mark.parametrize(
    ("word", "stage"),
    [
        ("lead", "lead"),
        ("Lead", "lead"),
        ("qualified", "qualified"),
        ("qualifiziert", "qualified"),
        ("Angebot", "offer"),
        ("OFFER", "offer"),
        ("verhandlung", "negotiation"),
        ("Verh", "negotiation"),
        ("neg", "negotiation"),
        ("gewonnen", "won"),
        ("verloren", "lost"),
        ("quali", "qualified"),
        ("negotiaton", "negotiation"),
        ("angbot", "offer"),
    ],
)
def test_a_stage_is_named_in_either_language(word: str, stage: str) -> None:
    assert resolve_stage(STAGES, word).name == stage


def test_a_beginning_two_stages_share_offers_both() -> None:
    with pytest.raises(StageError) as refused:
        resolve_stage(STAGES, "ver")
    assert refused.value.reason == "ambiguous"
    assert [s.name for s in refused.value.candidates] == ["negotiation", "lost"]


@pytest.mark.parametrize("word", ["x", "lo", "deal", "closed", "12"])
def test_a_word_that_names_no_stage_lists_them_all(word: str) -> None:
    with pytest.raises(StageError) as refused:
        resolve_stage(STAGES, word)
    assert refused.value.reason == "unknown"
    assert refused.value.candidates == STAGES.all


def test_nothing_typed_is_refused() -> None:
    with pytest.raises(StageError, match="empty"):
        resolve_stage(STAGES, "  ")


def test_a_teams_alias_names_its_stage() -> None:
    stages = parse_stages("erstkontakt/first-call:5,demo:40,won:100,lost:0", "demo")
    assert resolve_stage(stages, "First-Call").name == "erstkontakt"
    assert resolve_stage(stages, "gewonnen").name == "won"


def test_a_stage_shows_in_the_members_language() -> None:
    offer = STAGES.get("offer")
    assert offer is not None
    assert (stage_label(offer, "de"), stage_label(offer, "en")) == ("Angebot", "offer")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("preis", "Preis"),
        ("Wettbew", "Wettbewerber"),
        ("keine rueckmeldung", "keine Rückmeldung"),
        ("kein budget", "kein Budget"),
        ("kein", "kein"),
        ("zu teuer im Vergleich ", "zu teuer im Vergleich"),
    ],
)
def test_a_lost_reason_is_the_teams_wording_or_kept_as_written(text: str, reason: str) -> None:
    assert match_lost_reason(REASONS, text) == reason
