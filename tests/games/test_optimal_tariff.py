"""Closed-form optimal tariffs against docs/model.md G checkpoints, and a perturbation check."""

import numpy as np
import pytest

from tradewar.core.policy import Policy
from tradewar.games import optimal_tariff as ot
from tradewar.models import OneSectorModel


@pytest.fixture(scope="module")
def cal(imls_baseline):
    return OneSectorModel(imls_baseline).calibration


def test_calibration_checkpoints(cal, imls_baseline):
    us, cn = imls_baseline.index("USA"), imls_baseline.index("CHN")
    assert float(cal.nu[0]) == pytest.approx(0.114335, abs=5e-7)
    assert float(cal.nu[us]) == pytest.approx(0.270471, abs=5e-7)
    assert float(cal.phi[0]) == pytest.approx(1.150719, abs=5e-7)
    assert float(cal.phi[us]) == pytest.approx(1.432848, abs=5e-7)
    for k, (E, Y, T) in {
        us: (2.875987e10, 2.828853e10, 4.713303e8),
        cn: (1.704316e10, 1.812550e10, -1.082337e9),
    }.items():
        assert float(cal.E[k]) == pytest.approx(E, rel=1e-6)
        assert float(cal.Y[k]) == pytest.approx(Y, rel=1e-6)
        assert float(cal.T[k]) == pytest.approx(T, rel=1e-6)
    assert float(cal.E.sum()) == pytest.approx(1.077209e11, rel=1e-6)
    assert float(cal.lam[us, us]) == pytest.approx(0.899074, abs=5e-7)


def test_optimal_tariff_checkpoints(cal, imls_baseline):
    us = imls_baseline.index("USA")
    X, lam = np.asarray(cal.X), np.asarray(cal.lam)
    E, Y, nu = np.asarray(cal.E), np.asarray(cal.Y), np.asarray(cal.nu)
    assert ot.export_supply_elasticity(X, lam, E, Y, nu, 4.0, us) / 4 == pytest.approx(
        0.724878, abs=5e-7
    )
    assert ot.optimal_tariff(cal, us, "imports") == pytest.approx(0.217988, abs=5e-7)
    assert ot.optimal_tariff(cal, us, "income") == pytest.approx(0.185432, abs=5e-7)
    others = [k for k in range(imls_baseline.n_countries) if k != us]
    assert ot.group_optimal_tariff(cal, others) == pytest.approx(0.227422, abs=5e-7)
    assert ot.small_open_economy_tariff(4.0, float(cal.phi[us])) == pytest.approx(
        0.162226, abs=5e-7
    )


@pytest.mark.slow
def test_best_uniform_tariff_beats_nearby_rates_and_the_formula(imls_baseline):
    """Perturbation test of the full-equilibrium optimum; the closed form is first order."""
    model = OneSectorModel(imls_baseline)
    us = imls_baseline.index("USA")
    rate, best = ot.best_uniform_tariff(model, "USA", bounds=(0.0, 0.6))
    base = Policy.from_baseline(imls_baseline)
    nearby = [rate - 0.01, rate + 0.01, ot.optimal_tariff(model.calibration, us)]
    for res in model.solve_many([base.tariff("USA", rate=r) for r in nearby]):
        assert res.value("welfare", "USA") < best
    assert 0.2 < rate < 0.4 and best > 1.79  # above the paper's closed-form 1.79


def test_group_needs_uniform_parameters(cal, imls_baseline):
    mixed = [imls_baseline.index("USA"), imls_baseline.index("CHN")]
    with pytest.raises(ValueError, match="uniform nu and phi"):
        ot.group_optimal_tariff(cal, mixed)
