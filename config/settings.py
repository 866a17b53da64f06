"""One typed view of the environment, so no module reads os.environ on its own."""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

Language = Literal["de", "en"]


class Settings(BaseSettings):
    """Every knob the README's Configuration table names, from the environment or a .env file."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    database_url: str = "sqlite:///crm.db"
    crm_timezone: str = "Europe/Berlin"
    crm_language: Language = "de"
    port: int = 8000
    crm_public_url: str | None = Field(
        default=None, description="where `crmbot serve` is reached from outside, for calendar links"
    )

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    slack_public_replies: bool = Field(
        default=True, description="log and followup confirmations are visible to the channel"
    )

    telegram_bot_token: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_webhook_url: str | None = None
    telegram_api_url: str | None = None
    telegram_bot_username: str | None = None

    invite_valid_days: int = 7
    reminder_poll_seconds: float = 5.0
    reminder_lease_seconds: float = 60.0
    overdue_escalation_hours: float = 24.0
    reminder_batch_size: int = 500
    reminder_concurrency: int = 50
    reminder_late_seconds: float = 300.0
    reminder_chat_interval_seconds: float = 1.0
    reminder_max_attempts: int = 12
    reminder_send_timeout_seconds: float = 30.0

    @field_validator("database_url")
    @classmethod
    def _accept_heroku_scheme(cls, url: str) -> str:
        """Some hosts hand out postgres://, which SQLAlchemy refuses."""
        if url.startswith("postgres://"):
            url = "postgresql://" + url.removeprefix("postgres://")
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url

    @field_validator("crm_timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        ZoneInfo(name)
        return name

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.crm_timezone)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token)


def load_settings(**overrides: object) -> Settings:
    """Build settings; tests pass overrides instead of touching the process environment."""
    return Settings(**overrides)  # type: ignore[arg-type]


class _GivenOnly(Settings):
    """Settings from the values given and the defaults, nothing else."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def explicit_settings(**values: object) -> Settings:
    """Settings that read neither the environment nor .env: what tests and benchmarks use,
    so a developer's shell or .env (a real Slack token, say) can never leak into a run."""
    return _GivenOnly(**values)  # type: ignore[arg-type]
