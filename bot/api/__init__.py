"""The JSON API for other systems under `/api/v1` (see bot/api/endpoints.py)."""

from bot.api.endpoints import mount

__all__ = ["mount"]
