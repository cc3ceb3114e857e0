"""The broker manager's pure parts: properties, POM, paths (no JVM started)."""

from __future__ import annotations

import socket
from pathlib import Path

from pipeline.kafka import jars
from pipeline.kafka.broker import LocalBroker, broker_properties, port_is_free, render_properties
from pipeline.settings import BrokerSettings, Settings


def test_single_node_properties_bind_loopback_and_replicate_once(tmp_path: Path) -> None:
    props = broker_properties(host="127.0.0.1", port=1234, controller_port=1235, data_dir=tmp_path)
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:1234,CONTROLLER://127.0.0.1:1235"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:1235"
    assert props["auto.create.topics.enable"] == "false"
    for key in (
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
        "share.coordinator.state.topic.replication.factor",
    ):
        assert props[key] == "1"
    assert props["log.dirs"] == str(tmp_path)


def test_extra_properties_add_and_override(tmp_path: Path) -> None:
    props = broker_properties(
        host="127.0.0.1",
        port=1,
        controller_port=2,
        data_dir=tmp_path,
        extra={"listeners": "X", "sasl.enabled.mechanisms": "PLAIN"},
    )
    assert props["listeners"] == "X"
    assert props["sasl.enabled.mechanisms"] == "PLAIN"
    assert "sasl.enabled.mechanisms=PLAIN\n" in render_properties(props)


def test_pom_brings_the_logging_backend_of_the_version() -> None:
    pom4 = jars.runtime_pom("4.3.1")
    assert "<artifactId>kafka_2.13</artifactId><version>4.3.1</version>" in pom4
    assert "log4j-slf4j-impl" in pom4
    assert "reload4j" not in pom4
    pom3 = jars.runtime_pom("3.9.2")
    assert "slf4j-reload4j" in pom3
    assert "log4j-core" not in pom3


def test_from_settings_uses_the_state_dir_and_ports(tmp_path: Path) -> None:
    settings = Settings(
        state_dir=tmp_path,
        broker=BrokerSettings(port=19092, controller_port=19093, cache_dir=tmp_path / "c"),
    )
    broker = LocalBroker.from_settings(settings)
    assert broker.state_dir == (tmp_path / "kafka").absolute()
    assert broker.bootstrap_servers == "127.0.0.1:19092"
    assert broker.pid_path.parent == broker.state_dir
    assert not broker.is_running()
    assert broker.status().running is False
    assert not jars.jars_cached(tmp_path / "c", "4.3.1")


def test_stale_pid_file_is_not_running(tmp_path: Path) -> None:
    broker = LocalBroker(tmp_path)
    tmp_path.mkdir(exist_ok=True)
    broker.pid_path.write_text("1\n")  # init: alive, but not our broker
    assert not broker.is_running()
    assert broker.stop() is False
    assert not broker.pid_path.exists()


def test_port_is_free_sees_a_listener() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        assert not port_is_free("127.0.0.1", sock.getsockname()[1])
