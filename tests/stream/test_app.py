"""The faust app factory: settings reach the clients, nothing is global."""

from __future__ import annotations

from pipeline.settings import KafkaSettings, Settings
from pipeline.stream.app import create_app


def test_each_role_gets_its_own_app_with_the_producer_settings() -> None:
    settings = Settings(kafka=KafkaSettings(producer_linger_ms=25))
    extract, store = create_app(settings, "extract"), create_app(settings, "store")
    assert extract is not store
    assert extract.conf.id != store.conf.id
    assert extract.conf.producer_linger == 0.025
    assert extract.conf.producer_max_batch_size == 256 * 1024
    assert extract.conf.producer_acks == -1
    assert not extract.conf.web_enabled
