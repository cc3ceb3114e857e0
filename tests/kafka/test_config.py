"""Client configuration from KafkaSettings (no broker needed)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from pipeline.kafka.config import kafka_python_config, redacted
from pipeline.settings import KafkaSettings, Settings

PASSWORD = "s3cret-Pa55"


def sasl_ssl() -> KafkaSettings:
    return KafkaSettings(
        bootstrap_servers="k1:9094, k2:9094",
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_username="wirewatch",
        sasl_password=SecretStr(PASSWORD),
        ssl_cafile=Path("/etc/ca.pem"),
        ssl_check_hostname=False,
        client_id="ww-test",
        request_timeout_ms=15_000,
        connect_timeout_s=4,
    )


def test_plaintext_has_no_security_keys() -> None:
    config = kafka_python_config(KafkaSettings())
    assert config == {
        "bootstrap_servers": ["127.0.0.1:9092"],
        "client_id": "wirewatch",
        "security_protocol": "PLAINTEXT",
        "request_timeout_ms": 30_000,
        "bootstrap_timeout_ms": 10_000,
    }


def test_sasl_ssl_maps_every_field() -> None:
    config = kafka_python_config(sasl_ssl())
    assert config["bootstrap_servers"] == ["k1:9094", "k2:9094"]
    assert config["security_protocol"] == "SASL_SSL"
    assert config["sasl_mechanism"] == "SCRAM-SHA-512"
    assert config["sasl_plain_username"] == "wirewatch"
    assert config["sasl_plain_password"] == PASSWORD
    assert config["ssl_cafile"] == "/etc/ca.pem"
    assert config["ssl_check_hostname"] is False
    assert "ssl_certfile" not in config
    assert config["request_timeout_ms"] == 15_000
    assert config["bootstrap_timeout_ms"] == 4_000


def test_config_is_accepted_by_every_kafka_python_client() -> None:
    # Unknown keys make kafka-python raise at construction; check the key sets instead
    # of connecting.
    from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer

    keys = set(kafka_python_config(sasl_ssl())) | {"ssl_certfile", "ssl_keyfile"}
    for client in (KafkaProducer, KafkaConsumer, KafkaAdminClient):
        assert keys <= set(client.DEFAULT_CONFIG), client.__name__


def test_password_never_in_repr_or_redacted_config(caplog: pytest.LogCaptureFixture) -> None:
    kafka = sasl_ssl()
    settings = Settings(kafka=kafka)
    assert PASSWORD not in repr(kafka)
    assert PASSWORD not in repr(settings)
    assert PASSWORD not in str(settings.model_dump())
    safe = redacted(kafka_python_config(kafka))
    assert PASSWORD not in str(safe)
    assert safe["sasl_plain_username"] == "wirewatch"
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").info("config %s", safe)
    assert PASSWORD not in caplog.text
