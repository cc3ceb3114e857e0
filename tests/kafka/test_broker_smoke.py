"""The session broker answers and takes topics."""

from __future__ import annotations

import pytest

from pipeline.kafka.admin import ensure_topics, list_topics
from pipeline.kafka.config import wait_for_broker

pytestmark = pytest.mark.kafka


def test_session_broker_answers_metadata(kafka_broker):
    settings = kafka_broker.settings()
    cluster = wait_for_broker(settings.kafka, 30)
    assert cluster["brokers"][0]["port"] == int(kafka_broker.bootstrap_servers.rsplit(":", 1)[1])


def test_ensure_topics_twice_is_idempotent(kafka_broker):
    settings = kafka_broker.settings()
    first = ensure_topics(settings)
    second = ensure_topics(settings)
    names = [
        settings.topics.raw,
        settings.topics.articles,
        settings.topics.events,
        settings.topics.alerts,
        settings.topics.deadletter,
    ]
    assert first == {n: "created" for n in names}
    assert second == {n: "exists" for n in names}
    assert set(names) <= set(list_topics(settings))


@pytest.mark.timeout(180)
def test_a_broker_that_cannot_start_reports_its_log(tmp_path):
    import socket

    from pipeline.kafka.broker import LocalBroker
    from pipeline.kafka.exceptions import BrokerStartFailed
    from tests.fixtures.kafka import free_port

    port, controller = free_port(), free_port()
    with socket.socket() as taken:
        # A third listener on a port someone holds: the broker exits while binding.
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        extra_port = taken.getsockname()[1]
        broker = LocalBroker(
            tmp_path / "kafka",
            port=port,
            controller_port=controller,
            heap="128m",
            extra_properties={
                "listeners": f"PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller},"
                f"EXTRA://127.0.0.1:{extra_port}",
                "listener.security.protocol.map": (
                    "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,EXTRA:PLAINTEXT"
                ),
            },
        )
        with pytest.raises(BrokerStartFailed, match="exited with code") as info:
            broker.start(timeout=120)
    assert "log tail" in str(info.value)
    assert str(extra_port) in str(info.value)
    assert not broker.is_running()
