"""Topic administration: create the topics of DESIGN.md, list and describe them.

``topic_specs`` is pure (settings -> what each topic should look like);
``ensure_topics`` talks to the broker and is idempotent; ``read_topic`` reads a topic
whole, for tools, benchmarks and tests.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline.kafka.config import ConnectionErrors, kafka_python_config, likely_cause
from pipeline.kafka.exceptions import BrokerUnavailable, TopicError
from pipeline.settings import KafkaSettings, Settings

log = logging.getLogger(__name__)

_TOPIC_ALREADY_EXISTS = 36
# JSON escaping can double a body, and dead letters carry the original bytes plus
# headers: give records room well above the article size limit.
_MIN_MAX_MESSAGE_BYTES = 1_048_588


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    replication_factor: int
    configs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TopicInfo:
    name: str
    partitions: int
    replication_factor: int
    leaders: tuple[int, ...]


def max_message_bytes(max_article_bytes: int) -> int:
    """The record size limit a topic needs for articles of up to ``max_article_bytes``."""
    return max(_MIN_MAX_MESSAGE_BYTES, 2 * max_article_bytes + 64 * 1024)


def topic_specs(settings: Settings) -> list[TopicSpec]:
    """Every wirewatch topic with its partitions, replication and retention."""
    t = settings.topics
    configs = {
        "retention.ms": str(t.retention_ms),
        "max.message.bytes": str(max_message_bytes(settings.limits.max_article_bytes)),
    }
    return [
        TopicSpec(name, partitions, t.replication_factor, dict(configs))
        for name, partitions in (
            (t.raw, t.raw_partitions),
            (t.articles, t.articles_partitions),
            (t.events, t.events_partitions),
            (t.alerts, t.alerts_partitions),
            (t.deadletter, t.deadletter_partitions),
        )
    ]


@contextlib.contextmanager
def admin_client(settings: Settings) -> Iterator[Any]:
    """A connected ``KafkaAdminClient``, or ``BrokerUnavailable`` within the connect timeout."""
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    kafka = settings.kafka
    config = kafka_python_config(kafka)
    with ConnectionErrors() as seen:
        try:
            admin = KafkaAdminClient(**config)
        except (KafkaError, OSError) as exc:
            detail = likely_cause(seen.messages, config) or type(exc).__name__
            raise BrokerUnavailable(
                kafka.bootstrap_servers, kafka.connect_timeout_s, detail
            ) from exc
    try:
        yield admin
    finally:
        admin.close()


def ensure_topics(settings: Settings) -> dict[str, str]:
    """Create the missing topics; returns ``{name: "created" | "exists"}`` in spec order.

    An existing topic is left as it is (a warning is logged when its partition count
    differs from the settings). Raises ``BrokerUnavailable`` when no broker answers
    within ``kafka.connect_timeout_s`` and ``TopicError`` when the broker refuses one.
    """
    specs = topic_specs(settings)
    with admin_client(settings) as admin:
        request = {
            s.name: {
                "num_partitions": s.partitions,
                "replication_factor": s.replication_factor,
                "configs": s.configs,
            }
            for s in specs
        }
        response = admin.create_topics(request, raise_errors=False, wait_for_metadata=False)
        outcome: dict[str, str] = {}
        errors: list[str] = []
        for topic in response["topics"]:
            code = topic["error_code"]
            if code == 0:
                outcome[topic["name"]] = "created"
            elif code == _TOPIC_ALREADY_EXISTS:
                outcome[topic["name"]] = "exists"
            else:
                errors.append(f"{topic['name']}: {topic.get('error_message') or f'error {code}'}")
        if errors:
            raise TopicError("could not create topic(s): " + "; ".join(errors))
        existing = [name for name, state in outcome.items() if state == "exists"]
        if existing:
            _warn_on_partition_mismatch(admin, specs, existing)
        created = [name for name, state in outcome.items() if state == "created"]
        if created:
            _wait_for_leaders(admin, created)
    return {s.name: outcome[s.name] for s in specs}


def _wait_for_leaders(admin: Any, names: list[str], attempts: int = 100) -> None:
    """Block until every partition of ``names`` has a leader, so producers can start.

    A new topic reaches the broker's metadata cache a moment after CreateTopics
    returns; until then it is missing from metadata responses.
    """
    for _ in range(attempts):
        infos = {info.name: info for info in _topic_infos(admin, names)}
        if all(
            name in infos and infos[name].leaders and min(infos[name].leaders) >= 0
            for name in names
        ):
            return
        time.sleep(0.1)
    log.warning("topics %s have no leader yet after %d checks", ", ".join(names), attempts)


def _warn_on_partition_mismatch(admin: Any, specs: list[TopicSpec], names: list[str]) -> None:
    wanted = {s.name: s.partitions for s in specs}
    for info in _topic_infos(admin, names):
        if info.partitions != wanted[info.name]:
            log.warning(
                "topic %s exists with %d partitions; settings ask for %d (left unchanged)",
                info.name,
                info.partitions,
                wanted[info.name],
            )


def _topic_infos(admin: Any, names: list[str] | None) -> list[TopicInfo]:
    infos = []
    for topic in admin.describe_topics(names):
        if topic.get("error_code", 0) != 0:
            continue
        partitions = sorted(topic["partitions"], key=lambda p: p["partition_index"])
        infos.append(
            TopicInfo(
                name=topic["name"],
                partitions=len(partitions),
                replication_factor=max((len(p["replica_nodes"]) for p in partitions), default=0),
                leaders=tuple(p["leader_id"] for p in partitions),
            )
        )
    return sorted(infos, key=lambda i: i.name)


def list_topics(settings: Settings, *, include_internal: bool = False) -> list[str]:
    """Names of the topics on the broker, sorted (internal ``__*`` topics left out)."""
    with admin_client(settings) as admin:
        names: list[str] = admin.list_topics()
    return sorted(n for n in names if include_internal or not n.startswith("__"))


def describe_topics(settings: Settings, names: list[str] | None = None) -> list[TopicInfo]:
    """Partition count, replication and leaders of ``names`` (default: wirewatch's topics)."""
    wanted = names if names is not None else [s.name for s in topic_specs(settings)]
    with admin_client(settings) as admin:
        present = set(admin.list_topics())
        return _topic_infos(admin, [n for n in wanted if n in present])


def read_topic(kafka: KafkaSettings, topic: str, timeout_s: float = 60.0) -> list[Any]:
    """Every record in ``topic`` up to its end offsets when called, from the beginning
    and without a consumer group (kafka-python ``ConsumerRecord``s, partition by
    partition); fewer if ``timeout_s`` passes first."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(**kafka_python_config(kafka), enable_auto_commit=False)
    try:
        partitions = [
            TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        records: list[Any] = []
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and any(
            consumer.position(tp) < ends[tp] for tp in partitions
        ):
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        return records
    finally:
        consumer.close()
