"""The built-in schedules are what the build script makes from the shared data."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from tradewar.datasets import load as load_baseline
from tradewar.enacted import build, china, schedule
from tradewar.enacted.sectors import ICIO_GOODS

D = dt.date


def test_the_embedded_us_schedule_is_rebuilt_from_the_data(enacted_inputs):
    fresh = build.build(enacted_inputs)
    shipped = schedule.load("us_enacted")
    assert list(fresh.days) == list(shipped.days)
    assert list(fresh.partners) == list(shipped.partners)
    np.testing.assert_allclose(fresh.rates, shipped.rates, atol=1e-6)
    np.testing.assert_allclose(fresh.by_authority, shipped.by_authority, atol=1e-6)
    np.testing.assert_allclose(fresh.imports, shipped.imports, rtol=1e-9)


def test_the_embedded_china_schedule_is_rebuilt_from_the_data(enacted_inputs):
    icio = load_baseline("default-multisector")
    usa, chn = icio.countries.index("USA"), icio.countries.index("CHN")
    weights = icio.flows[usa, chn, [icio.sectors.index(s) for s in ICIO_GOODS]] * 1e6
    fresh = china.build(weights)
    np.testing.assert_allclose(fresh.rates, schedule.load("china_enacted").rates, atol=1e-6)


def test_weights_hold_the_2024_imports(enacted_inputs):
    w = enacted_inputs.weights
    chn = w.index("CHN")
    assert w.by_line[chn].sum() / 1e9 == pytest.approx(429.4, abs=0.1)
    # raking keeps every partner's chapter totals
    can = w.index("CAN")
    assert w.by_line[can].sum() / 1e9 == pytest.approx(411.7, abs=0.5)


def test_partners_take_their_own_lines_or_a_similar_partners(enacted_inputs):
    from tradewar.datasets.paths import dataset_folder
    from tradewar.enacted import lines, weights

    w = enacted_inputs.weights
    eu_lines, _ = weights._hs10(dataset_folder(lines.TRACKER), enacted_inputs.lines)[
        weights.EU_CENSUS
    ]
    members = w.by_line[w.eu].sum(axis=0)
    # the members, each split like the EU within its chapters, add up to the EU's lines
    # (their HS2 files hold 1.4% less than the EU's HS10 file)
    np.testing.assert_allclose(members.sum(), eu_lines.sum(), rtol=0.02)
    assert np.abs(members - eu_lines).sum() / eu_lines.sum() < 0.03
    assert set(w.donor[w.eu]) == {"EU27"}
    assert (w.donor == "").sum() == 50  # the tracker's top 50 non-EU partners
    # a small partner outside the 51 takes the lines of one of them
    assert w.donor[w.index("ISL")] in set(w.partners[w.donor == ""])


def test_the_embedded_canada_schedule_is_rebuilt_from_the_data(enacted_inputs):
    from tradewar.enacted import canada

    icio = load_baseline("default-multisector")
    usa, can = icio.countries.index("USA"), icio.countries.index("CAN")
    weights = icio.flows[usa, can, [icio.sectors.index(s) for s in ICIO_GOODS]] * 1e6
    fresh = canada.build(weights)
    shipped = schedule.load("canada_enacted")
    np.testing.assert_allclose(fresh.rates, shipped.rates, atol=1e-6)
    assert shipped.importer == "CAN" and list(shipped.partners) == ["USA"]
    # the steel list and the autos stay after 1 Sep 2025; the March list goes
    may, october = (shipped.rate("USA", d) for d in (D(2025, 5, 15), D(2025, 10, 15)))
    assert may > october > 0
    c29 = list(shipped.sectors).index("C29")
    assert shipped.rates[shipped.step(D(2025, 10, 15)), 0, c29] >= 0.125


def test_the_embedded_ladder_is_rebuilt_from_the_data(enacted_inputs, dataset):
    from tradewar.enacted import collected

    dataset("trade_elasticities")
    params = collected.CollectionParams()
    steps = collected.read_ladder_inputs(enacted_inputs, params)
    shipped = collected.shipped().set_index(["month", "partner"])
    fresh = collected.ladder(
        steps,
        ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"],
        params,
        ["CHN", "CAN", "DEU"],
    )
    fresh = fresh.set_index(["month", "partner"])
    np.testing.assert_allclose(
        fresh.to_numpy(), shipped.loc[fresh.index, fresh.columns].to_numpy(), rtol=1e-5
    )
