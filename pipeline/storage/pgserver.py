"""A throwaway local PostgreSQL server, for tests and ``wirewatch bench sink``.

It runs the Debian binaries (``/usr/lib/postgresql/<version>/bin``) as the
``postgres`` user (``initdb`` refuses root), with its data directory and socket in a
temporary folder, listening on 127.0.0.1 only, with trust authentication: never use it
for anything but a disposable database.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

_BIN_GLOB = "/usr/lib/postgresql/*/bin"
_SYSTEM_USER = "postgres"


class PostgresNotInstalled(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bin_dir() -> Path | None:
    """The newest installed ``/usr/lib/postgresql/<version>/bin`` holding ``initdb``."""
    found = [Path(p) for p in glob.glob(_BIN_GLOB) if (Path(p) / "initdb").exists()]
    if not found:
        return None
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TempPostgres:
    """``start()`` a fresh cluster, ``stop()`` it, ``start()`` again on the same port."""

    def __init__(self, base_dir: Path | None = None) -> None:
        bin_dir = find_bin_dir()
        if bin_dir is None:
            raise PostgresNotInstalled(
                "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin "
                "(apt-get install -y postgresql)"
            )
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="wirewatch-pg-", dir=base_dir))
        self.data_dir = self.root / "data"
        self.port = free_port()
        self._initialised = False
        self._as_root = os.geteuid() == 0

    @property
    def url(self) -> str:
        return self.url_for("postgres")

    def url_for(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str, timeout: float = 60.0) -> None:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self._as_root:
            cmd = ["runuser", "-u", _SYSTEM_USER, "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)

    def _initdb(self) -> None:
        self.data_dir.mkdir(parents=True)
        if self._as_root:
            shutil.chown(self.root, user=_SYSTEM_USER)
            shutil.chown(self.data_dir, user=_SYSTEM_USER)
        self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self._initialised = True

    def start(self, timeout: float = 30.0) -> None:
        if not self._initialised:
            self._initdb()
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            str(int(timeout)),
            "start",
            timeout=timeout + 10,
        )
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1.0):
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"PostgreSQL did not listen on port {self.port} in {timeout} s")

    def stop(self, mode: str = "fast") -> None:
        if not (self.data_dir / "postmaster.pid").exists():
            return
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "stop")

    def create_database(self, name: str) -> str:
        """Create database ``name`` (a plain identifier) and return its URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_for(name)

    def cleanup(self) -> None:
        """Stop the server (if running) and delete its folder."""
        try:
            self.stop(mode="immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
