"""Secure Kafka: SASL/SCRAM-SHA-512 over TLS, end to end, against a real broker.

The test makes its own CA and a broker certificate (openssl), starts a ``LocalBroker``
with an extra SASL_SSL listener next to the PLAINTEXT one the broker's readiness probe
uses, and creates a SCRAM user through the admin API. Then the real command-line tools
(``wirewatch topics create``, ``wirewatch replay``) and a faust worker connect with
nothing but WIREWATCH_KAFKA__* variables, and a wrong password or an unknown CA fails
fast with a message that says what is wrong.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr

from pipeline.kafka.admin import read_topic
from pipeline.kafka.broker import LocalBroker
from pipeline.kafka.config import kafka_python_config, probe_metadata
from pipeline.kafka.exceptions import BrokerError, BrokerStartFailed, PortInUse
from pipeline.settings import BrokerSettings, KafkaSettings, Settings
from tests.deploy.helpers import REPO
from tests.deploy.running import RunningWorker, child_env, start_worker, wait_until
from tests.fixtures.kafka import free_port, unique_topics

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

USER = "wirewatch-test"
MECHANISM = "SCRAM-SHA-512"
# A wrong password or certificate must end the tool on its own, well before this.
HANG_GUARD_S = 120


def _openssl(*args: str, cwd: Path) -> None:
    proc = subprocess.run(
        ["openssl", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, f"openssl {args[0]} failed: {proc.stderr}"


def make_ca(folder: Path, name: str) -> Path:
    """A self-signed CA certificate and key; returns the certificate (PEM)."""
    folder.mkdir(parents=True, exist_ok=True)
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-keyout",
        f"{name}.key",
        "-out",
        f"{name}.pem",
        "-subj",
        f"/CN={name}",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-addext",
        "subjectKeyIdentifier=hash",
        cwd=folder,
    )
    return folder / f"{name}.pem"


def make_broker_keystore(folder: Path, ca: Path, password: str) -> Path:
    """A PKCS12 keystore for 127.0.0.1/localhost, signed by ``ca``."""
    (folder / "broker.ext").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "extendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\n",
        encoding="utf-8",
    )
    _openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "broker.key",
        "-out",
        "broker.csr",
        "-subj",
        "/CN=localhost",
        cwd=folder,
    )
    _openssl(
        "x509",
        "-req",
        "-in",
        "broker.csr",
        "-CA",
        str(ca),
        "-CAkey",
        str(ca.with_suffix(".key")),
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        "broker.pem",
        "-extfile",
        "broker.ext",
        cwd=folder,
    )
    _openssl(
        "pkcs12",
        "-export",
        "-in",
        "broker.pem",
        "-inkey",
        "broker.key",
        "-certfile",
        str(ca),
        "-name",
        "broker",
        "-out",
        "broker.p12",
        "-passout",
        f"pass:{password}",
        cwd=folder,
    )
    return folder / "broker.p12"


def sasl_ssl_properties(
    *, port: int, controller_port: int, sasl_port: int, keystore: Path, password: str
) -> dict[str, str]:
    """Server properties adding a SASL_SSL listener (SCRAM-SHA-512) to the local broker."""
    host = "127.0.0.1"
    return {
        "listeners": (
            f"PLAINTEXT://{host}:{port},CONTROLLER://{host}:{controller_port},"
            f"SASL_SSL://{host}:{sasl_port}"
        ),
        "advertised.listeners": f"PLAINTEXT://{host}:{port},SASL_SSL://{host}:{sasl_port}",
        "listener.security.protocol.map": (
            "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL"
        ),
        "sasl.enabled.mechanisms": MECHANISM,
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config": (
            "org.apache.kafka.common.security.scram.ScramLoginModule required;"
        ),
        "ssl.keystore.type": "PKCS12",
        "ssl.keystore.location": str(keystore),
        "ssl.keystore.password": password,
        "ssl.key.password": password,
        "ssl.client.auth": "none",
    }


@dataclass
class SecureBroker:
    broker: LocalBroker
    sasl_bootstrap: str
    cafile: Path
    password: str

    def kafka(self, *, password: str | None = None, cafile: Path | None = None) -> KafkaSettings:
        return KafkaSettings(
            bootstrap_servers=self.sasl_bootstrap,
            security_protocol="SASL_SSL",
            sasl_mechanism=MECHANISM,
            sasl_username=USER,
            sasl_password=SecretStr(password or self.password),
            ssl_cafile=cafile or self.cafile,
            connect_timeout_s=10,
        )

    def settings(self, state_dir: Path, **kafka: object) -> Settings:
        return Settings(
            kafka=self.kafka(**kafka),  # type: ignore[arg-type]
            topics=unique_topics(),
            state_dir=state_dir,
            broker=BrokerSettings(cache_dir=self.broker.cache_dir),
        )


def add_scram_user(broker: LocalBroker, user: str, password: str) -> None:
    """Create the SCRAM credential through the admin API on the PLAINTEXT listener."""
    from kafka import KafkaAdminClient
    from kafka.admin import UserScramCredentialUpsertion

    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap_servers)
    try:
        errors = admin.alter_user_scram_credentials(
            [UserScramCredentialUpsertion(user, MECHANISM, password)]
        )
    finally:
        admin.close()
    assert errors == {user: None}


def start_secure_broker(folder: Path) -> SecureBroker:
    """A LocalBroker with a SASL_SSL listener, on free ports (retried if one was taken).

    ``tests.fixtures.kafka.start_local_broker`` picks the ports itself, but the listener
    properties must name them, so this builds the ``LocalBroker`` directly.
    """
    ca = make_ca(folder / "ca", "wirewatch-test-ca")
    keystore_password = secrets.token_hex(12)
    keystore = make_broker_keystore(folder / "ca", ca, keystore_password)
    defaults = BrokerSettings()
    last: Exception | None = None
    for attempt in range(3):
        port, controller_port, sasl_port = free_port(), free_port(), free_port()
        broker = LocalBroker(
            folder / f"kafka-{attempt}",
            port=port,
            controller_port=controller_port,
            version=defaults.kafka_version,
            heap="384m",
            cache_dir=defaults.cache_dir,
            extra_properties=sasl_ssl_properties(
                port=port,
                controller_port=controller_port,
                sasl_port=sasl_port,
                keystore=keystore,
                password=keystore_password,
            ),
        )
        try:
            broker.start(timeout=180)
        except (PortInUse, BrokerStartFailed) as exc:
            last = exc
            continue
        return SecureBroker(broker, f"127.0.0.1:{sasl_port}", ca, secrets.token_urlsafe(18))
    raise RuntimeError(f"could not start the SASL_SSL test broker: {last}")


@pytest.fixture(scope="module")
def secure_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureBroker]:
    secure = start_secure_broker(tmp_path_factory.mktemp("sasl-ssl"))
    try:
        add_scram_user(secure.broker, USER, secure.password)

        def authenticates() -> bool:
            try:
                probe_metadata(secure.sasl_bootstrap, 5, kafka_python_config(secure.kafka()))
            except BrokerError:
                return False
            return True

        # The credential reaches the listener through the metadata log, not at once.
        wait_until(authenticates, 60, "the SCRAM credential to be usable over SASL_SSL")
        yield secure
    finally:
        secure.broker.stop()


def wirewatch(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        env=child_env(settings),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=False,
    )


def consume_keys(kafka: KafkaSettings, topic: str) -> list[str]:
    """Keys of every record in ``topic``, read over the given (secure) connection."""
    return [record.key.decode() for record in read_topic(kafka, topic, HANG_GUARD_S)]


def seed_ids() -> list[str]:
    import json

    lines = (REPO / "seeds" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["id"] for line in lines if line.strip()]


def test_the_plaintext_probe_refuses_the_secure_listener(secure_broker: SecureBroker) -> None:
    plaintext = KafkaSettings(bootstrap_servers=secure_broker.sasl_bootstrap, connect_timeout_s=5)
    with pytest.raises(BrokerError):
        probe_metadata(plaintext.bootstrap_servers, 5, kafka_python_config(plaintext))


def test_topics_and_replay_authenticate_over_sasl_ssl(
    secure_broker: SecureBroker, tmp_path: Path
) -> None:
    settings = secure_broker.settings(tmp_path / "state")
    created = wirewatch(settings, "topics", "create")
    assert created.returncode == 0, created.stdout + created.stderr
    replayed = wirewatch(settings, "replay", str(REPO / "seeds"))
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert sorted(consume_keys(settings.kafka, settings.topics.raw)) == sorted(seed_ids())
    assert secure_broker.password not in replayed.stdout + replayed.stderr


def test_a_wrong_password_fails_fast_with_a_clear_message(
    secure_broker: SecureBroker, tmp_path: Path
) -> None:
    settings = secure_broker.settings(tmp_path / "state", password="not-the-password")
    proc = wirewatch(settings, "replay", str(REPO / "seeds"))
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "authentication" in output.lower(), output
    assert "Traceback" not in output, output
    assert "not-the-password" not in output


def test_an_unknown_certificate_authority_fails_fast_with_a_clear_message(
    secure_broker: SecureBroker, tmp_path: Path
) -> None:
    stranger = make_ca(tmp_path / "other-ca", "some-other-ca")
    settings = secure_broker.settings(tmp_path / "state", cafile=stranger)
    proc = wirewatch(settings, "replay", str(REPO / "seeds"))
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "certificate" in output.lower(), output
    assert "Traceback" not in output, output


def test_a_faust_worker_consumes_over_sasl_ssl(secure_broker: SecureBroker, tmp_path: Path) -> None:
    from kafka import KafkaProducer

    settings = secure_broker.settings(tmp_path / "state")
    settings.state_dir.mkdir()  # as in the image: WIREWATCH_STATE_DIR exists, is empty
    created = wirewatch(settings, "topics", "create")
    assert created.returncode == 0, created.stdout + created.stderr
    worker: RunningWorker = start_worker(settings, "alert", free_port(), tmp_path / "alert.log")
    try:
        producer = KafkaProducer(**kafka_python_config(settings.kafka))
        try:
            # Not an Event: the worker must read it over SASL_SSL and dead-letter it.
            producer.send(settings.topics.events, key=b"not-an-event", value=b"{}")
            producer.flush(timeout=30)
        finally:
            producer.close()
        consumed = f'wirewatch_records_consumed_total{{topic="{settings.topics.events}"}} 1.0'
        wait_until(lambda: worker.shows(consumed), 120, "the faust worker to consume over SASL_SSL")
        assert "not-an-event" in consume_keys(settings.kafka, settings.topics.deadletter)
    finally:
        worker.stop()


def test_a_faust_worker_with_a_wrong_password_stops_with_a_clear_message(
    secure_broker: SecureBroker, tmp_path: Path
) -> None:
    good = secure_broker.settings(tmp_path / "state")
    good.state_dir.mkdir()
    created = wirewatch(good, "topics", "create")
    assert created.returncode == 0, created.stdout + created.stderr
    bad = good.model_copy(update={"kafka": secure_broker.kafka(password="not-the-password")})
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "worker", "alert", "--metrics-port", str(free_port())],
        env=child_env(bad),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "authentication" in output.lower(), output[-3000:]
    assert "not-the-password" not in output
