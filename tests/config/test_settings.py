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
