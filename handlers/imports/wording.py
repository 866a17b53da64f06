"""How an import's report reads, the same in the shell and in the chat."""

from __future__ import annotations

from handlers.i18n import Translate
from handlers.imports.applying import Outcome


def outcome_line(t: Translate, outcome: Outcome) -> str:
    words = {
        "created": t("created"), "updated": t("updated"), "skipped": t("skipped"),
        "invalid": t("invalid"),
    }  # fmt: skip
    detail = f" ({outcome.reason})" if outcome.reason else ""
    return t(
        "line {line}: {action} {name}{detail}",
        line=outcome.line,
        action=words[outcome.action],
        name=outcome.name,
        detail=detail,
    )


def counts_line(t: Translate, layout: str, counts: dict[str, int]) -> str:
    return t(
        "{layout}: {created} created, {updated} updated, {skipped} already there, "
        "{invalid} invalid lines skipped.",
        layout=layout,
        created=counts.get("created", 0),
        updated=counts.get("updated", 0),
        skipped=counts.get("skipped", 0),
        invalid=counts.get("invalid", 0),
    )
