"""How much a worker claims: what it can send within two seconds, so a killed worker's
expired claims never wait behind a long queue of its own (bot/worker/intake.py)."""

from __future__ import annotations

from bot.worker.intake import FIRST_CLAIM, HORIZON_SECONDS, RECLAIM_SECONDS, Intake


class Ticker:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _sending(intake: Intake, clock: Ticker, rate: float, seconds: float) -> None:
    """Jobs leave at `rate` a second for `seconds`."""
    for _ in range(round(rate * seconds)):
        clock.now += 1 / rate
        intake.left(1)


def test_a_new_worker_claims_a_few_before_it_knows_its_pace() -> None:
    intake = Intake(most=1000, batch=500, clock=Ticker())
    assert intake.room(0) == FIRST_CLAIM


def test_a_worker_at_its_share_of_telegrams_budget_holds_two_seconds_of_sends() -> None:
    clock = Ticker()
    intake = Intake(most=1000, batch=500, clock=clock)
    _sending(intake, clock, rate=8, seconds=5)
    assert intake.target() == 8 * HORIZON_SECONDS


def test_a_fast_worker_claims_whole_batches_up_to_two_held() -> None:
    clock = Ticker()
    intake = Intake(most=1000, batch=500, clock=clock)
    _sending(intake, clock, rate=700, seconds=1)
    assert intake.room(0) == 500
    assert intake.room(600) == 400
    assert intake.room(1000) == 0


def test_more_is_claimed_once_half_the_holding_has_gone_else_after_a_second() -> None:
    clock = Ticker()
    intake = Intake(most=1000, batch=500, clock=clock)
    _sending(intake, clock, rate=8, seconds=5)
    target = intake.target()
    intake.claimed(target, target)
    assert intake.room(target - 5) == 0
    assert intake.room(target // 2) == target - target // 2
    _sending(intake, clock, rate=8, seconds=RECLAIM_SECONDS)
    assert intake.room(target - 5) == 5


def test_after_a_claim_that_found_the_queue_empty_the_next_waits_a_second() -> None:
    clock = Ticker()
    intake = Intake(most=1000, batch=500, clock=clock)
    _sending(intake, clock, rate=8, seconds=5)
    target = intake.target()
    intake.claimed(target, 3)
    assert intake.room(3) == 0
    _sending(intake, clock, rate=8, seconds=RECLAIM_SECONDS)
    assert intake.room(3) == target - 3
