"""The analytical CRM in chat: reports, charts, lead scores, customer value."""
