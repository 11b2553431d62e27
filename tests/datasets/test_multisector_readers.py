"""Readers of the multi-sector datasets and the embedded ICIO 2022 default."""

import numpy as np
import pytest

from tradewar import datasets
from tradewar.core.errors import DataError
from tradewar.core.policy import Policy
from tradewar.datasets import embedded, tariffwar_cubes, wiod2013
from tradewar.models import MultiSectorModel


@pytest.fixture(scope="module")
def icio2022(dataset):
    return tariffwar_cubes.load("icio", 2022, dataset("oecd_icio_2023_tariffwar"))


def test_icio_documented_checks(icio2022):
    b = icio2022
    assert (b.n_countries, b.n_sectors) == (81, 28)
    goods = slice(0, 27)
    assert b.flows[b.index("CHN"), b.index("USA"), goods].sum() / 1e3 == pytest.approx(453, abs=1)
    assert b.flows[b.index("USA"), b.index("CHN"), goods].sum() / 1e3 == pytest.approx(128, abs=1)
    assert set(b.elasticities) == set(tariffwar_cubes.ELASTICITY_SOURCES)
    assert not b.has_io


def test_embedded_multisector_default_equals_icio2022(icio2022):
    default = datasets.load("default-multisector")
    assert default.countries == icio2022.countries and default.sectors == icio2022.sectors
    np.testing.assert_array_equal(default.flows, icio2022.flows)
    np.testing.assert_array_equal(default.tariffs, icio2022.tariffs)
    assert embedded.metadata(embedded.MULTISECTOR)["inputs_sha256"]["ICIO2022.npz"]


def test_model_says_whether_it_has_io_links():
    plain = MultiSectorModel(datasets.load("default-multisector-noio"), elasticities="CP")
    assert "without input-output links" in plain.describe()
    linked = MultiSectorModel(datasets.load("default-multisector"), elasticities="CP")
    assert "with input-output links" in linked.describe()


def test_wiod2016_reader(dataset):
    b = tariffwar_cubes.load("wiod2016", 2014, dataset("wiod_2016_tariffwar"))
    assert (b.n_countries, b.n_sectors) == (44, 16) and b.countries[-1] == "ROW"


def test_wiod2013_reader_builds_io_shares(dataset):
    b = wiod2013.load(2011, dataset("wiod_2013"))
    assert (b.n_countries, b.n_sectors) == (41, 35) and b.has_io
    assert "ROU" in b.countries and "ROW" in b.countries
    col = b.io_shares.sum(axis=1)
    assert np.all(np.isclose(col, 1.0) | (col == 0))
    # private households (c35) buy nothing in several countries: a clear error, not NaNs
    with pytest.raises(DataError, match="no spending at all on sector 'c35'"):
        MultiSectorModel(b)


@pytest.mark.slow
def test_wiod2013_solves_after_aggregating_the_empty_sector(dataset):
    from tradewar.datasets.aggregate import aggregate_sectors

    b = wiod2013.load(2011, dataset("wiod_2013"))
    b = aggregate_sectors(b, {"transport": ["c23", "c24", "c25"], "c34+c35": ["c34", "c35"]})
    model = MultiSectorModel(b, deficits="fixed")
    res = model.solve(Policy.from_baseline(b).tariff("USA", on="CHN", rate=0.25))
    assert res.value("welfare", "CHN") < 0
    assert res.diagnostics.converged


def test_bad_years_and_kinds():
    with pytest.raises(DataError, match="years"):
        tariffwar_cubes.load("icio", 1999)
    with pytest.raises(DataError, match="unknown cube dataset"):
        tariffwar_cubes.load("gtap", 2014)
    with pytest.raises(DataError, match="years"):
        wiod2013.load(2012)
