"""One typed view of the environment, so no module reads os.environ on its own."""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo

import holidays
from babel.numbers import is_currency
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from config.chats import ChatTarget, parse_chat_target
from config.scoring import Scoring, load_scoring, scoring_path
from config.stages import DEFAULT_COMMITTED, DEFAULT_STAGES, Stages, parse_stages

Language = Literal["de", "en"]


class Settings(BaseSettings):
    """Every knob the README's Configuration table names, from the environment or a .env file."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    database_url: str = "sqlite:///crm.db"
    crm_timezone: str = "Europe/Berlin"
    crm_language: Language = "de"
    crm_holidays: str = Field(
        default="DE", description="public holidays working days skip: a country or DE-BY"
    )
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

    slack_allowed_teams: str = Field(
        default="",
        description="comma-separated Slack team ids whose users may join besides the installed one",
    )
    crm_admins: str = Field(
        default="",
        description="comma-separated names or platform ids of the people who become admins",
    )

    telegram_bot_token: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_webhook_url: str | None = None
    telegram_api_url: str | None = None
    telegram_bot_username: str | None = None

    invite_valid_days: int = 7
    reminder_poll_seconds: float = 5.0
    reminder_lease_seconds: float = 10.0
    overdue_escalation_hours: float = 24.0
    reminder_batch_size: int = 500
    reminder_concurrency: int = 50
    reminder_late_seconds: float = 300.0
    reminder_chat_interval_seconds: float = 1.0
    reminder_max_attempts: int = 12
    reminder_send_timeout_seconds: float = 30.0

    crm_currency: str = Field(default="EUR", description="ISO 4217 code of amounts without one")
    crm_stages: str = Field(default=DEFAULT_STAGES, description="name[/alias]:percent, in order")
    crm_committed_stage: str = Field(
        default=DEFAULT_COMMITTED, description="the first stage counted as committed"
    )
    crm_lost_reasons: str = Field(
        default="Preis, Wettbewerber, kein Budget, kein Bedarf, Timing, keine Rückmeldung",
        description="comma-separated: the reasons `lost` offers",
    )
    crm_stale_days: int = Field(default=14, ge=1, description="days without a move: stale")
    crm_api_requests_per_minute: int = Field(
        default=60, ge=1, description="requests one API token may make a minute (per process)"
    )
    crm_scoring: str | None = Field(
        default=None, description="a TOML file of lead-scoring criteria (default: the shipped one)"
    )
    crm_report_channel: str | None = Field(
        default=None,
        description="where the weekly report goes on Mondays at 08:00: slack:#sales, "
        "slack:C0123ABCD or telegram:-100123 (unset: no weekly report)",
    )

    @field_validator("crm_report_channel")
    @classmethod
    def _known_chat(cls, value: str | None) -> str | None:
        """A report channel the bot could never post into stops the start."""
        if value is None or not value.strip():
            return None
        return str(parse_chat_target(value))

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

    @field_validator("crm_holidays")
    @classmethod
    def _known_holidays(cls, region: str) -> str:
        """An unknown region stops the start, not the first "in 3 Werktagen" a member types."""
        country, _, subdivision = region.strip().upper().partition("-")
        try:
            holidays.country_holidays(country, subdiv=subdivision or None, years=2026)
        except (NotImplementedError, KeyError) as unknown:
            raise ValueError(
                f"CRM_HOLIDAYS {region!r} is no country or region the holidays package knows "
                "(e.g. DE, DE-BY, AT, GB)"
            ) from unknown
        return region.strip().upper()

    @field_validator("crm_currency")
    @classmethod
    def _known_currency(cls, code: str) -> str:
        code = code.strip().upper()
        if not is_currency(code):
            raise ValueError(f"CRM_CURRENCY {code!r} is not an ISO 4217 currency code")
        return code

    @model_validator(mode="after")
    def _readable_stages(self) -> Settings:
        """A broken stage table stops the start, not the first `pipeline` a member asks for."""
        parse_stages(self.crm_stages, self.crm_committed_stage)
        return self

    @model_validator(mode="after")
    def _readable_scoring(self) -> Settings:
        """A malformed scoring file stops the start, naming its line and key."""
        load_scoring(scoring_path(self.crm_scoring))
        return self

    @property
    def scoring(self) -> Scoring:
        return load_scoring(scoring_path(self.crm_scoring))

    @property
    def report_channel(self) -> ChatTarget | None:
        return parse_chat_target(self.crm_report_channel) if self.crm_report_channel else None

    @property
    def stages(self) -> Stages:
        return parse_stages(self.crm_stages, self.crm_committed_stage)

    @property
    def lost_reasons(self) -> tuple[str, ...]:
        return tuple(
            reason.strip() for reason in self.crm_lost_reasons.split(",") if reason.strip()
        )

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.crm_timezone)

    @property
    def allowed_slack_teams(self) -> frozenset[str]:
        return frozenset(_listed(self.slack_allowed_teams))

    @property
    def admins(self) -> frozenset[str]:
        """CRM_ADMINS, case-folded: a name or id listed there makes its owner an admin."""
        return frozenset(entry.casefold() for entry in _listed(self.crm_admins))

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token)


def _listed(value: str) -> list[str]:
    return [entry.strip() for entry in value.split(",") if entry.strip()]


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
