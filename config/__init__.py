"""Settings from the environment and the logging set-up; imports nothing of ours."""

from config.logging import setup_logging
from config.settings import Settings, load_settings

__all__ = ["Settings", "load_settings", "setup_logging"]
