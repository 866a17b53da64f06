"""The CRM's tables as typed SQLAlchemy 2 models, one module per part of the CRM.

Companies and contacts share one table (`parties`) because every verb that names a customer
(`show`, `log`, `followup`, `history`) accepts either; single-table inheritance still gives each
its own class. Import models from here: `from storage.models import Party`.
"""

from storage.models.analytics import AbcRanking, AlertRule, AlertSnooze, Segment
from storage.models.audit import AuditEntry
from storage.models.base import (
    ACTIVITY_KINDS,
    DEAL_STATUSES,
    FOLLOWUP_STATUSES,
    NAMING,
    RELATIONSHIPS,
    Base,
)
from storage.models.deals import Deal, DealMonthSum, DealStage
from storage.models.features import ApiToken, CalendarFeed, SendBudget, Upload
from storage.models.messages import ChatContext, GroupChat, InboundMessage, OutboxMessage
from storage.models.parties import Company, Contact, Party, PartyNameChange, PartyTag
from storage.models.people import Identity, Invite, Member
from storage.models.webhooks import Webhook, WebhookDelivery, WebhookEvent
from storage.models.work import Activity, Followup

__all__ = [
    "ACTIVITY_KINDS",
    "DEAL_STATUSES",
    "FOLLOWUP_STATUSES",
    "NAMING",
    "RELATIONSHIPS",
    "AbcRanking",
    "Activity",
    "AlertRule",
    "AlertSnooze",
    "ApiToken",
    "AuditEntry",
    "Base",
    "CalendarFeed",
    "ChatContext",
    "Company",
    "Contact",
    "Deal",
    "DealMonthSum",
    "DealStage",
    "Followup",
    "GroupChat",
    "Identity",
    "InboundMessage",
    "Invite",
    "Member",
    "OutboxMessage",
    "Party",
    "PartyNameChange",
    "PartyTag",
    "Segment",
    "SendBudget",
    "Upload",
    "Webhook",
    "WebhookDelivery",
    "WebhookEvent",
]
