"""compile_ahead: a path's monthly solve compiled on a thread, sharing only compiled code."""

import logging

import jax
import numpy as np
import pytest

from tests.conftest import toy_baseline
from tests.models.test_multisector import _two_sector_toy
from tradewar.paths import compile_ahead
from tradewar.paths.scenario import Event, Scenario
from tradewar.paths.simulate import scenario_model, simulate


def _controlled_spec() -> Scenario:
    """A path whose every month has an export control (in force from the first day)."""
    return Scenario(
        name="licensed parts",
        start="2025-01",
        end="2025-04",
        events=[
            Event(
                date="2025-01-01",
                actor="CHN",
                target="ALL",
                instrument="export_control",
                sectors=["parts"],
                quota=0.7,
            ),
            Event(date="2025-02-01", actor="USA", target="CHN", rate=0.3),
        ],
    )


def _three_sector_toy():
    """A baseline of a shape no other test solves (6 economies, 3 sectors), so that what
    is compiled for it is compiled in the test."""
    rng = np.random.default_rng(7)
    b = toy_baseline(6, seed=7)
    flows = np.stack([b.flows[:, :, 0] * rng.uniform(0.5, 1.5, (6, 6)) for _ in range(3)], 2)
    va = rng.uniform(0.3, 0.7, (6, 3))
    io = rng.uniform(0.1, 1.0, (6, 3, 3))
    return b.replace(
        countries=("CHN", "USA", "DEU", "JPN", "MEX", "VNM"),
        sectors=("goods", "parts", "services"),
        flows=flows,
        tariffs=None,
        elasticities={"toy": np.array([4.0, 6.0, 5.0])},
        value_added_share=va,
        io_shares=io / io.sum(axis=1, keepdims=True),
    )


def test_the_slack_control_sits_on_real_flows_and_binds_nothing():
    b = _two_sector_toy(seed=5)
    policy = compile_ahead.month_policy(b, controls=True)
    (control,) = policy.controls
    assert b.flows[control.cells].sum() > 0
    res = scenario_model(_controlled_spec(), b).solve(policy, felt=policy.demand_wedge())
    assert res.controls[0]["shadow_tax"] == 0.0
    np.testing.assert_allclose(res.outcomes["welfare"], 0.0, atol=1e-9)
    assert not compile_ahead.month_policy(b, controls=False).controls


def test_a_path_after_compiling_ahead_compiles_nothing_for_its_months(caplog, monkeypatch):
    """The thread's solve has the signature of the path's months: once it has run, the
    path's controlled months and long run reuse its compiled code (a mismatch, e.g. a
    felt wedge missing or another number of padded controls, would compile again)."""
    monkeypatch.setattr(compile_ahead, "_started", set())
    b, spec = _three_sector_toy(), _controlled_spec()
    thread = compile_ahead.start(scenario_model(spec, b), b, controls=True)
    assert thread is not None
    thread.join()
    with jax.log_compiles(True), caplog.at_level(logging.WARNING):
        path = simulate(spec, b)
    assert all(r.controls for r in path.results)
    compiled = [r.getMessage() for r in caplog.records if "Compiling" in r.getMessage()]
    assert compiled == []


def test_simulate_compiles_ahead_once_per_kind_of_model(monkeypatch):
    monkeypatch.setattr(compile_ahead, "_started", set())
    calls = []
    monkeypatch.setattr(
        compile_ahead, "_solve_a_month", lambda model, b, controls: calls.append(controls)
    )
    b, spec = _two_sector_toy(seed=6), _controlled_spec()
    simulate(spec, b)
    simulate(spec, b)
    tariffs_only = spec.model_copy(update={"events": spec.events[1:]})
    simulate(tariffs_only, b)
    assert calls == [True, False]  # a path with quantity limits warms the controlled solve


def test_a_compile_ahead_that_fails_is_left_to_the_path_to_report(caplog, monkeypatch):
    """Controls on a one-sector baseline: the thread's solve fails quietly (logged at
    debug level); the path's own month raises the error the user sees."""
    monkeypatch.setattr(compile_ahead, "_started", set())
    b = toy_baseline(4)
    model = scenario_model(_controlled_spec(), b)
    with caplog.at_level(logging.DEBUG, logger="tradewar.paths.compile_ahead"):
        compile_ahead.start(model, b, controls=True).join()
    assert any("compiling ahead failed" in r.getMessage() for r in caplog.records)
    with pytest.raises(Exception, match="export controls need"):
        model.solve(compile_ahead.month_policy(b, controls=True))
