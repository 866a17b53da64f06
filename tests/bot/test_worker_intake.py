"""How much a worker claims: what it can send within two seconds, so a killed worker's
expired claims never wait behind a long queue of its own (bot/worker/intake.py); and the
deliveries it holds meanwhile (bot/worker/hand.py)."""

from __future__ import annotations

import asyncio

import pytest

from bot.worker.hand import Hand
from bot.worker.intake import FIRST_CLAIM, HORIZON_SECONDS, RECLAIM_SECONDS, Intake
from bot.worker.sending import Outcome


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


async def _outcome(seconds: float, sent: bool = True) -> Outcome:
    await asyncio.sleep(seconds)
    return Outcome(sent)


async def _broken() -> Outcome:
    raise RuntimeError("database gone")


def test_the_drain_wakes_as_deliveries_finish_and_counts_what_went_out() -> None:
    async def scenario() -> tuple[list[int], int]:
        hand = Hand()
        hand.start([_outcome(0.01), _outcome(0.01, sent=False), _outcome(5)])
        await asyncio.sleep(0.1)
        return [await hand.finished(1.0), await hand.finished(0.05), len(hand)], hand.sent

    assert asyncio.run(scenario()) == ([2, 0, 1], 1)


def test_a_delivery_that_raised_stops_the_drain_with_its_error() -> None:
    async def scenario() -> None:
        hand = Hand()
        hand.start([_broken(), _outcome(0.01)])
        await hand.finished(1.0)

    with pytest.raises(RuntimeError, match="database gone"):
        asyncio.run(scenario())
