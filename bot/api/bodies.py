"""The JSON bodies and query strings `/api/v1` accepts, as strict pydantic models.

Strict, with unknown fields forbidden: `"name": 5` or `"colour": "red"` is refused with the
field named, never coerced or ignored. The same models give the OpenAPI document its
schemas (bot/api/openapi.py), so the document cannot drift from what is checked.
Values are bounded here as the chat's parsers bound them (names, titles, probabilities);
what only a handler can judge (a customer's e-mail, a colleague's name) the handler judges.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic import StringConstraints as Chars

from handlers.command import clean
from handlers.deals import MAX_TITLE_CHARS
from handlers.fields import MAX_NAME_CHARS
from storage.models import ACTIVITY_KINDS


def _cleaned(value: object) -> object:
    """Text is cleaned as a chat line is (control characters out, spaces squeezed) before
    it is bounded, so "   " is empty here as it is in chat."""
    return clean(value) if isinstance(value, str) else value


Cleaned = BeforeValidator(_cleaned)
Text = Annotated[str, Cleaned, Chars(min_length=1, max_length=2000)]
Name = Annotated[str, Cleaned, Chars(min_length=1, max_length=MAX_NAME_CHARS)]
Value = Annotated[str, Cleaned, Chars(max_length=500)]
Key = Annotated[str, Chars(pattern=r"^[\w-]{1,40}$")]
Money = Annotated[str, Cleaned, Chars(min_length=1, max_length=40)]
Title = Annotated[str, Cleaned, Chars(min_length=1, max_length=MAX_TITLE_CHARS)]
Percent = Annotated[int, Field(ge=0, le=100)]
Id = Annotated[int, Field(ge=1, le=10**12)]
ActivityKind = Literal[ACTIVITY_KINDS]  # type: ignore[valid-type]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class NewCustomer(Body):
    """A company or a contact; `company` is the id of a contact's company."""

    type: Literal["company", "contact"]
    name: Name
    company: Id | None = None
    email: Value | None = None
    phone: Value | None = None
    city: Value | None = None
    address: Value | None = None
    kind: Value | None = None
    tags: list[Key] | None = Field(default=None, max_length=50)
    custom: dict[Key, Value] | None = Field(default=None, max_length=50)
    force: bool = False
    """Add it even when it looks like a customer that is there already."""


class CustomerChange(Body):
    """The fields to change; null clears one (not the name)."""

    name: Name | None = None
    company: Id | None = None
    email: Value | None = None
    phone: Value | None = None
    city: Value | None = None
    address: Value | None = None
    kind: Value | None = None
    custom: dict[Key, Value | None] | None = Field(default=None, max_length=50)


class NewActivity(Body):
    customer: Id
    kind: ActivityKind
    text: Text
    occurred_at: AwareDatetime | None = None
    """When it happened, if not now; never ahead."""
    followup: Value | None = None
    """A date phrase ("tomorrow 10:00"): the next step, planned with the same text."""


class NewFollowup(Body):
    customer: Id
    due_at: AwareDatetime
    text: Text
    assignee: Value | None = None
    """A colleague's name; the token's member when left out."""


class FollowupChange(Body):
    """Close a follow-up, or move it (`snooze`: "+1d", "tomorrow 10:00")."""

    status: Literal["done", "cancelled"] | None = None
    snooze: Value | None = None


class NewDeal(Body):
    customer: Id
    value: Money
    """Money as people write it: "12000", "12.000 €", "12k", "$3,000"."""
    title: Title
    stage: Value | None = None
    close: date | None = None
    probability: Percent | None = None
    owner: Value | None = None


class DealChange(Body):
    value: Money | None = None
    title: Title | None = None
    close: date | None = None
    probability: Percent | None = None
    owner: Value | None = None


class CustomerQuery(Body):
    """`GET /customers`: the filters of chat `list`, and paging."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)
    city: Value | None = None
    tag: Value | None = None
    kind: Value | None = None
    owner: Value | None = None
    company: Value | None = None
    quiet: Value | None = None
    count: Literal["exact"] | None = None
    page: Annotated[int, Field(ge=1, le=10_000)] = 1
    per_page: Annotated[int, Field(ge=1, le=100)] = 20


class FollowupQuery(Body):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)
    assignee: Value | None = None
    due: Literal["open", "today", "overdue"] = "open"


class DealQuery(Body):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)
    owner: Value | None = None
    customer: Id | None = None
    stage: Value | None = None


BODIES: tuple[type[Body], ...] = (
    NewCustomer,
    CustomerChange,
    NewActivity,
    NewFollowup,
    FollowupChange,
    NewDeal,
    DealChange,
)
