"""Segments on the `leads` book of conftest.py (scores: Alpha 80, Beta 48, Delta 40,
prospects; Gamma 32, a customer). Alpha has an open offer and won 100,000 EUR on 2 Nov."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import Chat


def names(answer: dict[str, object]) -> list[str]:
    data = answer["data"]
    assert isinstance(data, dict), answer
    return [row["name"] for row in data["customers"]]


def test_a_saved_segment_lists_its_customers_best_scored_first(
    chat: Chat, leads: dict[str, int]
) -> None:
    saved = chat("segment save hot: kind=prospect score>=45")
    assert saved["ok"], saved["text"]
    assert saved["data"] == {
        "segment": "hot",
        "filters": {"kind": "prospect", "score>=": "45"},
        "new": True,
    }
    shown = chat("segment hot")
    assert shown["data"]["total"] == 2
    assert [(row["name"], row["score"]) for row in shown["data"]["customers"]] == [
        ("Alpha GmbH", 80),
        ("Beta KG", 48),
    ]


def test_three_filters_with_deal_stage_and_wins(chat: Chat, leads: dict[str, int]) -> None:
    chat("segment save berlin-offer: city=Berlin stage=offer won>=1")
    assert names(chat("segment berlin-offer")) == ["Alpha GmbH"]
    chat("segment save berlin-offer: city=Berlin stage=offer won>=2")
    assert names(chat("segment berlin-offer")) == []
    chat("segment save any-offer: stage=angebot")
    assert names(chat("segment any-offer")) == ["Alpha GmbH", "Beta KG"]


def test_value_counts_revenue_won_in_twelve_months(chat: Chat, leads: dict[str, int]) -> None:
    chat("segment save big: value>=50k")
    assert names(chat("segment big")) == ["Alpha GmbH"]
    chat("segment save bigger: value>=100.001 €")
    assert chat("segment bigger")["data"]["total"] == 0


def test_an_unknown_filter_key_is_refused_and_nothing_saved(
    chat: Chat, leads: dict[str, int]
) -> None:
    answer = chat("segment save x: city=Berlin colour=red")
    assert not answer["ok"]
    assert "Unknown filter colour=" in answer["text"]
    assert "score>=" in answer["text"]
    assert not chat("segment save x: score=50")["ok"]  # score takes >=
    assert chat("segments")["data"] == {"segments": []}


def test_values_that_do_not_fit_their_key_are_refused(chat: Chat, leads: dict[str, int]) -> None:
    for filters in ("score>=abc", "score>=101", "stage=nowhere", "stage=won", "value>=lots", "kind=alien"):  # fmt: skip
        answer = chat(f"segment save x: {filters}")
        assert not answer["ok"], filters
    assert chat("segments")["data"] == {"segments": []}


def test_saving_a_name_again_changes_that_segment(chat: Chat, leads: dict[str, int]) -> None:
    chat("segment save Hot: kind=prospect")
    answer = chat("segment save hot: kind=prospect city=Hamburg")
    assert answer["data"]["new"] is False and "changed" in answer["text"]
    assert chat("segments")["data"] == {
        "segments": [{"name": "hot", "filters": {"kind": "prospect", "city": "Hamburg"}}]
    }
    assert names(chat("segment HOT")) == ["Delta"]


def test_segments_are_shared_by_the_team(
    chat: Chat, chat_as: object, leads: dict[str, int]
) -> None:
    chat("segment save hot: kind=prospect score>=45")
    bob = chat_as("bob")  # type: ignore[operator]
    assert bob("segment hot")["data"]["total"] == 2
    assert "hot: kind=prospect score>=45" in bob("segments")["text"]


def test_export_gives_every_customer_as_csv(chat: Chat, leads: dict[str, int]) -> None:
    chat("add company Formel AG kind=prospect city=Berlin tags==cmd")
    chat("segment save berlin: city=Berlin")
    answer = chat("segment berlin export")
    assert answer["data"]["count"] == 3
    assert answer["data"]["filename"] == "segment-berlin.csv"
    rows = list(csv.DictReader(io.StringIO(answer["data"]["csv"])))
    assert [(r["name"], r["kind"], r["score"]) for r in rows] == [
        ("Alpha GmbH", "prospect", "80"),
        ("Formel AG", "prospect", "40"),
        ("Gamma AG", "customer", "32"),
    ]
    assert rows[1]["tags"] == "'=cmd"
    attached = Path(answer["data"]["attachment"])
    assert attached.name == "segment-berlin.csv"
    assert attached.read_bytes().decode("utf-8") == answer["data"]["csv"]


def test_an_unknown_segment_is_refused(chat: Chat) -> None:
    answer = chat("segment nowhere")
    assert not answer["ok"]
    assert "segments" in answer["text"]


def test_segment_in_german(chat: Chat, leads: dict[str, int]) -> None:
    chat("language de")
    saved = chat("segment speichern heiß: art=interessent bewertung>=45")
    assert saved["data"]["filters"] == {"kind": "interessent", "score>=": "45"}
    assert "Segment heiß gespeichert" in saved["text"]
    assert names(chat("segment heiß")) == ["Alpha GmbH", "Beta KG"]
