from pathlib import Path

import pytest

from pipeline.geo.cache import fingerprint, load_gazetteer


@pytest.mark.slow
def test_cache_is_written_read_back_and_survives_corruption(tmp_path: Path) -> None:
    built = load_gazetteer(tmp_path)
    cached = tmp_path / f"gazetteer-{fingerprint()}.marshal"
    assert cached.is_file()
    (tmp_path / "gazetteer-0000000000000000.marshal").write_bytes(b"old")
    read = load_gazetteer(tmp_path)
    assert len(read) == len(built)
    assert read.resolve("Maarat al-Numan") == built.resolve("Maarat al-Numan")
    cached.write_bytes(b"not a marshal payload")
    rebuilt = load_gazetteer(tmp_path)
    assert len(rebuilt) == len(built)
    assert sorted(p.name for p in tmp_path.iterdir()) == [cached.name]
