"""Settings from the environment and the logging set-up; imports nothing of ours."""

from config.logging import setup_logging
from config.settings import Settings, explicit_settings, load_settings

__all__ = ["Settings", "explicit_settings", "load_settings", "setup_logging"]
