"""The command table: every verb of the language, its German words, its help, its handler.

Adding a capability is one entry here; `help` and every platform pick it up.
"""

from __future__ import annotations

from handlers import activities, cards, customers, followups, help, members
from handlers.registry import Registry, Verb

LOG_PRESETS = {
    "anruf": "call", "termin": "meeting", "besuch": "visit", "mail": "email",
    "notiz": "note", "beschwerde": "complaint",
}  # fmt: skip

VERBS = (
    Verb("help", help.show_help, "help [command]", "Explain the commands.", aliases=("hilfe", "?")),
    Verb(
        "add", customers.add, "add company|contact <name> [key=value ...]",
        "Add a company or a contact.", aliases=("neu",),
        details="Fields: email=, phone=, city=, address=, tags=a,b, kind=customer|prospect|supplier|partner|investor|press|other, company= (for a contact). Other keys become custom fields.",
        examples=("add company Müller GmbH city=Köln kind=prospect", "add contact Anna Schmidt company=Müller email=anna@mueller.de"),
    ),
    Verb("find", customers.find, "find <words>", "Find customers by a loose name.", aliases=("suche", "such"),
         examples=("find müler", "suche bäckerei")),
    Verb("show", cards.show, "show <customer>", "Show a customer's card.", aliases=("zeige", "zeig"),
         examples=("show Müller", "zeige #12")),
    Verb("history", cards.history, "history <customer>", "Everything that happened with a customer.",
         aliases=("verlauf",)),
    Verb(
        "log", activities.log, "log call|meeting|visit|email|note|complaint <customer>: <text>",
        "Log a contact or a note.", presets=LOG_PRESETS,
        examples=("log call Müller: wants a quote by Friday", "anruf Müller: Angebot gewünscht"),
    ),
    Verb(
        "followup", followups.create, "followup <customer> <when> [@member]: <what>",
        "Plan a follow-up with a reminder.", aliases=("wv", "wiedervorlage"),
        details="When: morgen 10 Uhr, Freitag 14 Uhr, 3.12., KW 50, in 2 Stunden, tomorrow 3pm, next week. A day without a time means 09:00.",
        examples=("followup Müller morgen 10 Uhr: send the quote", "wv Müller Freitag @anna: Rückruf"),
    ),
    Verb("done", followups.done, "done <id>", "Mark a follow-up done.", aliases=("erledigt",)),
    Verb("snooze", followups.snooze, "snooze <id> <when>", "Move a follow-up to a later time.",
         aliases=("verschieben",), examples=("snooze 12 morgen", "snooze 12 +1w")),
    Verb("mine", followups.mine, "mine", "My open follow-ups.", aliases=("meine",)),
    Verb("today", followups.today, "today", "My follow-ups due today.", aliases=("heute",)),
    Verb("overdue", followups.overdue, "overdue", "My overdue follow-ups.", aliases=("überfällig",)),
    Verb("invite", members.invite, "invite <name>", "Create a one-time code to link a colleague's Telegram.",
         aliases=("einladen",), admin_only=True),
    Verb("members", members.team, "members", "Who is on the team.", aliases=("mitglieder", "team")),
)  # fmt: skip


def build_registry() -> Registry:
    return Registry(VERBS)
