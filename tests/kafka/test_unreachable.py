"""No broker at the address: a typed, clear error within the connect timeout, not a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.kafka.admin import ensure_topics, list_topics
from pipeline.kafka.config import wait_for_broker
from pipeline.kafka.exceptions import BrokerUnavailable
from pipeline.replay import ReplayOptions, replay
from pipeline.settings import KafkaSettings, Settings
from tests.fixtures.kafka import free_port

# No broker needed: these prove the absence of one is reported quickly and clearly.
pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def nowhere() -> Settings:
    address = f"127.0.0.1:{free_port()}"
    return Settings(kafka=KafkaSettings(bootstrap_servers=address, connect_timeout_s=2))


def test_wait_for_broker_names_the_address(nowhere: Settings) -> None:
    with pytest.raises(BrokerUnavailable) as info:
        wait_for_broker(nowhere.kafka)
    assert nowhere.kafka.bootstrap_servers in str(info.value)
    assert "within 2 s" in str(info.value)
    assert info.value.bootstrap_servers == nowhere.kafka.bootstrap_servers


def test_topics_and_replay_fail_fast(nowhere: Settings) -> None:
    with pytest.raises(BrokerUnavailable, match="no Kafka broker reachable"):
        ensure_topics(nowhere)
    with pytest.raises(BrokerUnavailable, match="no Kafka broker reachable"):
        list_topics(nowhere)
    seeds = Path(__file__).parents[2] / "seeds"
    with pytest.raises(BrokerUnavailable, match="no Kafka broker reachable"):
        replay(nowhere, ReplayOptions(paths=(seeds,)))


def test_a_listener_that_is_not_kafka_does_not_hang(tmp_path: Path) -> None:
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        address = f"127.0.0.1:{server.getsockname()[1]}"
        settings = KafkaSettings(bootstrap_servers=address, connect_timeout_s=2)
        with pytest.raises(BrokerUnavailable, match=address):
            wait_for_broker(settings)
