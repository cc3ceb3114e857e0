"""The faust app, built by a factory from Settings: one app (one consumer group) per role.

Each role (extract, store, alert) is its own consumer group, so a store worker and an
alert worker both see every event, while several extract workers share the raw
topic's partitions. Nothing here is created at import time.
"""

from __future__ import annotations

import ssl
from typing import Any, Literal

import faust

from pipeline.settings import KafkaSettings, Settings

Role = Literal["extract", "store", "alert"]
ROLES: tuple[Role, ...] = ("extract", "store", "alert")


def broker_urls(kafka: KafkaSettings) -> list[str]:
    return [f"kafka://{server.strip()}" for server in kafka.bootstrap_servers.split(",") if server]


def broker_credentials(kafka: KafkaSettings) -> Any | None:
    """faust credentials for SASL and/or TLS; None for PLAINTEXT."""
    if kafka.security_protocol == "PLAINTEXT":
        return None
    context: ssl.SSLContext | None = None
    if kafka.security_protocol in ("SSL", "SASL_SSL"):
        context = ssl.create_default_context(
            cafile=str(kafka.ssl_cafile) if kafka.ssl_cafile else None
        )
        context.check_hostname = kafka.ssl_check_hostname
        if kafka.ssl_certfile is not None:
            context.load_cert_chain(
                str(kafka.ssl_certfile), str(kafka.ssl_keyfile) if kafka.ssl_keyfile else None
            )
    if kafka.security_protocol == "SSL":
        return faust.SSLCredentials(context)
    password = kafka.sasl_password.get_secret_value() if kafka.sasl_password else None
    return faust.SASLCredentials(
        username=kafka.sasl_username,
        password=password,
        ssl_context=context,
        mechanism=kafka.sasl_mechanism or "PLAIN",
    )


def create_app(settings: Settings, role: Role) -> faust.App:
    """A faust app for one role; agents are attached by ``pipeline.stream.agents``."""
    worker = settings.worker
    return faust.App(
        f"{worker.app_id}-{role}",
        broker=broker_urls(settings.kafka),
        broker_credentials=broker_credentials(settings.kafka),
        broker_client_id=f"{settings.kafka.client_id}-{role}",
        broker_request_timeout=settings.kafka.request_timeout_ms / 1000,
        # A killed worker's partitions move to the others after this long.
        broker_session_timeout=10.0,
        broker_heartbeat_interval=3.0,
        broker_commit_interval=1.0,
        value_serializer="raw",
        key_serializer="raw",
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_linger=settings.kafka.producer_linger_ms / 1000,
        # Room for a coded batch's events of one partition in one request (faust: 16 KiB).
        producer_max_batch_size=256 * 1024,
        # Topics are created by `wirewatch topics create`, never implicitly.
        topic_allow_declare=False,
        topic_disable_leader=True,
        topic_partitions=settings.topics.events_partitions,
        # /metrics is served by prometheus-client on its own port; no faust web UI.
        web_enabled=False,
        datadir=str(settings.state_dir / "faust" / role),
        # A batch is handed to the coder in a thread; give it room before faust
        # declares the stream stuck.
        stream_processing_timeout=300.0,
    )
