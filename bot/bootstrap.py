"""Builds the objects with a life (database, name index, the CRM service) once, in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.links import PlatformLinks
from config import Settings, load_settings
from handlers.service import Crm
from handlers.verbs import build_registry
from storage.db import Database
from storage.search import NameIndex
from storage.types import utcnow


@dataclass
class App:
    settings: Settings
    db: Database
    crm: Crm


def bootstrap(
    settings: Settings | None = None,
    *,
    upgrade: bool | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> App:
    """Wire the app. A SQLite file (new or old) is upgraded on start so `crmbot` just works;
    other databases are upgraded by `crmbot db upgrade` (the Procfile's release step)."""
    settings = settings or load_settings()
    db = Database(settings.database_url)
    if upgrade or (upgrade is None and db.is_sqlite):
        db.upgrade()
    crm = Crm(db, settings, build_registry(), NameIndex(db), clock, PlatformLinks(settings))
    return App(settings=settings, db=db, crm=crm)
