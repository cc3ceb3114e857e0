"""Threshold alerting: rules from YAML, a pure windowed counter, and alert delivery.

The stream worker uses::

    rules = load_rules(settings.alerts.rules_file)   # None: the shipped defaults
    engine = AlertEngine(rules, allowed_lateness=timedelta(days=30))
    alerts = engine.observe(event, now)              # fired (and resolved) by this event
    alerts = engine.advance(now)                     # resolutions due on the wall clock
    state = engine.snapshot(); engine = AlertEngine.restore(rules, state)
    prepare_metrics(rules, settings.alerts, metrics) # once: every rule's series at 0
    count_alert(alert, metrics)                      # wirewatch_alerts_{fired,resolved}_total
    deliver(alert, settings.alerts, metrics)         # log, webhook, Alertmanager (blocking;
                                                     # await deliver_async in asyncio)
"""

from pipeline.alerting.delivery import count_alert, deliver, deliver_async, prepare_metrics
from pipeline.alerting.engine import AlertEngine, EngineStats
from pipeline.alerting.rules import AlertRule, RuleMatch, RulesError, load_rules, parse_rules

__all__ = [
    "AlertEngine",
    "AlertRule",
    "EngineStats",
    "RuleMatch",
    "RulesError",
    "count_alert",
    "deliver",
    "deliver_async",
    "load_rules",
    "parse_rules",
    "prepare_metrics",
]
