"""CRM_SCORING: the shipped file is valid, and a malformed one stops the start with its
line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from config import explicit_settings
from config.scoring import DEFAULT_PATH, load_scoring

VALID = DEFAULT_PATH.read_text(encoding="utf-8")


def test_the_shipped_weights_add_up_to_a_hundred() -> None:
    rules = explicit_settings().scoring
    assert sum(c.weight for c in rules.criteria) == 100
    assert rules["recency"].share(20) == 70 and rules["recency"].share(14) == 100


def refusal(tmp_path: Path, text: str) -> str:
    path = tmp_path / "scoring.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        explicit_settings(crm_scoring=str(path))
    return str(refused.value)


def test_a_weight_out_of_range_is_named_with_its_line(tmp_path: Path) -> None:
    text = VALID.replace("[contacts]\nweight = 20", "[contacts]\nweight = 120")
    line = text.splitlines().index("weight = 120") + 1
    assert f"line {line}: key contacts.weight: must be a whole number" in refusal(tmp_path, text)


def test_steps_that_do_not_rise_are_refused(tmp_path: Path) -> None:
    text = VALID.replace("[[0, 0], [1, 30], [5000, 60]", "[[0, 0], [5000, 30], [1, 60]")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "[5000, 30]" in row)
    assert f"line {line}: key open_deals.steps" in refusal(tmp_path, text)


def test_an_unknown_key_or_criterion_is_refused(tmp_path: Path) -> None:
    assert "key recency.wieght: unknown key" in refusal(
        tmp_path, VALID.replace("[recency]\nweight", "[recency]\nwieght")
    )
    assert "key colour: unknown criterion" in refusal(tmp_path, VALID + "\n[colour]\nweight = 1\n")


def test_weights_that_do_not_add_up_are_refused(tmp_path: Path) -> None:
    text = VALID.replace("[kind]\nweight = 20", "[kind]\nweight = 25")
    assert "the weights add up to 105, not 100" in refusal(tmp_path, text)


def test_broken_toml_names_its_line(tmp_path: Path) -> None:
    assert "line 2" in refusal(tmp_path, "[kind]\nweight = = 3\n")


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot be read"):
        explicit_settings(crm_scoring=str(tmp_path / "missing.toml"))


def test_the_file_is_read_once(tmp_path: Path) -> None:
    assert load_scoring(DEFAULT_PATH) is load_scoring(DEFAULT_PATH)
