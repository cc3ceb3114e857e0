"""kafka-python client configuration from ``KafkaSettings``, and a fail-fast probe.

The same dictionary works for ``KafkaProducer``, ``KafkaConsumer`` and
``KafkaAdminClient``: it holds only keys all three accept. It carries the SASL password
in clear (the clients need it), so never log it: log ``redacted(config)`` instead.
"""

from __future__ import annotations

import logging
from typing import Any

from pipeline.kafka.exceptions import BrokerUnavailable
from pipeline.settings import KafkaSettings

_SECRET_KEYS = frozenset({"sasl_plain_password"})


def kafka_python_config(kafka: KafkaSettings) -> dict[str, Any]:
    """Connection settings for any kafka-python client.

    ``bootstrap_timeout_ms`` is ``connect_timeout_s``, so building a client against
    an address where no broker listens fails in that time instead of the library's
    30 s default.
    """
    config: dict[str, Any] = {
        "bootstrap_servers": [s.strip() for s in kafka.bootstrap_servers.split(",") if s.strip()],
        "client_id": kafka.client_id,
        "security_protocol": kafka.security_protocol,
        "request_timeout_ms": kafka.request_timeout_ms,
        "bootstrap_timeout_ms": int(kafka.connect_timeout_s * 1000),
    }
    if kafka.security_protocol.startswith("SASL"):
        config["sasl_mechanism"] = kafka.sasl_mechanism or "PLAIN"
        if kafka.sasl_username is not None:
            config["sasl_plain_username"] = kafka.sasl_username
        if kafka.sasl_password is not None:
            config["sasl_plain_password"] = kafka.sasl_password.get_secret_value()
    if kafka.security_protocol.endswith("SSL"):
        config["ssl_check_hostname"] = kafka.ssl_check_hostname
        for key, path in (
            ("ssl_cafile", kafka.ssl_cafile),
            ("ssl_certfile", kafka.ssl_certfile),
            ("ssl_keyfile", kafka.ssl_keyfile),
        ):
            if path is not None:
                config[key] = str(path)
    return config


def quiet_client_logs(log_level: str) -> None:
    """Silence kafka-python's connection chatter unless we run at DEBUG.

    Our tools report broker trouble themselves (``BrokerUnavailable``, delivery
    summaries); the library's per-connection INFO and ERROR lines only bury that.
    """
    import logging

    if log_level != "DEBUG":
        logging.getLogger("kafka").setLevel(logging.CRITICAL)


def redacted(config: dict[str, Any]) -> dict[str, Any]:
    """A copy of a client config that is safe to log or print."""
    return {key: ("**********" if key in _SECRET_KEYS else value) for key, value in config.items()}


def probe_metadata(
    bootstrap_servers: str, timeout_s: float, config: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One metadata round-trip; returns the cluster description.

    Raises ``BrokerUnavailable`` (with the underlying error as ``__cause__``) when no
    broker answers within ``timeout_s``, or the connection is refused by the broker.
    """
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    settings = dict(config or {"bootstrap_servers": bootstrap_servers})
    settings["bootstrap_timeout_ms"] = max(1, int(timeout_s * 1000))
    # A listener that accepts the connection but never answers must not hang us either.
    settings["request_timeout_ms"] = max(1_000, int(timeout_s * 1000))
    with ConnectionErrors() as seen:
        try:
            admin = KafkaAdminClient(**settings)
        except (KafkaError, OSError) as exc:
            detail = likely_cause(seen.messages, settings) or type(exc).__name__
            raise BrokerUnavailable(bootstrap_servers, timeout_s, detail) from exc
        try:
            cluster: dict[str, Any] = admin.describe_cluster()
            return cluster
        except (KafkaError, OSError) as exc:
            detail = likely_cause(seen.messages, settings) or type(exc).__name__
            raise BrokerUnavailable(bootstrap_servers, timeout_s, detail) from exc
        finally:
            admin.close()


class ConnectionErrors(logging.Handler):
    """Collects kafka-python's connection warnings while a probe runs.

    kafka-python reports why a connection failed (a TLS verification error, a
    connection the broker dropped after the handshake) only in its log, not in the
    exception it raises; the probe reads them to tell the user the likely cause.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []
        self._logger = logging.getLogger("kafka")
        self._level = self._logger.level
        self._propagate = self._logger.propagate

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage()[:500])

    def __enter__(self) -> ConnectionErrors:
        self._logger.addHandler(self)
        if self._logger.getEffectiveLevel() > logging.WARNING:
            # Quieted (quiet_client_logs): collect the warnings without showing them.
            self._logger.setLevel(logging.WARNING)
            self._logger.propagate = False
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self)
        self._logger.setLevel(self._level)
        self._logger.propagate = self._propagate


def likely_cause(messages: list[str], config: dict[str, Any]) -> str | None:
    """A one-line explanation from the library's connection messages, if they give one."""
    text = "\n".join(messages)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return (
            "TLS certificate verification failed: the broker's certificate is not signed by "
            "WIREWATCH_KAFKA__SSL_CAFILE"
        )
    protocol = str(config.get("security_protocol", "PLAINTEXT"))
    if protocol.startswith("SASL") and (
        "Authentication" in text or "disconnected" in text.lower() or "Connection lost" in text
    ):
        return (
            "SASL authentication probably failed: the broker closed the connection after the "
            "handshake; check WIREWATCH_KAFKA__SASL_USERNAME, __SASL_PASSWORD and "
            "__SASL_MECHANISM"
        )
    return None


def wait_for_broker(kafka: KafkaSettings, timeout_s: float | None = None) -> dict[str, Any]:
    """Fail fast with ``BrokerUnavailable`` unless a broker answers within the timeout.

    The timeout defaults to ``kafka.connect_timeout_s``; the message names the address.
    """
    timeout = kafka.connect_timeout_s if timeout_s is None else timeout_s
    return probe_metadata(kafka.bootstrap_servers, timeout, kafka_python_config(kafka))
