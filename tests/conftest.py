"""Shared fixtures: each line imports one fixture module's fixtures."""

from tests.fixtures.coder import coder  # noqa: F401
from tests.fixtures.kafka import kafka_broker, kafka_settings  # noqa: F401
from tests.fixtures.postgres import postgres_server, postgres_url  # noqa: F401
