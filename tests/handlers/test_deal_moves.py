"""Moving deals: stage, won, lost, set deal; closed deals stay put; all audited."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.bootstrap import App
from storage.models import AuditEntry, DealStage
from tests.conftest import Chat


def _deal(chat: Chat, line: str = "deal Müller 12k: Wartung") -> int:
    chat("add company Müller GmbH kind=prospect")
    answer = chat(line)
    assert answer["ok"], answer["text"]
    deal_id: int = answer["data"]["id"]
    return deal_id


def test_stage_moves_a_deal_by_its_german_name_and_offers_the_stages_after(chat: Chat) -> None:
    deal_id = _deal(chat)
    answer = chat(f"phase {deal_id} angebot")
    assert answer["data"]["stage"] == "offer" and answer["data"]["probability"] == 50
    assert f"[negotiation: stage {deal_id} negotiation | won: won {deal_id}" in answer["text"]


def test_stage_naming_nothing_is_refused_with_every_stage_as_a_button(chat: Chat) -> None:
    deal_id = _deal(chat)
    answer = chat(f"stage {deal_id} wonderland")
    assert not answer["ok"]
    assert "no stage" in answer["text"]
    assert f"offer: stage {deal_id} offer" in answer["text"]
    assert chat("deals")["data"]["deals"][0]["stage"] == "lead"


def test_won_at_a_final_value_makes_the_prospect_a_customer(chat: Chat) -> None:
    deal_id = _deal(chat)
    answer = chat(f"gewonnen {deal_id} 11.500")
    assert (answer["data"]["status"], answer["data"]["value"]) == ("won", "11500.00")
    assert chat("show Müller")["text"].count("Kind: customer") == 1


def test_a_closed_deal_does_not_move(chat: Chat) -> None:
    deal_id = _deal(chat)
    chat(f"won {deal_id}")
    for line in (f"stage {deal_id} offer", f"won {deal_id}", f"lost {deal_id}: Preis"):
        answer = chat(line)
        assert not answer["ok"]
        assert "does not move" in answer["text"]


def test_lost_without_a_reason_offers_the_teams_reasons_and_changes_nothing(chat: Chat) -> None:
    deal_id = _deal(chat)
    answer = chat(f"lost {deal_id}")
    assert not answer["ok"]
    assert answer["data"]["reasons"][:2] == ["Preis", "Wettbewerber"]
    assert f"Preis: lost {deal_id}: Preis" in answer["text"]
    assert chat("deals")["data"]["deals"][0]["status"] == "open"


def test_lost_reason_matches_the_teams_list_or_stays_free_text(chat: Chat) -> None:
    first = _deal(chat)
    second = chat("deal Müller 5k: Teil")["data"]["id"]
    assert f"Deal #{first} lost: Wettbewerber." in chat(f"verloren {first}: wettbew")["text"]
    assert "lost: zu teuer im Vergleich." in chat(f"lost {second}: zu teuer im Vergleich")["text"]


def test_stage_changes_are_recorded_with_who_and_audited_with_before_and_after(
    chat: Chat, app: App
) -> None:
    deal_id = _deal(chat)
    chat(f"stage {deal_id} offer")
    with app.db.session() as session:
        moves = session.scalars(select(DealStage).where(DealStage.deal_id == deal_id)).all()
        assert [(m.from_stage, m.to_stage) for m in moves] == [(None, "lead"), ("lead", "offer")]
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "deals", AuditEntry.action == "update")
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry is not None and entry.before is not None and entry.after is not None
        assert (entry.before["stage"], entry.after["stage"]) == ("lead", "offer")


def test_set_deal_changes_value_close_title_probability_and_hands_over(
    chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    chat_as("bernd")("help")
    deal_id = _deal(chat)
    answer = chat(
        f"set deal {deal_id} value=$15k close=2027-01-31 title=Wartung 2027 probability=40 owner=@bernd"
    )
    assert answer["ok"], answer["text"]
    data = answer["data"]
    assert (data["value"], data["currency"], data["close_on"]) == ("15000.00", "USD", "2027-01-31")
    assert (data["title"], data["probability"], data["owner"]) == ("Wartung 2027", 40, "bernd")


def test_set_deal_refuses_bad_values_and_keeps_the_deal(chat: Chat) -> None:
    deal_id = _deal(chat)
    for line, words in (
        (f"set deal {deal_id} value=-3", "more than zero"),
        (f"set deal {deal_id} close=gestern", "past"),
        (f"set deal {deal_id} colour=red", "Unknown"),
        (f"set deal {deal_id} owner=@nobody", "no member"),
        ("set deal 999 value=5k", "no deal #999"),
    ):
        answer = chat(line)
        assert not answer["ok"] and words in answer["text"], line
    assert chat("deals")["data"]["deals"][0]["value"] == "12000.00"


def test_an_unknown_deal_number_is_refused(chat: Chat) -> None:
    for line in ("stage 77 offer", "won 77", "lost 77: Preis"):
        answer = chat(line)
        assert not answer["ok"] and "no deal #77" in answer["text"]
