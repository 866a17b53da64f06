"""`chart`: real PNGs (decoded, sized, coloured, small) and the series behind them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image

from tests.conftest import Chat
from tests.handlers.analytics.conftest import Book


def _picture(answer: dict[str, object]) -> Image.Image:
    data = answer["data"]
    assert isinstance(data, dict)
    path = Path(data["image"])
    assert path.stat().st_size <= 200_000
    return Image.open(path).convert("RGB")


def test_won_value_chart_is_a_real_png_with_colour(chat: Chat, book: Book) -> None:
    answer = chat("chart won_value")
    assert answer["ok"], answer["text"]
    picture = _picture(answer)
    assert picture.size == (1000, 600)
    colours = picture.getcolors(maxcolors=1_000_000) or []
    assert any(rgb != (255, 255, 255) and len(set(rgb)) > 1 for _, rgb in colours)
    assert answer["data"]["labels"][-2:] == ["Oct 26", "Nov 26"]
    assert answer["data"]["series"] == {"all": [0.0] * 10 + [500.0, 15000.0]}


def test_contacts_chart_split_by_member_and_kind(chat: Chat, book: Book) -> None:
    by_member = chat("chart contacts by member")["data"]["series"]
    assert by_member["anna"][-2:] == [1.0, 3.0] and by_member["bob"][-2:] == [3.0, 2.0]
    by_kind = chat("chart contacts by kind")["data"]["series"]
    assert by_kind["complaint"][-2:] == [2.0, 1.0] and by_kind["call"][-2:] == [1.0, 3.0]


def test_rates_and_pipeline_follow_the_book(chat: Chat, book: Book) -> None:
    assert chat("chart win_rate")["data"]["series"]["all"][-2:] == [50.0, 200 / 3]
    on_time = chat("chart followups_on_time")["data"]["series"]["all"][-2:]
    assert on_time == [100.0, 100 / 3]  # Nov: 1 on time of 3 due (late, open)
    # open at the end of October: 10,000 + 4,000 + 12,000 + 3,000 + 5,000; at now: 14,000
    assert chat("chart pipeline")["data"]["series"]["all"][-2:] == [34000.0, 14000.0]


def test_german_kpi_names_and_week_periods(chat_as: Callable[[str], Chat], book: Book) -> None:
    bob = chat_as("bob")
    bob("sprache de")
    answer = bob("diagramm anrufe woche")
    assert answer["ok"] and answer["text"].startswith("Anrufe")
    assert len(answer["data"]["labels"]) == 12 and answer["data"]["labels"][-1] == "KW48"
    assert bob("diagramm abschlüsse")["data"]["kpi"] == "won_count"


def test_unknown_kpi_or_period_offers_the_valid_ones(chat: Chat, book: Book) -> None:
    answer = chat("chart revenue")
    assert not answer["ok"] and "chart won_value" in answer["text"]
    assert len(answer["data"]["kpis"]) == 10
    assert "chart calls quarter" in chat("chart calls fortnight")["text"]
    assert not chat("chart won_value by kind")["ok"]


def test_chart_without_data_says_so_instead_of_drawing(chat: Chat) -> None:
    answer = chat("chart calls")
    assert answer["text"].startswith("No data for Calls,")
    assert "image" not in answer["data"]
