"""The Apache Kafka jars, fetched from Maven Central with ``mvn`` and cached.

Kafka's own POM does not bring a logging backend, so the throw-away POM adds the
SLF4J 1.7 binding the broker's version expects: log4j2 for 4.x, reload4j for 3.x.
The cache lives outside the work tree (``~/.cache/wirewatch/kafka-<version>/libs``)
and is shared by every state folder and test session; a file lock keeps two
processes from downloading into it at the same time.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.kafka.exceptions import MavenMissing

# Pinned so that a cached classpath is reproducible; both are on Maven Central.
_DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
_LOG4J2_VERSION = "2.25.2"
_RELOAD4J_VERSION = "1.2.25"
_SLF4J_1_VERSION = "1.7.36"
_COMPLETE_MARKER = ".complete"
_FETCH_TIMEOUT_S = 900


def major_version(version: str) -> int:
    """The major version of a Kafka version string such as ``4.3.1``."""
    head = version.split(".", 1)[0]
    if not head.isdigit():
        raise ValueError(f"not a Kafka version: {version!r}")
    return int(head)


def uses_log4j2(version: str) -> bool:
    """Kafka 4 logs through log4j2; 3.x through log4j 1 (reload4j)."""
    return major_version(version) >= 4


def _dependency(group: str, artifact: str, version: str) -> str:
    return (
        f"    <dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
        f"<version>{version}</version></dependency>"
    )


def runtime_pom(version: str) -> str:
    """A POM whose runtime dependencies are a runnable Kafka broker classpath."""
    deps = [_dependency("org.apache.kafka", "kafka_2.13", version)]
    if uses_log4j2(version):
        deps.append(_dependency("org.apache.logging.log4j", "log4j-slf4j-impl", _LOG4J2_VERSION))
        deps.append(_dependency("org.apache.logging.log4j", "log4j-core", _LOG4J2_VERSION))
    else:
        deps.append(_dependency("org.slf4j", "slf4j-reload4j", _SLF4J_1_VERSION))
        deps.append(_dependency("ch.qos.reload4j", "reload4j", _RELOAD4J_VERSION))
    body = "\n".join(deps)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.wirewatch</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
  <dependencies>
{body}
  </dependencies>
</project>
"""


def libs_dir(cache_dir: Path, version: str) -> Path:
    return cache_dir / f"kafka-{version}" / "libs"


def jars_cached(cache_dir: Path, version: str) -> bool:
    return (libs_dir(cache_dir, version) / _COMPLETE_MARKER).is_file()


def ensure_jars(cache_dir: Path, version: str) -> Path:
    """The folder of Kafka jars for ``version``, downloading them once if needed.

    Raises ``MavenMissing`` when the jars are not cached and ``mvn`` is not on PATH,
    and ``RuntimeError`` with Maven's output when the download fails.
    """
    target = libs_dir(cache_dir, version)
    if jars_cached(cache_dir, version):
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise MavenMissing(
            f"Maven (mvn) is not on PATH and the Kafka {version} jars are not cached in "
            f"{target}; install Maven (e.g. apt-get install maven) and retry"
        )
    home = target.parent
    home.mkdir(parents=True, exist_ok=True)
    with (home / "fetch.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if jars_cached(cache_dir, version):
            return target
        _fetch(mvn, version, home, target)
    return target


def _fetch(mvn: str, version: str, home: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory(dir=home, prefix="fetch-") as tmp:
        work = Path(tmp)
        (work / "pom.xml").write_text(runtime_pom(version), encoding="utf-8")
        out = work / "libs"
        proc = subprocess.run(
            [
                mvn,
                "-B",
                "-q",
                "-f",
                str(work / "pom.xml"),
                f"{_DEPENDENCY_PLUGIN}:copy-dependencies",
                "-DincludeScope=runtime",
                f"-DoutputDirectory={out}",
            ],
            capture_output=True,
            text=True,
            timeout=_FETCH_TIMEOUT_S,
            check=False,
        )
        if proc.returncode != 0 or not any(out.glob("kafka_2.13-*.jar")):
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
            raise RuntimeError(
                f"could not fetch Kafka {version} from Maven Central (mvn exit {proc.returncode}):"
                f"\n{tail}"
            )
        (out / _COMPLETE_MARKER).write_text(version + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        out.rename(target)
