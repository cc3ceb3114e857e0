"""The stream benchmark's end-of-pass clock: the store's own stamp, not the bench's poll."""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.bench.rig import StreamRig
from pipeline.settings import Settings
from pipeline.storage import open_store
from tests.storage.builders import AFP_STRIKE, REUTERS_STRIKE, event


def test_last_stored_at_is_the_newest_write(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path / "state")
    settings.state_dir.mkdir()
    store = open_store(f"sqlite:///{settings.sqlite_path()}")
    rig = StreamRig(settings, tmp_path, broker=None)
    try:
        before = time.time()
        store.write_events([event(AFP_STRIKE)])
        first = rig.last_stored_at()
        time.sleep(0.05)
        store.write_events([event(REUTERS_STRIKE)])
        second = rig.last_stored_at()
        after = time.time()
    finally:
        rig.sampler.stop()
        store.close()
    assert first is not None
    assert second is not None
    assert before <= first < second <= after
    assert second - first >= 0.04


def test_last_stored_at_without_events(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path / "state")
    settings.state_dir.mkdir()
    open_store(f"sqlite:///{settings.sqlite_path()}").close()
    rig = StreamRig(settings, tmp_path, broker=None)
    try:
        assert rig.last_stored_at() is None
    finally:
        rig.sampler.stop()
