"""indexes for every foreign key and every filter and sort column the commands use

Issue 13: `find` asked for a company's contacts ten times a search with no index on
`parties.company_id`, ~10 ms each at 100,000 companies. Each index here serves one query
(named beside it) or a foreign key, whose parent row's delete would otherwise scan the
child table. `ix_followups_assignee` (assignee, status) becomes (assignee, status, due_at),
so `mine`/`today`/`overdue` read in due order without sorting; nothing is indexed twice.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "parties": {
        "ix_parties_company_name": ["company_id", "name"],  # contacts_of(_many), card
        "ix_parties_owner": ["owner_id"],  # foreign key; list owner=@m
    },
    "activities": {
        "ix_activities_member_occurred": ["member_id", "occurred_at"],  # feed @m
        "ix_activities_corrects": ["corrects_id"],  # foreign key
    },
    "followups": {
        "ix_followups_assignee_due": ["assignee_id", "status", "due_at"],  # mine/today/overdue
        "ix_followups_party_due": ["party_id", "status", "due_at"],  # card, history
        "ix_followups_open_due": ["status", "escalated_at", "due_at"],  # escalations
        "ix_followups_creator": ["creator_id"],  # foreign key
    },
    "identities": {"ix_identities_member": ["member_id", "platform"]},  # identity_of, members
    "invites": {
        "ix_invites_member": ["member_id"],  # foreign key
        "ix_invites_created_by": ["created_by_id"],  # foreign key
    },
    "audit": {
        "ix_audit_entity": ["entity", "entity_id"],  # entries_for
        "ix_audit_member": ["member_id"],  # foreign key
    },
    "inbound": {
        "ix_inbound_status": ["status", "received_at"],  # failed commands
        "ix_inbound_member": ["member_id"],  # foreign key
    },
    "outbox": {"ix_outbox_member": ["member_id"]},  # foreign key
    "chat_contexts": {
        "ix_chat_contexts_member": ["member_id"],  # foreign key
        "ix_chat_contexts_party": ["party_id"],  # foreign key
    },
}


def upgrade() -> None:
    op.drop_index("ix_followups_assignee", table_name="followups")
    for table, indexes in INDEXES.items():
        for name, columns in indexes.items():
            op.create_index(name, table, columns)


def downgrade() -> None:
    for table, indexes in INDEXES.items():
        for name in indexes:
            op.drop_index(name, table_name=table)
    op.create_index("ix_followups_assignee", "followups", ["assignee_id", "status"])
