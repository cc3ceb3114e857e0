"""How far behind the workers' consumer groups are, read from the broker.

``wirewatch up`` and the tests wait on this: the pipeline has drained when every
role's group has committed up to the end of every partition it reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.kafka.config import kafka_python_config
from pipeline.settings import Settings
from pipeline.stream.app import ROLES, Role


def role_topics(settings: Settings, role: Role) -> tuple[str, ...]:
    t = settings.topics
    return {
        "extract": (t.raw,),
        "store": (t.articles, t.events, t.alerts),
        "alert": (t.events,),
    }[role]


def group_id(settings: Settings, role: Role) -> str:
    return f"{settings.worker.app_id}-{role}"


@dataclass(frozen=True)
class GroupLag:
    role: Role
    lag: int
    committed_partitions: int
    partitions: int


def group_lags(settings: Settings, roles: tuple[Role, ...] = ROLES) -> list[GroupLag]:
    """Lag of each role's consumer group: end offsets minus committed offsets.

    A partition the group has not committed on yet counts its whole end offset.
    """
    from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

    config = kafka_python_config(settings.kafka)
    admin = KafkaAdminClient(**config)
    consumer = KafkaConsumer(**config)
    try:
        out = []
        for role in roles:
            partitions = [
                TopicPartition(topic, p)
                for topic in role_topics(settings, role)
                for p in sorted(consumer.partitions_for_topic(topic) or ())
            ]
            ends = consumer.end_offsets(partitions) if partitions else {}
            committed = _committed_offsets(admin, group_id(settings, role))
            lag = 0
            seen = 0
            for tp in partitions:
                meta = committed.get(tp)
                offset = meta.offset if meta is not None and meta.offset >= 0 else 0
                seen += meta is not None and meta.offset >= 0
                lag += max(0, ends.get(tp, 0) - offset)
            out.append(GroupLag(role, lag, seen, len(partitions)))
        return out
    finally:
        consumer.close()
        admin.close()


def _committed_offsets(admin: Any, group: str) -> dict[Any, Any]:
    """The group's committed offsets; none while the group coordinator is not up yet."""
    from kafka.errors import (
        CoordinatorLoadInProgressError,
        CoordinatorNotAvailableError,
        NotCoordinatorError,
    )

    try:
        result: dict[Any, Any] = admin.list_group_offsets({group: None}).get(group, {})
    except (CoordinatorNotAvailableError, NotCoordinatorError, CoordinatorLoadInProgressError):
        # The offsets topic is created on first use, and reloaded after a broker
        # restart; until it is ready, report nothing committed (callers poll again).
        return {}
    return result


def wait_until_drained(
    settings: Settings,
    roles: tuple[Role, ...] = ROLES,
    timeout_s: float = 300.0,
    settle_s: float = 3.0,
    alive: Callable[[], bool] | None = None,
) -> list[GroupLag]:
    """Block until every role's lag is zero and stays zero for ``settle_s``.

    Settling matters: the extract group can reach zero a moment before the events it
    just sent have been committed by the store and alert groups. Raises TimeoutError
    with the last lags when the deadline passes, and RuntimeError as soon as
    ``alive()`` says the workers are gone (no point waiting for them).
    """
    deadline = time.monotonic() + timeout_s
    zero_since: float | None = None
    lags: list[GroupLag] = []
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            raise RuntimeError("a worker exited while waiting for the pipeline to drain")
        lags = group_lags(settings, roles)
        if all(g.lag == 0 for g in lags):
            zero_since = zero_since or time.monotonic()
            if time.monotonic() - zero_since >= settle_s:
                return lags
        else:
            zero_since = None
        time.sleep(0.5)
    summary = ", ".join(f"{g.role}={g.lag}" for g in lags)
    raise TimeoutError(f"pipeline not drained after {timeout_s:.0f}s (lag: {summary})")
