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


def test_every_data_file_and_the_places_module_feed_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from pipeline.geo import cache
    from pipeline.geo.places import data_path

    for name in ("small_places.tsv", "admin1.tsv", "regions.tsv", "variants.tsv"):
        shutil.copy(data_path(name), tmp_path / name)
    monkeypatch.setattr(cache, "data_path", lambda name: tmp_path / name)
    before = cache.fingerprint()
    with (tmp_path / "admin1.tsv").open("a", encoding="utf-8") as handle:
        handle.write("# an edit\n")
    assert cache.fingerprint() != before
