"""The command table: every verb of the language, its German words, its help, its handler.

Adding a capability is one entry here; `help` and every platform pick it up.
"""

from __future__ import annotations

from handlers import activities, cards, conversation, customers, followups, help, members
from handlers import settings as member_settings
from handlers.analytics import chart as charts
from handlers.analytics import report as reports
from handlers.arguments import nothing, rest
from handlers.i18n import N_
from handlers.registry import Registry, Verb

VERBS = (
    Verb("help", help.parse_topic, help.show_help, N_("help [command]"), N_("Explain the commands."), aliases=("hilfe", "?")),
    Verb(
        "add", customers.parse_add, customers.add, N_("add company|contact <name> [key=value ...]"),
        N_("Add a company or a contact."), aliases=("neu",),
        details=N_("Fields: email=, phone=, city=, address=, tags=a,b, kind=customer|prospect|supplier|partner|investor|press|other, company= (for a contact). Other keys become custom fields."),
        examples=("add company Müller GmbH city=Köln kind=prospect", "add contact Anna Schmidt company=Müller email=anna@mueller.de"),
    ),
    Verb("find", customers.parse_find, customers.find, N_("find <words>"), N_("Find customers by a loose name."), aliases=("suche", "such"),
         examples=("find müler", "suche bäckerei")),
    Verb("show", cards.parse_customer("show"), cards.show, N_("show <customer>"), N_("Show a customer's card."), aliases=("zeige", "zeig"),
         examples=("show Müller", "zeige #12")),
    Verb("history", cards.parse_customer("history"), cards.history, N_("history <customer>"), N_("Everything that happened with a customer."),
         aliases=("verlauf",)),
    Verb(
        "log", activities.parse_log, activities.log,
        N_("log call|meeting|visit|email|note|complaint <customer> [followup=<when>]: <text>"),
        N_("Log a contact or a note."), presets=activities.PRESET_WORDS,
        examples=("log call Müller: wants a quote by Friday", "anruf Müller: Angebot gewünscht"),
    ),
    Verb(
        "followup", followups.parse_create, followups.create, N_("followup <customer> <when> [@member]: <what>"),
        N_("Plan a follow-up with a reminder."), aliases=("wv", "wiedervorlage"),
        details=N_("When: morgen 10 Uhr, Freitag 14 Uhr, 3.12., KW 50, in 2 Stunden, tomorrow 3pm, next week. A day without a time means 09:00."),
        examples=("followup Müller morgen 10 Uhr: send the quote", "wv Müller Freitag @anna: Rückruf"),
    ),
    Verb("done", followups.parse_id, followups.done, N_("done <id>"), N_("Mark a follow-up done."), aliases=("erledigt",)),
    Verb("cancel", followups.parse_id, followups.cancel, N_("cancel <id>"), N_("Drop a follow-up nobody needs any more."),
         aliases=("absagen", "stornieren")),
    Verb("snooze", followups.parse_snooze, followups.snooze, N_("snooze <id> <when>"), N_("Move a follow-up to a later time."),
         aliases=("verschieben",), examples=("snooze 12 morgen", "snooze 12 +1w")),
    Verb("mine", nothing, followups.mine, N_("mine"), N_("My open follow-ups."), aliases=("meine",)),
    Verb("today", nothing, followups.today, N_("today"), N_("My follow-ups due today."), aliases=("heute",)),
    Verb("overdue", nothing, followups.overdue, N_("overdue"), N_("My overdue follow-ups."), aliases=("überfällig",)),
    Verb("invite", members.parse_name, members.invite, N_("invite <name>"), N_("Create a one-time code to link a colleague's Telegram."),
         aliases=("einladen",), admin_only=True),
    Verb("members", nothing, members.team, N_("members"), N_("Who is on the team."), aliases=("mitglieder", "team")),
    Verb("remind", rest, member_settings.remind_at, N_("remind me at <HH:MM>"),
         N_("When your daily digest arrives (Monday to Friday)."), aliases=("erinnere",),
         examples=("remind me at 8:30", "erinnere mich um 7 Uhr")),
    Verb("digest", rest, member_settings.digest_switch, N_("digest on|off"), N_("Turn your daily digest on or off."),
         aliases=("tagesübersicht",), examples=("digest off", "digest an")),
    Verb("language", rest, member_settings.language, N_("language de|en"), N_("The language I answer you in."),
         aliases=("sprache",), examples=("language en", "sprache de")),
    Verb("timezone", rest, member_settings.timezone, N_("timezone <zone>"),
         N_("Your time zone, for due times and the digest."), aliases=("zeitzone",),
         examples=("timezone Europe/Berlin", "zeitzone America/New_York")),
    Verb("notify", rest, member_settings.notify, N_("notify all|first"),
         N_("Reminders to every linked chat, or to the first that works."), aliases=("benachrichtigung",)),
    Verb("settings", nothing, member_settings.show_settings, N_("settings"),
         N_("Your language, time zone, digest and reminders."), aliases=("einstellungen",)),
    Verb("report", reports.parse_report, reports.report, N_("report [week|month|quarter|year|last month] [@member]"),
         N_("The period's KPIs against the whole period before, and the team table."), aliases=("bericht",),
         details=N_("A period runs to now; last month and the like are whole. Follow-ups count by their due time; the pipeline is as of now."),
         examples=("report month", "report last quarter @anna", "bericht woche", "bericht letzten monat")),
    Verb("chart", charts.parse_chart, charts.chart, N_("chart <kpi> [week|month|quarter|year] [by member|kind|stage]"),
         N_("A KPI over the last twelve periods, as a picture."), aliases=("diagramm",),
         details=N_("KPIs: contacts, calls, visits, new_customers, followups_on_time, won_value, won_count, win_rate, pipeline, complaints (kontakte, anrufe, besuche, neukunden, termintreue, umsatz, abschlüsse, gewinnquote, pipeline, beschwerden)."),
         examples=("chart won_value", "chart calls week by member", "diagramm umsatz quartal")),
    Verb("start", rest, conversation.start, N_("start"), N_("Greet a newly linked chat."), menu=False),
    Verb("jot", rest, conversation.jot, N_("jot <text>"),
         N_("Offer to log a message to the current customer."), aliases=("notieren",), menu=False),
    Verb("checkin", conversation.parse_place, conversation.checkin, N_("checkin <latitude>,<longitude>"),
         N_("Log a visit at the current customer, with the place."), aliases=("standort",), menu=False),
    Verb("attach", conversation.parse_attach, conversation.attach, N_("attach photo|document <file> [text]"),
         N_("Attach a file to the current customer as a note."), aliases=("anhang",), menu=False),
    Verb("contact", conversation.parse_contact, conversation.contact, N_("contact <name> [phone=...]"),
         N_("Add a contact, choosing its company with buttons."), aliases=("kontakt",), menu=False),
)  # fmt: skip


def build_registry() -> Registry:
    """The registry of every verb above (built by bootstrap, once)."""
    return Registry(VERBS)
