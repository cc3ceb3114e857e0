"""wirewatch: wire-service news to coded conflict events, streamed through Kafka."""

__version__ = "0.1.0"
