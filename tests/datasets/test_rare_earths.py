"""The rare-earth split (docs/model.md D.3) and its shipped USGS-derived values."""

import numpy as np
import pytest

from tradewar import datasets
from tradewar.core.errors import DataError
from tradewar.datasets import rare_earths


def test_shipped_values_are_rebuilt_from_the_usgs_tables(dataset):

    folder = dataset("critical_minerals")
    shipped = rare_earths.shipped_values()
    assert shipped["basket_usd_per_t_reo"] == pytest.approx(rare_earths.basket_price(folder))
    assert shipped["production_value_usd"] == pytest.approx(rare_earths.production_values(folder))
    # China: 270,000 t REO of the 392,850 t listed by country (USGS 2024e)
    values = shipped["production_value_usd"]
    assert values["CHN"] / sum(values.values()) == pytest.approx(270_000 / 392_850)


@pytest.fixture(scope="module")
def split():
    return datasets.load("default-rare-earths"), datasets.load("default-multisector")


def test_split_conserves_every_total(split):
    re, icio = split
    k = re.sectors.index(rare_earths.SECTOR)
    assert re.sectors[k : k + 2] == (rare_earths.SECTOR, rare_earths.REST)
    np.testing.assert_allclose(re.flows[:, :, k : k + 2].sum(axis=2), icio.flows[:, :, 5])
    np.testing.assert_allclose(re.flows.sum(axis=2), icio.flows.sum(axis=2))
    assert re.elasticities["CP"][k] == 2.0
    chn = re.index("CHN")
    share = re.flows[chn, :, k].sum() / icio.flows[chn, :, 6].sum()
    assert 0.005 < share < 0.05  # rare earths are a small part of China's metal-ore mining


def test_unknown_parent_sector_is_named():
    b = datasets.load("default")
    with pytest.raises(DataError, match="no sector 'B07'"):
        rare_earths.shares(b, {"CHN": 1.0})
