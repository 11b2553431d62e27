"""The critical-input nest of the Caliendo-Parro model (models.multisector.Nest)."""

from __future__ import annotations

import numpy as np
import pytest

from tradewar import datasets
from tradewar.core.errors import TradewarError
from tradewar.core.policy import Policy
from tradewar.models import MultiSectorModel

RARE = datasets.load("default-rare-earths")
USERS = ["C29", "Other electrical equipment", "C26", "C28"]
C29, USA = RARE.sectors.index("C29"), RARE.index("USA")


def _model(sigma):
    nest = None if sigma is None else {"sector": "Rare earths", "elasticity": sigma, "users": USERS}
    return MultiSectorModel(RARE, elasticities="CP", deficits="fixed", critical_input=nest)


def test_zero_shock_gives_all_hats_one_with_the_nest():
    res = _model(0.05).solve(Policy.from_baseline(RARE))
    np.testing.assert_allclose(res.outcomes["welfare"], 0.0, atol=1e-10)
    np.testing.assert_allclose(res.flows_after, RARE.flows, rtol=1e-9, atol=1e-6)


def test_an_elasticity_near_one_is_cobb_douglas_and_lower_ones_cut_output_more():
    # the US rare-earth supply made 20 times dearer for its users
    shock = Policy.from_baseline(RARE).trade_cost(
        "USA", on="ALL", change=20.0, sectors=["Rare earths"]
    )
    loss = {}
    for sigma in (None, 1 - 1e-7, 0.5, 0.1, 0.0):
        res = _model(sigma).solve(shock)
        loss[sigma] = 1 - res.flows_after[USA, :, C29].sum() / RARE.flows[USA, :, C29].sum()
    assert loss[1 - 1e-7] == pytest.approx(loss[None], rel=1e-5)
    assert loss[None] < loss[0.5] < loss[0.1] < loss[0.0]


def test_bad_nests_are_refused():
    with pytest.raises(TradewarError, match="must be in \\[0, 1\\)"):
        _model(1.0)
    with pytest.raises(TradewarError, match="unknown critical-input sector"):
        MultiSectorModel(RARE, critical_input={"sector": "Widgets", "elasticity": 0.1})
    with pytest.raises(TradewarError, match="input-output links"):
        MultiSectorModel(
            datasets.load("default-multisector-noio"),
            critical_input={"sector": "B07", "elasticity": 0.1},
        )
    with pytest.raises(TradewarError, match="critical_input takes"):
        MultiSectorModel(RARE, critical_input={"sector": "Rare earths", "sigma": 0.1})


def _rising(**extra):
    nest = {"sector": "Rare earths", "elasticity": 0.05, "users": USERS, **extra}
    return MultiSectorModel(RARE, elasticities="CP", deficits="fixed", critical_input=nest)


def test_the_nest_elasticity_rises_linearly_from_the_first_month_of_a_shortage():
    model = _rising(long_run_elasticity=0.2, months=6)
    assert [model.nest_elasticity(h) for h in (-1, 0, 3, 6, 10, None)] == pytest.approx(
        [0.05, 0.05, 0.125, 0.2, 0.2, 0.2]
    )
    assert "rising to 0.2 over 6 months" in model.describe()
    # single solves (and a path's long run) use the long-run elasticity
    assert float(model.calibration.nest.sigma[0]) == pytest.approx(0.2)
    assert model.long_run_model() is model
    # month k of a path: k - k0 months into the shortage, k0 the first month a limit on
    # the critical input is in force; other limits do not start it
    base = Policy.from_baseline(RARE)
    licensed = base.export_control("CHN", quota=0.5, sectors=["Rare earths"]).controls
    other = base.export_control("CHN", quota=0.5, sectors=["C29"]).controls
    limits = [(), other, licensed, licensed, licensed]
    sigmas = [float(m.calibration.nest.sigma[0]) for m in model.path_models(limits)]
    assert sigmas == pytest.approx([0.05, 0.05, 0.05, 0.075, 0.1])
    assert float(model.long_run_model().calibration.nest.sigma[0]) == pytest.approx(0.2)
    # a constant nest (and no nest) keeps one model for the whole path
    for constant in (_model(0.1), _model(None)):
        assert all(m is constant for m in constant.path_models(limits))


def test_a_model_with_its_elasticity_reset_solves_as_one_built_with_it():
    shock = Policy.from_baseline(RARE).trade_cost(
        "USA", on="ALL", change=5.0, sectors=["Rare earths"]
    )
    reset = _rising(long_run_elasticity=0.5, months=3).with_nest_elasticity(0.3).solve(shock)
    built = _model(0.3).solve(shock)
    np.testing.assert_allclose(reset["welfare"], built["welfare"], atol=1e-10)
    np.testing.assert_allclose(reset.flows_after, built.flows_after, rtol=1e-9, atol=1e-9)


def test_bad_rising_nests_are_refused():
    with pytest.raises(TradewarError, match="needs a long_run_elasticity"):
        _rising(months=6)
    with pytest.raises(TradewarError, match="whole number"):
        _rising(long_run_elasticity=0.2, months=0)
    with pytest.raises(TradewarError, match=r"elasticity -0\.1 must be in"):
        _rising(elasticity=-0.1, long_run_elasticity=0.2, months=6)
    with pytest.raises(TradewarError, match=r"long_run_elasticity 1\.0 must be in"):
        _rising(long_run_elasticity=1.0, months=6)


def test_a_magnet_cut_costs_motor_vehicles_more_output_the_lower_the_elasticity():
    """Must show: China's magnet exports cut by half (and no room elsewhere to make
    more): US motor-vehicle output falls more as the nest elasticity falls; at one it is
    the plain Cobb-Douglas model."""
    users = ["C29", "Other electrical equipment", "C26", "C28", "C301", "C302T309"]
    cut = (
        Policy.from_baseline(RARE)
        .export_control("CHN", quota=0.5, sectors=["Magnets"])
        .capacity_limit("ALL", 1.0, sectors=["Magnets"], exempt=["CHN"])
    )

    def us_motor_vehicles(sigma):
        nest = None if sigma is None else {"sector": "Magnets", "elasticity": sigma, "users": users}
        model = MultiSectorModel(RARE, elasticities="CP", deficits="fixed", critical_input=nest)
        res = model.solve(cut)
        made = res.flows_after[USA, :, C29].sum() / res.sector_outcomes["unit_cost_hat"][USA, C29]
        return 1 - made / RARE.flows[USA, :, C29].sum()

    loss = {sigma: us_motor_vehicles(sigma) for sigma in (None, 1 - 1e-7, 0.5, 0.2, 0.05)}
    assert loss[1 - 1e-7] == pytest.approx(loss[None], rel=1e-4)
    assert loss[None] < loss[0.5] < loss[0.2] < loss[0.05]
    assert loss[0.05] > 0.01  # a real shortage: over 1% of the output lost


def _two_nests(sigmas=(0.05, 0.3), **extra):
    magnets = {"sector": "Magnets", "elasticity": sigmas[0], "users": USERS, **extra}
    rare = {"sector": "Rare earths", "elasticity": sigmas[1], "users": ["Magnets", "C29"]}
    return MultiSectorModel(
        RARE, elasticities="CP", deficits="fixed", critical_input=[magnets, rare]
    )


def test_input_shares_are_the_gradient_of_the_nested_log_cost():
    """Shephard's lemma, with two nests of their own elasticities: the cost share of each
    input is d log c / d log p, of value added d log c / d log w."""
    import jax
    import jax.numpy as jnp

    from tradewar.models import multisector as ms

    cal = _two_nests().calibration
    rng = np.random.default_rng(3)
    N, J = RARE.n_countries, RARE.n_sectors
    lw, lP = jnp.asarray(rng.normal(0, 0.2, N)), jnp.asarray(rng.normal(0, 0.5, (N, J)))
    shares = np.asarray(ms.input_shares(lw, lP, cal))  # [n, k, j]
    for n in (USA, RARE.index("CHN")):
        grad = jax.jacfwd(lambda p, n=n: ms._log_cost(lw, p, cal)[n])(lP)  # [j, n', k]
        np.testing.assert_allclose(shares[n], np.asarray(grad[:, n, :]).T, atol=1e-10)
    # value added takes the rest
    va = jax.jacfwd(lambda w: ms._log_cost(w, lP, cal))(lw)  # [n, j, n']
    np.testing.assert_allclose(
        1 - shares.sum(axis=1), np.einsum("njn->nj", np.asarray(va)), atol=1e-10
    )


def test_two_nests_with_one_elasticity_are_one_flat_nest():
    from tradewar.models import multisector as ms

    cal = _two_nests((0.2, 0.2)).calibration
    rng = np.random.default_rng(5)
    lw = rng.normal(0, 0.1, RARE.n_countries)
    lP = rng.normal(0, 0.4, (RARE.n_countries, RARE.n_sectors))
    lc = np.asarray(ms._log_cost(lw, lP, cal))
    cd = cal.va * lw[:, None] + np.einsum("nk,nkj->nj", lP, cal.io)
    s = np.asarray(cal.nest.share)  # [K, N, J]
    m = np.asarray(cal.nest.onehot).argmax(axis=1)
    rest = (cd - np.einsum("kn,knj->nj", lP[:, m].T, s)) / (1 - s.sum(axis=0))
    flat = (
        np.log(
            np.einsum("knj,kn->nj", s, np.exp(0.8 * lP[:, m].T))
            + (1 - s.sum(axis=0)) * np.exp(0.8 * rest)
        )
        / 0.8
    )
    np.testing.assert_allclose(lc, flat, atol=1e-12)


def test_each_nests_elasticity_rises_from_its_own_first_short_month():
    model = _two_nests(long_run_elasticity=0.2, months=2)
    base = Policy.from_baseline(RARE)
    magnets = base.export_control("CHN", quota=0.5, sectors=["Magnets"]).controls
    both = magnets + base.export_control("CHN", quota=0.5, sectors=["Rare earths"]).controls
    sigmas = [np.asarray(m.calibration.nest.sigma) for m in model.path_models([(), magnets, both])]
    # the rare-earth nest is constant (0.3): its own path has no long-run elasticity
    np.testing.assert_allclose(sigmas, [[0.05, 0.3], [0.05, 0.3], [0.125, 0.3]])
    assert (
        "critical input Magnets" in model.describe()
        and "critical input Rare earths" in model.describe()
    )
    with pytest.raises(TradewarError, match="nested twice"):
        MultiSectorModel(RARE, critical_input=[{"sector": "Magnets", "elasticity": 0.1}] * 2)
    with pytest.raises(TradewarError, match=r"one nest .* or a list of them"):
        MultiSectorModel(RARE, critical_input=["Magnets"])
