"""The local Apache Kafka broker: one KRaft node (broker + controller), no Docker.

``LocalBroker`` writes ``server.properties`` into its state folder, formats the data
directory once, runs ``kafka.Kafka`` detached from the caller, and records the pid.
``stop`` only ever signals the process named in its own pid file, after checking
that it is still the java process running this state folder's config.

State folder layout::

    <state_dir>/server.properties   generated on every start
    <state_dir>/log4j2.properties   (log4j.properties for Kafka 3.x)
    <state_dir>/data/               the log dir (formatted once)
    <state_dir>/logs/server.log     the broker log; stdout.log for JVM output
    <state_dir>/broker.pid
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from pipeline.kafka import jars
from pipeline.kafka.exceptions import (
    BrokerStartFailed,
    BrokerUnavailable,
    JavaMissing,
    PortInUse,
)
from pipeline.settings import Settings

_MAIN_CLASS = "kafka.Kafka"
_STORAGE_TOOL = "kafka.tools.StorageTool"
_READY_PROBE_MS = 3_000


@dataclass(frozen=True)
class BrokerStatus:
    running: bool
    pid: int | None
    bootstrap_servers: str
    state_dir: Path


def broker_properties(
    *,
    host: str,
    port: int,
    controller_port: int,
    data_dir: Path,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The single-node KRaft configuration; ``extra`` adds or overrides keys."""
    props = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@{host}:{controller_port}",
        "listeners": f"PLAINTEXT://{host}:{port},CONTROLLER://{host}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{host}:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(data_dir),
        "num.partitions": "1",
        "auto.create.topics.enable": "false",
        # One node: every internal topic must live with a single replica, or the
        # group coordinator, transactions and idempotent producers never come up.
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        # The log cleaner allocates its dedupe buffer (128 MiB by default) on the heap at
        # start-up; with the small heaps a laptop or CI runner affords, that alone ends
        # the broker with OutOfMemoryError. Only __consumer_offsets is compacted here.
        "log.cleaner.dedupe.buffer.size": str(16 * 1024 * 1024),
        # Raw articles may reach the model's 4 MiB body limit; JSON escaping adds more.
        "message.max.bytes": str(10 * 1024 * 1024),
        "replica.fetch.max.bytes": str(10 * 1024 * 1024),
    }
    props.update(extra or {})
    return props


def render_properties(props: Mapping[str, str]) -> str:
    return "".join(f"{key}={value}\n" for key, value in props.items())


def _log4j2_config(log_dir: Path) -> str:
    return (
        "status = warn\n"
        "appender.file.type = RollingFile\n"
        "appender.file.name = file\n"
        f"appender.file.fileName = {log_dir / 'server.log'}\n"
        f"appender.file.filePattern = {log_dir / 'server.log.%i'}\n"
        "appender.file.layout.type = PatternLayout\n"
        "appender.file.layout.pattern = [%d] %p %m (%c)%n\n"
        "appender.file.policies.type = Policies\n"
        "appender.file.policies.size.type = SizeBasedTriggeringPolicy\n"
        "appender.file.policies.size.size = 20MB\n"
        "appender.file.strategy.type = DefaultRolloverStrategy\n"
        "appender.file.strategy.max = 3\n"
        "rootLogger.level = INFO\n"
        "rootLogger.appenderRef.file.ref = file\n"
        "logger.kafka.name = kafka\n"
        "logger.kafka.level = INFO\n"
        "logger.apache.name = org.apache.kafka\n"
        "logger.apache.level = INFO\n"
    )


def _log4j1_config(log_dir: Path) -> str:
    return (
        "log4j.rootLogger=INFO, file\n"
        "log4j.appender.file=org.apache.log4j.RollingFileAppender\n"
        f"log4j.appender.file.File={log_dir / 'server.log'}\n"
        "log4j.appender.file.MaxFileSize=20MB\n"
        "log4j.appender.file.MaxBackupIndex=3\n"
        "log4j.appender.file.layout=org.apache.log4j.PatternLayout\n"
        "log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n\n"
    )


def port_is_free(host: str, port: int) -> bool:
    """Whether ``host:port`` can be bound right now (a listening socket says no)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def java_major_version(java: str) -> int | None:
    """The major version of ``java`` (17 for "17.0.15"), or None if it cannot be told."""
    proc = subprocess.run(
        [java, "-version"], capture_output=True, text=True, timeout=30, check=False
    )
    match = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if match is None:
        return None
    major = int(match.group(1))
    # Java 8 and older report "1.8.0_x".
    return int(match.group(2) or 0) if major == 1 else major


class LocalBroker:
    """Manage one local Kafka broker whose files live under ``state_dir``.

    ``extra_properties`` adds or overrides ``server.properties`` keys (e.g. a SASL_SSL
    listener). Readiness is probed on the PLAINTEXT listener at ``host:port``, so an
    override must keep that listener.
    """

    def __init__(
        self,
        state_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 9092,
        controller_port: int = 9093,
        version: str = "4.3.1",
        heap: str = "512m",
        cache_dir: Path | None = None,
        extra_properties: Mapping[str, str] | None = None,
        extra_jvm_args: Sequence[str] = (),
    ) -> None:
        self.state_dir = Path(state_dir).absolute()
        self.host = host
        self.port = port
        self.controller_port = controller_port
        self.version = version
        self.heap = heap
        self.cache_dir = Path(cache_dir or Path.home() / ".cache" / "wirewatch").absolute()
        self.extra_properties = dict(extra_properties or {})
        self.extra_jvm_args = tuple(extra_jvm_args)

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: object) -> LocalBroker:
        """The broker ``wirewatch broker start`` runs, under ``<state_dir>/kafka``."""
        broker = settings.broker
        kwargs: dict[str, object] = {
            "host": broker.host,
            "port": broker.port,
            "controller_port": broker.controller_port,
            "version": broker.kafka_version,
            "heap": broker.heap,
            "cache_dir": broker.cache_dir,
        }
        kwargs.update(overrides)
        return cls(settings.state_dir / "kafka", **kwargs)  # type: ignore[arg-type]

    # Paths -------------------------------------------------------------------------

    @property
    def bootstrap_servers(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def config_path(self) -> Path:
        return self.state_dir / "server.properties"

    @property
    def data_dir(self) -> Path:
        return self.state_dir / "data"

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "logs"

    @property
    def pid_path(self) -> Path:
        return self.state_dir / "broker.pid"

    @property
    def log_config_path(self) -> Path:
        name = "log4j2.properties" if jars.uses_log4j2(self.version) else "log4j.properties"
        return self.state_dir / name

    # Jars and configuration -----------------------------------------------------------

    def ensure_jars(self) -> Path:
        """Fetch (once) and return the folder of jars for this Kafka version."""
        return jars.ensure_jars(self.cache_dir, self.version)

    def properties(self) -> dict[str, str]:
        return broker_properties(
            host=self.host,
            port=self.port,
            controller_port=self.controller_port,
            data_dir=self.data_dir,
            extra=self.extra_properties,
        )

    def _java_command(self, java: str, libs: Path, main_class: str, *args: str) -> list[str]:
        if jars.uses_log4j2(self.version):
            log_flag = f"-Dlog4j2.configurationFile=file:{self.log_config_path}"
        else:
            log_flag = f"-Dlog4j.configuration=file:{self.log_config_path}"
        return [
            java,
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-Djava.awt.headless=true",
            log_flag,
            f"-Dkafka.logs.dir={self.log_dir}",
            *self.extra_jvm_args,
            "-cp",
            f"{libs}/*",
            main_class,
            *args,
        ]

    def _write_config(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(render_properties(self.properties()), encoding="utf-8")
        log_config = (
            _log4j2_config(self.log_dir)
            if jars.uses_log4j2(self.version)
            else _log4j1_config(self.log_dir)
        )
        self.log_config_path.write_text(log_config, encoding="utf-8")

    def _format_storage(self, java: str, libs: Path) -> None:
        """Give the data dir a cluster id, once; later starts reuse it."""
        if (self.data_dir / "meta.properties").is_file():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        uuid = self._run_tool(java, libs, "random-uuid").strip().splitlines()[-1].strip()
        self._run_tool(java, libs, "format", "-t", uuid, "-c", str(self.config_path))

    def _run_tool(self, java: str, libs: Path, *args: str) -> str:
        proc = subprocess.run(
            self._java_command(java, libs, _STORAGE_TOOL, *args),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise BrokerStartFailed(
                f"StorageTool {args[0]} failed (exit {proc.returncode}):\n{tail}"
            )
        return proc.stdout

    def _check_java(self) -> str:
        java = shutil.which("java")
        if java is None:
            raise JavaMissing(
                "Java is not on PATH; Kafka needs Java 17+ "
                "(e.g. apt-get install openjdk-17-jre-headless)"
            )
        needed = 17 if jars.major_version(self.version) >= 4 else 11
        found = java_major_version(java)
        if found is not None and found < needed:
            raise JavaMissing(
                f"Kafka {self.version} needs Java {needed}+, but {java} is Java {found}"
            )
        return java

    def _check_ports(self) -> None:
        for name, port in (("broker", self.port), ("controller", self.controller_port)):
            if not port_is_free(self.host, port):
                raise PortInUse(
                    f"{name} port {self.host}:{port} is already in use by another process; "
                    "stop it or choose another port (WIREWATCH_BROKER__PORT / "
                    "WIREWATCH_BROKER__CONTROLLER_PORT)"
                )

    # Process ----------------------------------------------------------------------------

    def _recorded_pid(self) -> int | None:
        try:
            return int(self.pid_path.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None

    def _own_process(self) -> psutil.Process | None:
        """The process in the pid file, if it is still this folder's Kafka broker."""
        pid = self._recorded_pid()
        if pid is None:
            return None
        try:
            proc = psutil.Process(pid)
            if proc.status() == psutil.STATUS_ZOMBIE:
                return None
            cmdline = proc.cmdline()
        except psutil.Error:
            return None
        if _MAIN_CLASS in cmdline and str(self.config_path) in cmdline:
            return proc
        return None

    def is_running(self) -> bool:
        return self._own_process() is not None

    def status(self) -> BrokerStatus:
        proc = self._own_process()
        return BrokerStatus(
            running=proc is not None,
            pid=None if proc is None else proc.pid,
            bootstrap_servers=self.bootstrap_servers,
            state_dir=self.state_dir,
        )

    def start(self, timeout: float = 120.0) -> bool:
        """Start the broker and wait until it answers a metadata request.

        Returns False (and does nothing) when this broker is already running. Raises
        ``JavaMissing``, ``MavenMissing``, ``PortInUse`` before starting anything, and
        ``BrokerStartFailed`` (with the log tail) when it exits or is not ready within
        ``timeout`` seconds; a broker that failed to become ready is stopped again.
        """
        if self.is_running():
            return False
        java = self._check_java()
        self._check_ports()
        libs = self.ensure_jars()
        self._write_config()
        self._format_storage(java, libs)
        stdout_log = self.log_dir / "stdout.log"
        with stdout_log.open("ab") as out:
            proc = subprocess.Popen(
                self._java_command(java, libs, _MAIN_CLASS, str(self.config_path)),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.state_dir,
                # Its own session: Ctrl-C in the terminal that ran `broker start` must
                # not reach the broker; `stop` (or `wirewatch up`) ends it.
                start_new_session=True,
            )
        self.pid_path.write_text(f"{proc.pid}\n", encoding="utf-8")
        try:
            self._wait_ready(proc, timeout)
        except BaseException:
            # Not ready (or Ctrl-C while waiting): leave no half-started broker behind.
            self.stop()
            raise
        return True

    def _wait_ready(self, proc: subprocess.Popen[bytes], timeout: float) -> None:
        from pipeline.kafka.config import probe_metadata

        deadline = time.monotonic() + timeout
        last_error = "no answer yet"
        while True:
            code = proc.poll()
            if code is not None:
                raise BrokerStartFailed(
                    f"the Kafka broker exited with code {code} during start-up"
                    f"{self._first_errors()}; log tail:\n{self.log_tail(40)}"
                )
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrokerStartFailed(
                    f"the Kafka broker at {self.bootstrap_servers} did not answer within "
                    f"{timeout:g} s ({last_error}); log tail:\n" + self.log_tail(40)
                )
            try:
                probe_metadata(self.bootstrap_servers, min(_READY_PROBE_MS / 1000, remaining))
                return
            except BrokerUnavailable as exc:
                last_error = str(exc.__cause__ or exc)
                time.sleep(min(0.3, max(0.0, deadline - time.monotonic())))

    def stop(self, grace: float = 20.0) -> bool:
        """Stop this folder's broker: SIGTERM, then SIGKILL after ``grace`` seconds.

        Only the process in the pid file is signalled, and only if it is still the
        java process running this folder's config. Returns whether one was stopped.
        """
        proc = self._own_process()
        if proc is None:
            self.pid_path.unlink(missing_ok=True)
            return False
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.terminate()
            try:
                proc.wait(timeout=grace)
            except psutil.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        self.pid_path.unlink(missing_ok=True)
        return True

    def _first_errors(self, limit: int = 3) -> str:
        """The first ERROR lines of the broker log and the line after each (the cause)."""
        lines = _tail(self.log_dir / "server.log", 2_000).splitlines()
        found = []
        for index, line in enumerate(lines):
            if "] ERROR " in line or "] FATAL " in line:
                found.append(line.strip())
                if index + 1 < len(lines) and not lines[index + 1].startswith("["):
                    found.append(lines[index + 1].strip())
                if len(found) >= 2 * limit:
                    break
        return (": " + " | ".join(found)) if found else ""

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` of the broker log, then of the JVM's own output."""
        parts = []
        for path in (self.log_dir / "server.log", self.log_dir / "stdout.log"):
            text = _tail(path, lines)
            if text:
                parts.append(f"--- {path} ---\n{text}")
        return "\n".join(parts) or f"(no log yet in {self.log_dir})"


def _tail(path: Path, lines: int) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 256 * 1024))
            data = handle.read()
    except OSError:
        return ""
    return "\n".join(data.decode("utf-8", errors="replace").splitlines()[-lines:])
