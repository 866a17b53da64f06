"""The edges: console, Slack, Telegram, the HTTP server, the scheduler and the CLI."""
