"""Settings refuse what would only fail later, in front of a member."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from config import explicit_settings


@pytest.mark.parametrize("region", ["DE", "de-by", "AT", "GB"])
def test_known_holiday_regions_are_accepted(region: str) -> None:
    assert explicit_settings(crm_holidays=region).crm_holidays == region.upper()


@pytest.mark.parametrize("region", ["XX", "DE-ZZ", ""])
def test_an_unknown_holiday_region_stops_the_start(region: str) -> None:
    with pytest.raises(ValidationError, match="CRM_HOLIDAYS"):
        explicit_settings(crm_holidays=region)


@pytest.mark.parametrize(
    ("written", "kept"),
    [("slack:#Sales", "slack:#sales"), ("slack:C0123ABCD", "slack:C0123ABCD"),
     ("slack:<#C0123ABCD|sales>", "slack:C0123ABCD"), ("telegram:-1001234567890", "telegram:-1001234567890"),
     ("", None)],
)  # fmt: skip
def test_the_report_channel_is_read_in_one_syntax(written: str, kept: str | None) -> None:
    settings = explicit_settings(crm_report_channel=written)
    assert settings.crm_report_channel == kept
    assert str(settings.report_channel) == str(kept) if kept else settings.report_channel is None


@pytest.mark.parametrize("written", ["#sales", "slack:sales", "telegram:@vertrieb", "teams:#x"])
def test_a_report_channel_the_bot_cannot_post_into_stops_the_start(written: str) -> None:
    with pytest.raises(ValidationError, match="slack:#sales"):
        explicit_settings(crm_report_channel=written)
