"""Errors of the Kafka plumbing; each message is one line a user can act on."""

from __future__ import annotations


class BrokerError(Exception):
    """Base class: something about the broker or the connection to it went wrong."""


class BrokerUnavailable(BrokerError):
    """No Kafka broker answered a metadata request at the configured address in time."""

    def __init__(self, bootstrap_servers: str, timeout_s: float, detail: str = "") -> None:
        self.bootstrap_servers = bootstrap_servers
        self.timeout_s = timeout_s
        suffix = f" ({detail})" if detail else ""
        super().__init__(
            f"no Kafka broker reachable at {bootstrap_servers} within {timeout_s:g} s{suffix}; "
            "start one with `wirewatch broker start` or set WIREWATCH_KAFKA__BOOTSTRAP_SERVERS"
        )


class JavaMissing(BrokerError):
    """``java`` is not on PATH, or is older than the Kafka version needs."""


class MavenMissing(BrokerError):
    """``mvn`` is not on PATH and the Kafka jars are not cached yet."""


class PortInUse(BrokerError):
    """A port the local broker needs is already taken by another process."""


class BrokerStartFailed(BrokerError):
    """The broker process exited or never answered before the start deadline."""


class TopicError(BrokerError):
    """The broker refused to create or describe a topic."""
