"""A chart in Telegram: the text answer, then the PNG itself with sendPhoto."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image

from tests.conftest import Clock
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import Phone

pytest_plugins = ["tests.bot.telegram_fixtures"]


def test_a_chart_is_sent_as_a_photo_after_its_text(
    bob: Phone, telegram_api: FakeTelegramApi, clock: Clock
) -> None:
    bob.say("add company Müller GmbH")
    bob.say("log call Müller GmbH: wants a quote")
    clock.now += timedelta(minutes=1)
    answer = bob.say("chart contacts")
    assert answer.params["text"].startswith("Contacts")
    (photo,) = telegram_api.wait_for("sendPhoto")
    assert int(photo.params["chat_id"]) == 4242
    assert photo.params["caption"] == "Chart: Contacts"
    png = photo.params["photo"]["data"]
    assert isinstance(png, bytes) and len(png) <= 200_000
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    assert picture.size == (1000, 600)
    assert (0x1F, 0x6F, 0xB2) in {colour for _, colour in picture.getcolors(1_000_000) or []}


def test_no_photo_for_a_chart_without_data(bob: Phone, telegram_api: FakeTelegramApi) -> None:
    assert bob.say("chart won_value").params["text"].startswith("No data")
    bob.say("help")  # answered after the chart: a photo would have been sent before it
    assert telegram_api.calls("sendPhoto") == []
