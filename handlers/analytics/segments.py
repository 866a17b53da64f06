"""`segment save <name>: <filters>`, `segment <name> [export]`, `segments`: named filters
the whole team shares. A segment is read afresh each time it is shown."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from handlers.analytics.leads import scores
from handlers.analytics.segment_filters import query_of, read_pairs, written
from handlers.arguments import BadArguments, PartyRef, head_and_body
from handlers.context import Context, Refusal
from handlers.exports import cell
from handlers.reply import Attachment, Button, Item, Reply, Section
from storage import segments
from storage.models import Party

PAGE_SIZE: Final = 20
NAME_LIMIT: Final = 60
SAVE_WORDS: Final = frozenset({"save", "speichern", "speichere"})
EXPORT_WORDS: Final = frozenset({"export", "exportieren", "exportiere", "csv"})
CSV_COLUMNS: Final = ("id", "name", "type", "kind", "company", "city", "email", "phone", "owner", "tags", "score")  # fmt: skip

Action = Literal["save", "show", "export", "list"]


@dataclass(frozen=True)
class SegmentArgs:
    action: Action
    name: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1

    def line(self) -> str:
        if self.action == "save":
            return f"segment save {self.name}: {written(self.filters)}"
        if self.action == "export":
            return f"segment {self.name} export"
        more = f" page={self.page}" if self.page > 1 else ""
        return f"segment {self.name}{more}" if self.name else "segments"


def parse_segment(text: str, ctx: Context) -> SegmentArgs:
    words = text.split()
    if not words:
        return SegmentArgs("list")
    if words[0].lower() in SAVE_WORDS:
        name, body = head_and_body(text.strip()[len(words[0]) :])
        return SegmentArgs("save", _name(ctx, name), read_pairs(ctx, body))
    page = 1
    if words[-1].lower().startswith(("page=", "seite=")):
        number = words.pop().split("=", 1)[1]
        if not number.isdigit() or not 1 <= int(number) <= 10_000:
            raise BadArguments(ctx.t("A page is a number."))
        page = int(number)
    if words and words[-1].lower() in EXPORT_WORDS:
        return SegmentArgs("export", _name(ctx, " ".join(words[:-1])))
    return SegmentArgs("show", _name(ctx, " ".join(words)), page=page)


def parse_segments(text: str, ctx: Context) -> SegmentArgs:
    if text.strip():
        raise BadArguments()
    return SegmentArgs("list")


def _name(ctx: Context, name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > NAME_LIMIT:
        raise BadArguments(ctx.t("Name the segment (up to {most} characters).", most=NAME_LIMIT))
    return name


def segment(args: SegmentArgs, ctx: Context) -> Reply:
    if args.action == "list":
        return every(args, ctx)
    if args.action == "save":
        return _save(args, ctx)
    saved = segments.by_name(ctx.session, args.name)
    if saved is None:
        raise Refusal(
            ctx.t("There is no segment \u201c{name}\u201d. `segments` lists them.", name=args.name)
        )
    found = replace(args, name=saved.name, filters=dict(saved.filters))
    return _export(found, ctx) if args.action == "export" else _show(found, ctx)


def _save(args: SegmentArgs, ctx: Context) -> Reply:
    query_of(ctx, args.filters)
    new = segments.save(ctx.session, ctx.member.id, args.name, args.filters)
    shown = {"name": args.name, "filters": written(args.filters)}
    text = (
        ctx.t("Segment {name} saved: {filters}", **shown)
        if new
        else ctx.t("Segment {name} changed: {filters}", **shown)
    )
    return Reply(
        text=text,
        buttons=[Button(ctx.t("Show"), SegmentArgs("show", args.name).line())],
        data={"segment": args.name, "filters": args.filters, "new": new},
    )


def _matching(args: SegmentArgs, ctx: Context) -> tuple[int, list[Party], dict[int, int]]:
    """The count, this page of parties and (with score>=) their scores, best first."""
    query = query_of(ctx, args.filters)
    if query.score_at_least is None:
        total, rows = segments.page(ctx.session, query.chosen, PAGE_SIZE, args.page)
        return total, rows, {}
    ranked = [s for s in scores(ctx, query.chosen) if s.total >= query.score_at_least]
    start = (args.page - 1) * PAGE_SIZE
    shown = ranked[start : start + PAGE_SIZE]
    rows = segments.in_order(ctx.session, [s.facts.party_id for s in shown])
    return len(ranked), rows, {s.facts.party_id: s.total for s in shown}


def _show(args: SegmentArgs, ctx: Context) -> Reply:
    t = ctx.t
    total, rows, scored = _matching(args, ctx)
    items = tuple(
        Item(
            f"#{p.id} {p.name}" + (f" \u00b7 {p.city}" if p.city else "")
            + (f" \u00b7 {scored[p.id]}" if p.id in scored else ""),
            (Button(t("Show"), f"show {PartyRef.of(p.id)}"),),
        )
        for p in rows
    )  # fmt: skip
    shown_to = (args.page - 1) * PAGE_SIZE + len(rows)
    buttons = [Button(t("Export"), replace(args, action="export").line())]
    if shown_to < total:
        buttons.insert(0, Button(t("More"), replace(args, page=args.page + 1).line()))
    title = t("Segment {name}: {filters}", name=args.name, filters=written(args.filters))
    return Reply(
        text=title + "\n" + t.plural("{count} customer", "{count} customers", total),
        sections=[Section(t("Customers"), items, total - shown_to)] if items else [],
        buttons=buttons,
        data={
            "segment": args.name, "filters": args.filters, "total": total, "page": args.page,
            "customers": [{"id": p.id, "name": p.name} | ({"score": scored[p.id]} if p.id in scored else {}) for p in rows],
        },
    )  # fmt: skip


def _export(args: SegmentArgs, ctx: Context) -> Reply:
    """Every customer of the segment as a CSV file (formula cells neutralised, as `export`
    does), attached to the reply and also in its data for the JSON API."""
    query = query_of(ctx, args.filters)
    ranked = {s.facts.party_id: s.total for s in scores(ctx, query.chosen)}
    least = query.score_at_least or 0
    rows = [p for p in segments.everyone(ctx.session, query.chosen) if ranked.get(p.id, 0) >= least]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in rows:
        writer.writerow([cell(v) for v in (
            p.id, p.name, p.party_type, p.relationship_kind, p.company.name if p.company else None,
            p.city, p.email, p.phone, p.owner.name if p.owner else None, p.tags, ranked.get(p.id),
        )])  # fmt: skip
    return Reply(
        text=ctx.t.plural(
            "Segment {name}: {count} customer as CSV",
            "Segment {name}: {count} customers as CSV",
            len(rows),
            name=args.name,
        ),
        attachment=Attachment(_filename(args.name), "text/csv", out.getvalue().encode("utf-8")),
        data={"segment": args.name, "count": len(rows), "filename": _filename(args.name), "csv": out.getvalue()},
    )  # fmt: skip


def _filename(name: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)
    return f"segment-{safe}.csv"


def every(_args: SegmentArgs, ctx: Context) -> Reply:
    t = ctx.t
    saved = segments.every(ctx.session)
    if not saved:
        return Reply(
            text=t("No segments yet. Save one: segment save <name>: <filters>"),
            data={"segments": []},
        )
    items = tuple(
        Item(
            f"{s.name}: {written(s.filters)}",
            (Button(t("Show"), SegmentArgs("show", s.name).line()),),
        )
        for s in saved
    )
    return Reply(
        text=t("Segments"),
        sections=[Section(t("Segments"), items)],
        data={"segments": [{"name": s.name, "filters": s.filters} for s in saved]},
    )
