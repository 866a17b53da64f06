"""A segment's filters: `list`'s (city= tag= kind= owner= company= quiet=) plus
`score>=` (lead score), `value>=` (revenue won in the last 12 months, as `value` and `abc`
count it), `won>=` (deals won, ever) and `stage=` (an open deal in that stage).

Filters are kept as written, under their English keys, and read afresh each time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import Select

from handlers.analytics.abc import year_ago
from handlers.arguments import BadArguments, unquote
from handlers.context import Context
from handlers.deals import money_problem
from handlers.listing import LIST_KEYS, ListArgs, filters_of
from handlers.money import MoneyError, parse_money
from handlers.stages import StageError, resolve_stage
from storage import listing, segments

AT_LEAST: Final = {
    "score": "score", "bewertung": "score", "value": "value", "wert": "value",
    "kundenwert": "value", "won": "won", "gewonnen": "won",
}  # fmt: skip
EQUALS: Final = {
    **{word: key for word, key in LIST_KEYS.items() if key != "page"}, "stage": "stage", "phase": "stage",
}  # fmt: skip
KEYS_HELP: Final = "city= tag= kind= owner= company= quiet= stage= score>= value>= won>="
_PAIR = re.compile(r"(?:^|\s)(?P<key>[\w-]+)\s*(?P<op>>=|=)")


@dataclass(frozen=True)
class Query:
    chosen: Select[Any]
    """The parties every filter but the score lets through."""
    score_at_least: int | None


def read_pairs(ctx: Context, text: str) -> dict[str, str]:
    """`city=Berlin score>=60` -> {"city": "Berlin", "score>=": "60"}; anything else refused."""
    found = list(_PAIR.finditer(text))
    if not found or text[: found[0].start()].strip():
        raise BadArguments(ctx.t("Which filters? Use: {keys}", keys=KEYS_HELP))
    pairs: dict[str, str] = {}
    ends = [later.start() for later in found[1:]] + [len(text)]
    for here, end in zip(found, ends, strict=True):
        word, op = here["key"].lower(), here["op"]
        key = (AT_LEAST.get(word) and f"{AT_LEAST[word]}>=") if op == ">=" else EQUALS.get(word)
        if not key:
            raise BadArguments(
                ctx.t("Unknown filter {key}. Use: {keys}", key=word + op, keys=KEYS_HELP)
            )
        pairs[key] = unquote(text[here.end() : end].strip())
    return pairs


def written(pairs: dict[str, str]) -> str:
    """The filters as a command writes them, for `segments` and buttons."""
    return " ".join(f"{k}{v}" if k.endswith(">=") else f"{k}={v}" for k, v in pairs.items())


def query_of(ctx: Context, pairs: dict[str, str]) -> Query:
    """The filters as a query; a value that does not fit its key is refused, naming it."""
    listed = {key: value for key, value in pairs.items() if key in EQUALS.values()}
    listed.pop("stage", None)
    chosen = listing.matching(filters_of(ctx, ListArgs(listed)))
    deal_filters = segments.DealFilters(
        stage=_stage(ctx, pairs["stage"]) if "stage" in pairs else None,
        won_at_least=_whole(ctx, "won>=", pairs["won>="], 100_000) if "won>=" in pairs else None,
        value_at_least=_amount(ctx, pairs["value>="]) if "value>=" in pairs else None,
        value_since=year_ago(ctx),
        currency=ctx.settings.crm_currency,
    )
    score = _whole(ctx, "score>=", pairs["score>="], 100) if "score>=" in pairs else None
    return Query(segments.narrowed(chosen, deal_filters), score)


def _whole(ctx: Context, key: str, value: str, most: int) -> int:
    if not value.isdigit() or int(value) > most:
        raise BadArguments(ctx.t("{key} takes a whole number up to {most}.", key=key, most=most))
    return int(value)


def _amount(ctx: Context, value: str) -> Decimal:
    try:
        money = parse_money(value, ctx.settings.crm_currency)
    except MoneyError as problem:
        raise BadArguments(money_problem(ctx.t, problem)) from problem
    if money.currency != ctx.settings.crm_currency:
        raise BadArguments(
            ctx.t("value>= counts in {currency} only.", currency=ctx.settings.crm_currency)
        )
    return money.amount


def _stage(ctx: Context, word: str) -> str:
    try:
        stage = resolve_stage(ctx.settings.stages, word)
    except StageError as problem:
        names = ", ".join(s.name for s in ctx.settings.stages.open)
        raise BadArguments(
            ctx.t(
                "There is no open stage \u201c{word}\u201d. Use one of: {stages}",
                word=word[:32],
                stages=names,
            )
        ) from problem
    if stage.closed:
        raise BadArguments(ctx.t("stage= takes an open stage; for won deals use won>=."))
    return stage.name
