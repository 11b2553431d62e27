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
