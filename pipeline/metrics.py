"""Every Prometheus metric wirewatch exposes, defined in one place.

Build one ``Metrics`` per process (or per test, with a fresh ``CollectorRegistry``)
and pass it down. Label values are bounded: topic, stage, reason code, CAMEO root,
ISO-3 country, rule, backend, result. Never article ids, actor names or text.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

from pipeline import __version__

# Parsing an article takes 10 ms to a few seconds; latencies from ingest to event
# span the same range plus queueing.
_EXTRACT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
_SINK_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0)


class Metrics:
    """The metric families, registered on ``registry`` (a fresh one by default)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self.build_info = Gauge(
            "wirewatch_build_info", "Version of the running wirewatch.", ["version"], registry=r
        )
        self.build_info.labels(version=__version__).set(1)

        self.records_consumed = Counter(
            "wirewatch_records_consumed_total", "Records read from a topic.", ["topic"], registry=r
        )
        self.records_produced = Counter(
            "wirewatch_records_produced_total", "Records written to a topic.", ["topic"], registry=r
        )
        self.articles = Counter(
            "wirewatch_articles_total",
            "Articles by outcome: coded, filtered (nothing to code), deadletter.",
            ["outcome"],
            registry=r,
        )
        self.events_extracted = Counter(
            "wirewatch_events_extracted_total",
            "Events coded, by CAMEO root code ('none' when no CAMEO code applies).",
            ["cameo_root"],
            registry=r,
        )
        self.events_by_country = Counter(
            "wirewatch_events_by_country_total",
            "Events coded, by ISO-3 country of the event location ('unknown' if none).",
            ["country"],
            registry=r,
        )
        self.sentences_skipped = Counter(
            "wirewatch_sentences_skipped_total",
            "Sentences not parsed, by reason (no_trigger, no_actor, sports_result, too_long, "
            "over_article_limit).",
            ["reason"],
            registry=r,
        )
        self.extraction_seconds = Histogram(
            "wirewatch_extraction_seconds",
            "Time to normalise and code one article.",
            buckets=_EXTRACT_BUCKETS,
            registry=r,
        )
        self.article_to_event_seconds = Histogram(
            "wirewatch_article_to_event_seconds",
            "From the raw record's Kafka timestamp to its events being sent.",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.last_processed = Gauge(
            "wirewatch_last_processed_timestamp_seconds",
            "Unix time a stage last finished a record.",
            ["stage"],
            registry=r,
        )
        self.consumer_lag = Gauge(
            "wirewatch_consumer_lag",
            "Records behind the end of the partition, per assigned partition.",
            ["topic", "partition"],
            registry=r,
        )
        self.deadletters = Counter(
            "wirewatch_deadletters_total",
            "Records sent to the dead-letter topic, by stage and reason code.",
            ["stage", "reason"],
            registry=r,
        )
        self.sink_writes = Counter(
            "wirewatch_sink_writes_total",
            "Rows written to storage, by backend, table and result (ok, error, retry).",
            ["backend", "table", "result"],
            registry=r,
        )
        self.sink_write_seconds = Histogram(
            "wirewatch_sink_write_seconds",
            "Time of one batched write transaction.",
            ["backend"],
            buckets=_SINK_BUCKETS,
            registry=r,
        )
        self.sink_up = Gauge(
            "wirewatch_sink_up",
            "1 when the last storage write succeeded, 0 while it is failing.",
            ["backend"],
            registry=r,
        )
        self.alerts_fired = Counter(
            "wirewatch_alerts_fired_total",
            "Alerts fired, by rule and severity (once per rule, group and window).",
            ["rule", "severity"],
            registry=r,
        )
        self.alerts_resolved = Counter(
            "wirewatch_alerts_resolved_total", "Alerts resolved, by rule.", ["rule"], registry=r
        )
        self.alert_deliveries = Counter(
            "wirewatch_alert_deliveries_total",
            "Alert deliveries, by target (webhook, alertmanager) and result (ok, error).",
            ["target", "result"],
            registry=r,
        )

    def serve(self, host: str, port: int) -> int:
        """Serve /metrics on ``host:port`` in a daemon thread; returns the bound port."""
        server, _thread = start_http_server(port, addr=host, registry=self.registry)
        return int(server.server_address[1])
