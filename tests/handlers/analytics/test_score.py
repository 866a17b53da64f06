"""`score` and `top` against the shipped scoring file and the `leads` book of conftest.py."""

from __future__ import annotations

from tests.conftest import Chat


def test_score_explains_each_criterion_and_adds_up(chat: Chat, leads: dict[str, int]) -> None:
    answer = chat("score Alpha GmbH")
    assert answer["ok"], answer["text"]
    lines = {c["name"]: c for c in answer["data"]["criteria"]}
    assert {name: (c["found"], c["percent"], c["points"]) for name, c in lines.items()} == {
        "kind": ("prospect", 100, 20),
        "tags": ("vip", 100, 10),
        "city": ("Berlin", 100, 10),
        "contacts": ("4", 60, 12),
        "recency": ("2", 100, 15),  # the visit of 11-21; a note is no contact
        "open_deals": ("6000.00", 60, 9),
        "complaints": ("1", 40, 4),
    }
    assert [c["weight"] for c in answer["data"]["criteria"]] == [20, 10, 10, 20, 15, 15, 10]
    assert answer["data"]["score"] == 80
    assert "Lead score of Alpha GmbH: 80 of 100" in answer["text"]
    assert "20 + 10 + 10 + 12 + 15 + 9 + 4 = 80" in answer["text"]
    assert "Contacts (weight 20): 4 → 60 % → 12 points" in answer["text"]
    assert "Open deal value (weight 15): €6,000.00 → 60 % → 9 points" in answer["text"]


def test_score_reads_the_region_and_rounds_half_points_up(
    chat: Chat, leads: dict[str, int]
) -> None:
    answer = chat("bewertung Beta")
    lines = {c["name"]: (c["found"], c["points"]) for c in answer["data"]["criteria"]}
    assert lines["city"] == ("Köln", 8)
    assert lines["open_deals"] == ("1000.00", 5)  # 30 % of 15 = 4.5
    assert lines["contacts"] == ("0", 0) and lines["recency"] == ("236", 0)
    assert answer["data"]["score"] == 48


def test_never_contacted_scores_nothing_for_recency(chat: Chat, leads: dict[str, int]) -> None:
    answer = chat("score Delta")
    lines = {c["name"]: (c["found"], c["points"]) for c in answer["data"]["criteria"]}
    assert lines["recency"] == ("–", 0)
    assert answer["data"]["score"] == 40


def test_top_ranks_prospects_best_first(chat: Chat, leads: dict[str, int]) -> None:
    answer = chat("top")
    assert [(row["name"], row["score"]) for row in answer["data"]["top"]] == [
        ("Alpha GmbH", 80),
        ("Beta KG", 48),
        ("Delta", 40),
    ]
    assert [row["name"] for row in chat("beste 2")["data"]["top"]] == ["Alpha GmbH", "Beta KG"]


def test_top_takes_the_list_filters(chat: Chat, leads: dict[str, int]) -> None:
    assert [row["score"] for row in chat("top city=Berlin")["data"]["top"]] == [80]
    assert chat("top kind=customer city=Berlin")["data"]["top"] == [
        {"id": leads["gamma"], "name": "Gamma AG", "score": 32}
    ]
    assert chat("top tag=nothing")["data"] == {"total": 0, "top": []}


def test_top_refuses_unknown_filters_and_too_many(chat: Chat, leads: dict[str, int]) -> None:
    assert not chat("top colour=red")["ok"]
    assert not chat("top 500")["ok"]


def test_score_in_german(chat: Chat, leads: dict[str, int]) -> None:
    chat("language de")
    text = chat("bewertung Alpha GmbH")["text"]
    assert "Lead-Score von Alpha GmbH: 80 von 100" in text
    assert "Kontakte (Gewicht 20): 4 → 60 % → 12 Punkte" in text
