"""CRM_STAGES and the other deal settings: the defaults, and a broken value stops the start."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from config import load_settings
from config.stages import DEFAULT_STAGES, parse_stages


def test_default_stages_in_order_with_their_percents() -> None:
    stages = load_settings().stages
    assert [(s.name, s.probability) for s in stages.all] == [
        ("lead", 10),
        ("qualified", 25),
        ("offer", 50),
        ("negotiation", 75),
        ("won", 100),
        ("lost", 0),
    ]
    assert stages.first.name == "lead"
    assert (stages.won.name, stages.lost.name) == ("won", "lost")
    assert [s.name for s in stages.open] == ["lead", "qualified", "offer", "negotiation"]


def test_negotiation_and_later_open_stages_are_committed() -> None:
    stages = parse_stages(DEFAULT_STAGES)
    assert stages.committed_names == ("negotiation",)
    assert [s.closed for s in stages.all] == [False] * 4 + [True] * 2
    assert parse_stages(DEFAULT_STAGES, "offer").committed_names == ("offer", "negotiation")


def test_a_deal_moves_on_to_later_stages_only() -> None:
    stages = parse_stages(DEFAULT_STAGES)
    assert [s.name for s in stages.after("offer")] == ["negotiation", "won", "lost"]
    assert stages.after("won") == ()


def test_a_team_names_its_own_stages_with_aliases() -> None:
    stages = parse_stages(
        "erstkontakt/first-call:5,demo:40,vertrag/contract:80,won:100,lost:0", "demo"
    )
    assert stages.all[0].aliases == ("first-call",)
    assert stages.probabilities["vertrag"] == 80
    assert stages.committed_names == ("demo", "vertrag")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("won:100,lost:0", "at least one open stage"),
        ("lead:10,won:100,lost:5", "won stage"),
        ("lead:10,lost:0,won:100", "won stage"),
        ("lead:ten,won:100,lost:0", "name:percent"),
        ("lead:110,won:100,lost:0", "name:percent"),
        ("lead:10,lead:20,won:100,lost:0", "twice"),
        ("lead/Won:10,won:100,lost:0", "twice"),
        ("big lead:10,won:100,lost:0", "spaced"),
    ],
)
def test_a_broken_stage_setting_is_refused_at_start(text: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        load_settings(crm_stages=text, crm_committed_stage="lead")


def test_the_committed_stage_must_be_an_open_one() -> None:
    with pytest.raises(ValidationError, match="not an open stage"):
        load_settings(crm_committed_stage="won")


def test_deal_settings_defaults_and_currency_check() -> None:
    settings = load_settings()
    assert settings.crm_currency == "EUR" and settings.crm_stale_days == 14
    assert settings.lost_reasons == (
        "Preis", "Wettbewerber", "kein Budget", "kein Bedarf", "Timing", "keine Rückmeldung",
    )  # fmt: skip
    assert load_settings(crm_currency="chf").crm_currency == "CHF"
    with pytest.raises(ValidationError, match="ISO 4217"):
        load_settings(crm_currency="EURO")
