"""Settings come from WIREWATCH_* variables, nested with '__', secrets hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.settings import Settings


def test_defaults_bind_to_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(__import__("os").environ):
        if name.startswith("WIREWATCH_"):
            monkeypatch.delenv(name)
    settings = Settings()
    assert settings.kafka.bootstrap_servers == "127.0.0.1:9092"
    assert settings.metrics.host == "127.0.0.1"
    assert settings.broker.host == "127.0.0.1"


def test_nested_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_KAFKA__BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092")
    monkeypatch.setenv("WIREWATCH_TOPICS__EVENTS_PARTITIONS", "12")
    monkeypatch.setenv("WIREWATCH_STATE_DIR", "/var/lib/wirewatch")
    settings = Settings()
    assert settings.kafka.bootstrap_servers == "broker-1:9092,broker-2:9092"
    assert settings.topics.events_partitions == 12
    assert settings.sqlite_path() == Path("/var/lib/wirewatch/wirewatch.db")


def test_secrets_never_show_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_KAFKA__SASL_PASSWORD", "hunter2-kafka")
    monkeypatch.setenv("WIREWATCH_DATABASE_URL", "postgresql://ww:hunter2-db@db/ww")
    monkeypatch.setenv("WIREWATCH_ALERTS__WEBHOOK_URL", "https://hooks.invalid/T0KEN")
    settings = Settings()
    text = repr(settings) + str(settings) + settings.model_dump_json()
    for secret in ("hunter2-kafka", "hunter2-db", "T0KEN"):
        assert secret not in text
    assert settings.effective_database_url() == "postgresql://ww:hunter2-db@db/ww"


def test_invalid_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_TOPICS__RAW_PARTITIONS", "0")
    with pytest.raises(ValueError, match="raw_partitions"):
        Settings()


def test_to_env_round_trips_through_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_KAFKA__SASL_PASSWORD", "s3cret")
    monkeypatch.setenv("WIREWATCH_TOPICS__RAW", "custom.raw")
    monkeypatch.setenv("WIREWATCH_METRICS__PORT", "0")
    original = Settings()
    env = original.to_env()
    assert env["WIREWATCH_KAFKA__SASL_PASSWORD"] == "s3cret"
    for name in list(__import__("os").environ):
        if name.startswith("WIREWATCH_"):
            monkeypatch.delenv(name)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert Settings() == original
