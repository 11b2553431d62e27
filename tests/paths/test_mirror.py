"""Both records of every flow and the parts of their gap (docs/model.md J.3)."""

import dataclasses

import numpy as np
import pytest

from tests.conftest import toy_baseline
from tradewar.core.errors import DataError
from tradewar.enacted.collected import CollectionParams
from tradewar.paths.mirror import PARTS, MirrorParams, calibrate_residual, records
from tradewar.paths.scenario import Event, Scenario, ScenarioError, loads
from tradewar.paths.simulate import simulate

TOY = toy_baseline(8, seed=3)


@pytest.fixture(scope="module")
def path():
    events = [
        Event(date="2025-03-04", actor="USA", target="CHN", rate=0.2, announced="2025-02-01"),
        Event(date="2025-04-10", actor="USA", target="CHN", rate=0.8),
        Event(date="2025-04-10", actor="CHN", target="USA", rate=0.5),
    ]
    spec = Scenario(name="t", start="2025-01", end="2025-12", events=events)
    return simulate(spec, TOY)


def test_the_parts_add_up_to_the_gap(path):
    both = records(path)
    gap = both.exporter - both.importer
    np.testing.assert_allclose(sum(both.parts.values()), gap, atol=1e-9 * np.abs(gap).max())
    assert set(both.parts) == set(PARTS)
    c, u = TOY.index("CHN"), TOY.index("USA")
    for part in ("timing", "undervaluation", "de_minimis", "hong_kong", "residual"):
        assert np.abs(both.parts[part]).sum() >= 0
    assert both.parts["undervaluation"][:, c, u].sum() > 0  # declared below true values
    assert not both.parts["freight_insurance"][:, :, u].any()  # the US values FOB
    assert (both.parts["freight_insurance"][:, u, c] < 0).all()  # China values CIF


def test_the_gap_is_zero_with_every_part_off(path):
    params = MirrorParams().without_parts()
    both = records(path, params)
    np.testing.assert_allclose(both.exporter, both.importer, rtol=1e-10, atol=0)
    unrouted = records(path, dataclasses.replace(params, rerouting=None))
    np.testing.assert_allclose(unrouted.exporter, path.recorded.shipped, rtol=1e-10, atol=0)


def test_parcels_are_recorded_by_the_exporter_until_the_exemption_ends(path):
    both = records(path)
    c, u = TOY.index("CHN"), TOY.index("USA")
    parcels = both.parts["de_minimis"][:, c, u].sum(axis=1)
    may = path.months.index("2025-05")
    assert (parcels[: may - 1] > 0).all() and (parcels[may + 1 :] == 0).all()
    assert parcels[may] < parcels[may - 1]  # ends on 2 May 2025
    # the no-war path keeps the exemption: China records more than the US every month
    assert (both.no_war_exporter[:, c, u] > both.no_war_importer[:, c, u]).all()


def test_the_no_war_records_are_those_of_every_month_recorded_alike(path):
    """They are computed for one month and repeated: the same as recording the no-war
    path month by month, as the war path is recorded."""
    from tradewar.paths import mirror
    from tradewar.paths.recorded_trade import RecordingParams, transit_months

    both = records(path)
    no_war = path.recorded.no_war
    base = np.broadcast_to(np.asarray(TOY.tariffs, float), no_war.shape)
    transit = transit_months(TOY, RecordingParams())
    params = mirror.params_for(path.scenario)
    months = list(path.months)
    exporter, importer, _ = mirror._side(TOY, months, transit, no_war, no_war, base, params, False)
    np.testing.assert_array_equal(both.no_war_exporter, exporter)
    np.testing.assert_array_equal(both.no_war_importer, importer)


def test_without_undervaluation_declared_values_are_true_values(path):
    honest = MirrorParams(collection=CollectionParams(undervaluation=0.0))
    assert not records(path, honest).parts["undervaluation"].any()


def test_a_negative_freight_share_is_refused_in_one_line():
    with pytest.raises(DataError, match=r"freight share freight_sea = -0\.1 must lie in"):
        MirrorParams(freight_sea=-0.1)
    text = "name: t\nstart: 2025-01\nend: 2025-03\nrecording: {freight_sea: -0.1}\n"
    with pytest.raises(ScenarioError, match="freight_sea") as info:
        loads(text)
    assert "\n" not in str(info.value).strip()


def test_an_unknown_part_is_refused():
    with pytest.raises(DataError, match="unknown part"):
        MirrorParams(parts=("timing", "smuggling"))
    with pytest.raises(ScenarioError, match="unknown part 'smuggling'"):
        loads("name: t\nstart: 2025-01\nend: 2025-03\nrecording: {parts: [smuggling]}\n")


def test_the_residual_is_what_2024_leaves_unexplained(dataset):
    from tradewar import datasets

    baseline = datasets.load("default-rare-earths-us2024")
    fit = calibrate_residual(baseline, data=dataset("observed_2025").parent)
    # China's customs recorded about 20% more than the Census in 2024
    assert 1.15 < fit["ratio"] < 1.25
    assert fit["residual"] == pytest.approx(MirrorParams().residual[("CHN", "USA")], abs=0.002)
