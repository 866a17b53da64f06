"""The reminder and outbox worker (`crmbot worker`, and part of `crmbot run`)."""

from bot.worker.loop import Worker
from bot.worker.senders import build_senders

__all__ = ["Worker", "build_senders"]
