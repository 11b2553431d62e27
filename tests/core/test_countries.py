import pytest

from tradewar.core import countries
from tradewar.core.errors import CountryError


def test_eu27_has_27_members_and_no_uk():
    eu = countries.eu27()
    assert len(eu) == 27
    assert "DEU" in eu and "GBR" not in eu


def test_resolve_expands_groups_and_all():
    available = ["USA", "DEU", "FRA", "CHN"]
    assert countries.resolve("EU27", available) == ["DEU", "FRA"]
    assert countries.resolve("ALL", available) == available
    assert countries.resolve(["chn", "USA"], available) == ["CHN", "USA"]


def test_unknown_code_names_it_and_suggests():
    with pytest.raises(CountryError, match=r"unknown country 'CHM'.*did you mean .*CHN"):
        countries.resolve("CHM", ["USA", "CHN"])


def test_known_code_missing_from_baseline_is_told_apart():
    with pytest.raises(CountryError, match="valid ISO3 code but not in this baseline"):
        countries.resolve("BRA", ["USA", "CHN"])


def test_names_come_from_country_converter():
    assert countries.country_name("DEU") == "Germany"


def test_the_iso3_list_is_kept_between_processes(tmp_path, monkeypatch):
    from tradewar.core import countries

    monkeypatch.setenv("TRADEWAR_CACHE", str(tmp_path))
    countries._known_iso3.cache_clear()
    try:
        codes = countries._known_iso3()
        (path,) = tmp_path.glob("iso3-country_converter-*.json")
        countries._known_iso3.cache_clear()
        assert countries._known_iso3() == codes and "CHN" in codes
        path.write_text("not json")  # a broken file is rebuilt
        countries._known_iso3.cache_clear()
        assert countries._known_iso3() == codes
        assert "CHN" in path.read_text()
    finally:
        countries._known_iso3.cache_clear()


def test_a_region_named_like_a_group_is_that_region():
    regions = ("BRA", "CHN", "EU27", "USA")  # Ossa's regions: the EU is one region
    assert countries.resolve(["USA", "EU27"], regions) == ["USA", "EU27"]
    assert countries.resolve("EU27", ("DEU", "FRA", "USA")) == ["DEU", "FRA"]
