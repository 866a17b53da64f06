"""Date phrases as members type them, German or English: "morgen 10 Uhr", "next friday".

    parse_when(phrase, *, now, tz) -> datetime (aware, UTC)
    split_trailing_when(text, *, now, tz) -> (customer words, datetime)
    DateError(reason, phrase), reason in "empty", "too_long", "unknown", "past"

A thin rule layer (words.py, days.py, clock.py, rules.py) reads the phrases itself;
dateparser (fallback.py, imported on first use) gets only what the rules leave that has a
word only it reads ("midnight", "fortnight"). dateparser reads nearly any heap of date words
as some date, so everything else the rules cannot read is refused rather than guessed.

What phrases mean (`tz` is the member's zone; a day with no time of day is 09:00 there):

    phrase                              moment
    heute / today                       today 09:00 (past after 09:00: say "heute 17 Uhr")
    morgen / tomorrow, übermorgen       tomorrow / the day after, 09:00
    10 Uhr, um 10:30, 14:30, 3pm        today at that time if still ahead, else tomorrow
    um 3, morgen 5, at 2:30             a bare hour 1-6 is the afternoon (15:00, 17:00,
                                        14:30); "3 Uhr", "3am", "03:00" are 03:00
    Freitag morgen, heute morgen        that day 09:00 ("morgen" after a weekday or heute)
    mittags/noon 12:00, nachmittags 15:00, abends 18:00, morgens/früh 09:00
                                        like a time: today if ahead, else tomorrow
    heute Abend / tonight               today 18:00 (not rolled: past after 18:00)
    Freitag, am Freitag, diesen Freitag the next Friday, today included while its moment
                                        is ahead: on a Friday at 08:00 "Freitag" is today
                                        09:00, at 10:00 it is next week's Friday
    nächsten / kommenden Freitag        the first Friday after today (never today; on a
                                        Monday, this week's Friday, as "next friday")
    übernächsten Freitag                a week after that
    nächste Woche (Dienstag)            Monday (Tuesday) of next week
    Anfang/Mitte/Ende nächster Woche    its Monday / Wednesday / Friday
    Ende der Woche                      Friday, like a bare "Freitag"
    KW 50                               Monday of ISO week 50 of this year, of next year once
                                        week 50 is over; during week 50 it is its Monday,
                                        refused as past if that has passed
    3.12., 3. Dezember, Dec 3           the next 3 December, today included (on 4 December,
                                        next year's); day before month always
    03.12.2026, 3.12.26, 2026-12-03     that day; past is past
    am 3. / the 3rd                     the next 3rd of a month
    Dezember, Anfang/Mitte/Ende Dez.    its 1st / 15th / last day; this year's unless
                                        December is over
    Ende des Monats, Monatsende         last day of this month (past on that day after 09:00)
    Anfang nächsten Monats, next month  1st of next month
    Ende nächsten Monats                last day of next month
    Jahresende, next year               31 December / 1 January next year
    in 30 Minuten, in 2 Stunden         exactly that much later (real time across DST)
    in 3 Tagen, in einer Woche          that calendar day, 09:00 (or the time given)
    2026-12-03T14:00+01:00              that exact moment
    jetzt / now                         now
    midnight, in a fortnight            dateparser's reading (the only phrases it gets)
    gestern, letzten Montag, vor 2 Tagen, yesterday, last week   -> DateError("past")
    32.13., 30.02., 25 Uhr, diese Woche, 3/12, blabla           -> DateError("unknown")

Wall-clock times are local in `tz` on their day, so "morgen 9 Uhr" on the Saturday before a
daylight-saving change is 09:00 on the Sunday, in that Sunday's offset. A time that does
not exist that night (02:30 in March) is read with the offset before the change.
"""

from handlers.dates.errors import DateError
from handlers.dates.phrases import parse_when, split_trailing_when

__all__ = ["DateError", "parse_when", "split_trailing_when"]
