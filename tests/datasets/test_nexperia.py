"""Nexperia's chips split out of computers and electronics (tradewar.datasets.nexperia)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tradewar import datasets
from tradewar.core.errors import DataError
from tradewar.datasets import nexperia
from tradewar.datasets.aggregate import aggregate_countries
from tradewar.models.multisector import negative_final_demand
from tradewar.paths import scenario

PARENT = datasets.load("default-rare-earths-us2024")
SPLIT = datasets.load("default-chokepoints-us2024")
MAIN_JOB = Path(__file__).resolve().parents[2] / "scenarios" / "us_china_2025.yaml"


def test_the_chips_are_nexperias_revenue_for_vehicles_made_and_sold_as_sourced():
    flows = nexperia.chip_flows(PARENT)  # USD mn
    size = nexperia.AUTOMOTIVE * nexperia.REVENUE_USD_MN
    assert flows.sum() == pytest.approx(size)
    chn = PARENT.index("CHN")
    assert flows[chn].sum() == pytest.approx(nexperia.CHINA_BACK_END * size)
    assert flows[chn, chn] == pytest.approx(nexperia.CHINA_SALES * size)
    assert flows[:, chn].sum() == pytest.approx(flows[chn, chn])  # China buys only its own
    for code, share in nexperia.OTHER_BACK_ENDS.items():
        made = flows[PARENT.index(code)].sum()
        assert made == pytest.approx((1 - nexperia.CHINA_BACK_END) * share * size)
    makers = [PARENT.index(c) for c in ("CHN", *nexperia.OTHER_BACK_ENDS)]
    assert np.delete(flows, makers, axis=0).max() == 0.0  # nobody else makes them
    assert (flows.sum(axis=0) > 0).all()  # every economy buys some
    # abroad, car makers' C26 inputs share them out: the US buys more than Germany
    assert flows[:, PARENT.index("USA")].sum() > flows[:, PARENT.index("DEU")].sum()


def test_the_split_keeps_c26_whole_and_gives_the_chips_to_car_makers():
    names = list(SPLIT.sectors)
    k, rest = names.index(nexperia.SECTOR), names.index(nexperia.PARENT)
    parent = PARENT.sectors.index(nexperia.PARENT)
    np.testing.assert_allclose(
        SPLIT.flows[:, :, k] + SPLIT.flows[:, :, rest], PARENT.flows[:, :, parent], rtol=1e-12
    )
    assert negative_final_demand(SPLIT) == 0
    G = np.asarray(SPLIT.io_shares)
    np.testing.assert_allclose(G.sum(axis=1), 1.0, atol=1e-12)
    c29 = names.index("C29")
    others = [j for j in range(len(names)) if j != c29]
    assert G[:, k, others].max() == 0.0 and G[SPLIT.index("USA"), k, c29] > 0
    # the rest of C26 keeps the parent's name and its tariffs and schedules
    np.testing.assert_array_equal(SPLIT.tariffs[:, :, k], SPLIT.tariffs[:, :, rest])


def test_a_baseline_without_the_back_ends_is_refused():
    small = aggregate_countries(PARENT, {c: [c] for c in ("CHN", "USA", "DEU")}, rest="ROW")
    with pytest.raises(DataError, match="back-ends \\['MYS', 'PHL'\\] are not in the baseline"):
        nexperia.split(small)


def test_the_main_jobs_ban_runs_from_4_october_to_the_november_exemptions():
    events = [
        e
        for e in scenario.load(MAIN_JOB).events
        if e.instrument == "export_control" and e.sectors == [nexperia.SECTOR]
    ]
    ban, lift = events
    assert (ban.date.isoformat(), ban.quota, ban.rent, ban.target) == (
        "2025-10-04",
        nexperia.BAN_QUOTA,
        "nobody",
        "ALL",
    )
    assert lift.lift and lift.date.isoformat() == "2025-11-01"
