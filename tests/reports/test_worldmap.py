"""World map from shipped country shapes."""

from tradewar.reports import worldmap


def test_shapes_cover_every_country_of_the_default_baseline(default_baseline):
    shapes = worldmap.shapes()
    assert set(default_baseline.countries) <= set(shapes)
    assert all(part.shape[1] == 2 and len(part) > 2 for part in shapes["USA"])


def test_choropleth_writes_a_png(tmp_path):
    target = tmp_path / "map.png"
    worldmap.choropleth({"USA": 1.0, "CHN": -2.0}, target, "test", "welfare (%)")
    assert target.read_bytes()[:4] == b"\x89PNG"


def test_the_parsed_shapes_are_kept_between_processes(tmp_path, monkeypatch):
    import numpy as np

    monkeypatch.setenv("TRADEWAR_CACHE", str(tmp_path))
    worldmap.shapes.cache_clear()
    try:
        parsed = worldmap.shapes()
        (path,) = tmp_path.glob("worldmap-*.npz")
        worldmap.shapes.cache_clear()
        kept = worldmap.shapes()
        assert list(kept) == list(parsed)
        for code, parts in parsed.items():
            assert len(kept[code]) == len(parts)
            assert all(np.array_equal(a, b) for a, b in zip(kept[code], parts, strict=True))
        path.write_bytes(b"not a numpy file")  # a broken file is rebuilt
        worldmap.shapes.cache_clear()
        assert len(worldmap.shapes()["USA"]) == len(parsed["USA"])
        assert path.read_bytes()[:2] == b"PK"
    finally:
        worldmap.shapes.cache_clear()
