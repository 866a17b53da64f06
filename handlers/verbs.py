"""The command table: every verb of the language, its German words, its help, its handler.

Adding a capability is one entry here; `help` and every platform pick it up.
"""

from __future__ import annotations

from handlers import (
    activities,
    cards,
    conversation,
    customers,
    editing,
    finding,
    followups,
    help,
    listing,
    members,
    removal,
    team,
    undo,
)
from handlers import settings as member_settings
from handlers.arguments import nothing, rest
from handlers.dates.messages import day_parts_help
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
    Verb("find", finding.parse_find, finding.find, N_("find <words>|<phone>|<e-mail>|notes: <words>"),
         N_("Find customers by a loose name."),
        details=N_("Also by a phone number in any notation or an e-mail address; find notes: <words> searches what was logged."),
         aliases=("suche", "such"), examples=("find müler", "find 030/1234567", "suche notizen: Angebot")),
    Verb("set", editing.parse_set, editing.set_fields, N_("set <customer> key=value ..."), N_("Change a customer's fields."),
         aliases=("ändere", "ändern"), details=N_("Keys: name=, phone=, email=, city=, address=, kind=, company= (a contact's), and your own. key= with nothing clears it."),
         examples=("set Müller phone=030 1234567", "ändere Müller city=Köln")),
    Verb("tag", editing.parse_tag, editing.tag, N_("tag <customer> +a -b"), N_("Add and remove tags."),
         aliases=("schlagwort",), examples=("tag Müller +vip -lead",)),
    Verb("owner", editing.parse_owner, editing.owner, N_("owner <customer> @member"), N_("Hand a customer to a colleague."),
         aliases=("betreuer",), examples=("owner Müller @bernd",)),
    Verb("delete", removal.parse_delete, removal.delete, N_("delete <customer>"), N_("Delete a customer (restorable)."),
         aliases=("lösche", "löschen"), examples=("delete Müller GmbH",)),
    Verb("restore", removal.parse_restore, removal.restore, N_("restore <id>"), N_("Bring back a deleted customer."),
         aliases=("wiederherstellen",), examples=("restore #12",)),
    Verb("merge", removal.parse_merge, removal.merge, N_("merge <customer> into <customer>"),
         N_("Make one record of a duplicate."), aliases=("zusammenführen",),
         examples=("merge Mueller GmbH into Müller GmbH", "zusammenführen #14 in #12")),
    Verb("undo", nothing, undo.undo, N_("undo"), N_("Take back your last change (within 30 minutes)."),
         aliases=("rückgängig",)),
    Verb("reopen", undo.parse_reopen, undo.reopen, N_("reopen <id>"), N_("Open a closed follow-up again."),
         aliases=("wiederöffnen", "wieder"), examples=("reopen 12", "wieder öffnen 12")),
    Verb("list", listing.parse_list, listing.list_customers, N_("list [city=] [tag=] [kind=] [owner=@x] [company=] [quiet=90d]"),
         N_("Customers by filters, 20 at a time."), aliases=("liste",),
         examples=("list city=Berlin quiet=90d", "liste tag=vip owner=@bernd")),
    Verb("feed", listing.parse_feed, listing.feed, N_("feed [@member] [today|week]"),
         N_("What the team logged, closed and changed, newest first."), aliases=("aktivitäten",),
         examples=("feed week", "aktivitäten @bernd heute")),
    Verb("member", team.parse_member, team.change_member, N_("member rename <name> to <new name> | member remove <name>"),
         N_("Rename a member, or remove one from the team."), aliases=("mitglied",), admin_only=True),
    Verb("link", team.parse_link, team.link, N_("link @account <member>"),
         N_("Join a platform account to the member it belongs to."), aliases=("verknüpfe",), admin_only=True),
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
        more_help=day_parts_help,
    ),
    Verb("done", followups.parse_id, followups.done, N_("done <id>"), N_("Mark a follow-up done."), aliases=("erledigt",)),
    Verb("cancel", followups.parse_id, followups.cancel, N_("cancel <id>"), N_("Drop a follow-up nobody needs any more."),
         aliases=("absagen", "stornieren")),
    Verb("snooze", followups.parse_snooze, followups.snooze, N_("snooze <id> <when>"), N_("Move a follow-up to a later time."),
         aliases=("verschieben",), examples=("snooze 12 morgen", "snooze 12 +1w")),
    Verb("mine", followups.parse_whose, followups.mine, N_("mine [@member]"), N_("My open follow-ups."), aliases=("meine",)),
    Verb("today", followups.parse_whose, followups.today, N_("today [@member]"), N_("My follow-ups due today."), aliases=("heute",)),
    Verb("overdue", followups.parse_whose, followups.overdue, N_("overdue [@member]"), N_("My overdue follow-ups."), aliases=("überfällig",)),
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
