"""Seeded draws and their application to scenarios and models."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.conftest import toy_baseline
from tradewar.core.distributions import imls_parameters
from tradewar.core.errors import TradewarError
from tradewar.paths.scenario import Event, Scenario, ScenarioError, load
from tradewar.paths.simulate import scenario_model
from tradewar.uncertainty.draws import (
    check_seed,
    draw,
    scenario_for_draw,
    scenario_parameters,
)


def test_draw_k_does_not_depend_on_how_many_draws_are_made():
    ds = imls_parameters()
    np.testing.assert_array_equal(draw(ds, 5, seed=11)[:3], draw(ds, 3, seed=11))
    assert not np.array_equal(draw(ds, 3, seed=11), draw(ds, 3, seed=12))


@pytest.mark.parametrize("seed", [1.5, "7", True, -1, None])
def test_a_seed_must_be_a_non_negative_integer(seed):
    with pytest.raises(TradewarError, match="seed must be a non-negative integer"):
        check_seed(seed)


def test_a_number_of_draws_out_of_range_is_refused():
    with pytest.raises(TradewarError, match="number of draws"):
        draw(imls_parameters(), 0, seed=1)


def _scenario(**quota) -> Scenario:
    return Scenario(
        name="bands",
        start="2025-01",
        end="2025-04",
        events=[
            Event(date="2025-02-01", actor="USA", target="CHN", rate={"low": 0.1, "high": 0.3}),
            Event(
                date="2025-03-01",
                actor="CHN",
                target="USA",
                instrument="export_control",
                quota={"low": 0.3, "high": 0.7},
                sectors=["goods"],
            ),
        ],
    )


def test_bands_in_a_scenario_become_distributions_and_draws_set_them():
    spec = _scenario()
    assert spec.events[0].rate == pytest.approx(0.2)  # the point run uses the midpoint
    base = toy_baseline(4)
    ds = scenario_parameters(spec, scenario_model(spec, base), base)
    names = [d.name for d in ds]
    assert names == ["epsilon", "kappa", "dynamics.months", "events[0].rate", "events[1].quota"]
    values = np.array([5.0, 0.6, 23.0, 0.25, 0.4])
    drawn = scenario_for_draw(spec, ds, values)
    assert drawn.events[0].rate == 0.25 and drawn.events[1].quota == 0.4
    assert drawn.dynamics.months == 23.0
    assert spec.events[0].rate == pytest.approx(0.2)  # the original is untouched


def test_a_quota_band_outside_zero_one_names_line_and_field(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: bad\nstart: 2025-01\nend: 2025-03\nevents:\n"
        "  - {date: 2025-02-01, actor: CHN, instrument: export_control,\n"
        "     quota: {low: 0.5, high: 1.5}}\n"
    )
    with pytest.raises(ScenarioError, match=r"line 5, field events\.0: the quota band"):
        load(path)


@given(st.floats(-2, 2, allow_nan=False), st.floats(-2, 2, allow_nan=False))
def test_any_quota_band_parses_to_its_midpoint_or_is_refused_with_a_reason(low, high):
    def event():
        return Event(
            date="2025-03-01",
            actor="CHN",
            instrument="export_control",
            quota={"low": low, "high": high},
        )

    if 0 < low <= high <= 1:
        e = event()
        assert e.quota == pytest.approx((low + high) / 2) and e.uncertain["quota"] == (low, high)
    else:
        with pytest.raises(ValidationError, match=r"quota band|low .* above high"):
            event()
