"""Kafka plumbing shared by the tools: the local broker, client config, topic admin.

Nothing here imports kafka-python at module level except ``admin`` and ``config``'s
functions that need it, so importing ``pipeline.kafka`` stays cheap.
"""

from pipeline.kafka.exceptions import (
    BrokerError,
    BrokerStartFailed,
    BrokerUnavailable,
    JavaMissing,
    MavenMissing,
    PortInUse,
    TopicError,
)

__all__ = [
    "BrokerError",
    "BrokerStartFailed",
    "BrokerUnavailable",
    "JavaMissing",
    "MavenMissing",
    "PortInUse",
    "TopicError",
]
