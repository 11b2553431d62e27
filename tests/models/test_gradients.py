"""The gradient contract: every registered family's welfare gradients (implicit
differentiation, tradewar.models.implicit) match central finite differences on small
toys: with respect to tariffs (with and without export taxes in force), to export taxes
and to export-control quotas, where the family has them."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest

from tests.conftest import rare_earth_world, toy_baseline, two_sector_baseline
from tradewar.core.errors import PolicyError
from tradewar.core.policy import Policy
from tradewar.models import families
from tradewar.models.choose import for_baseline
from tradewar.models.interface import QuotaChoice, TariffCells, pair_cells, stacked_cells

COUNTRIES = ["USA", "CHN", "DEU"]


def _toy_for(family: families.Family):
    """The smallest toy the family accepts: one sector, else two."""
    one = toy_baseline(4, seed=3)
    if family.refuses(one) is None:
        return one
    return two_sector_baseline(4, 3, ("goods", "metals"), (4.0, 6.0)).replace(
        tariffs=np.full((4, 4, 2), 0.04)
    )


def _finite_differences(model, policy, cells, theta, quotas=None, h=1e-5):
    columns = []
    for k in range(len(theta)):
        step = np.eye(len(theta))[k] * h
        up = model.welfare_and_gradients(policy, cells, theta + step, COUNTRIES, quotas=quotas)
        down = model.welfare_and_gradients(policy, cells, theta - step, COUNTRIES, quotas=quotas)
        columns.append((up[0] - down[0]) / (2 * h))
    return np.stack(columns, axis=1)


@pytest.mark.parametrize("name", families.names())
@pytest.mark.parametrize("export_taxes", [False, True], ids=["tariffs", "with-export-taxes"])
def test_welfare_gradients_match_finite_differences(name, export_taxes):
    family = families.family_named(name)
    baseline = _toy_for(family)
    model = for_baseline(baseline, name)
    policy = Policy.from_baseline(baseline, "toy war").tariff("USA", on="CHN", rate=0.3)
    if export_taxes:
        policy = policy.export_tax("CHN", rate=0.1)
        if not family.can("export_taxes"):
            with pytest.raises(PolicyError, match="tariffs only"):
                model.solve(policy)
            return
    cells, _ = stacked_cells(baseline, ["USA", "CHN"], "bilateral", partners=["USA", "CHN", "DEU"])
    theta = np.array([0.25, 0.1, 0.15, 0.05])
    values, grads, _ = model.welfare_and_gradients(policy, cells, theta, COUNTRIES)
    assert values.shape == (3,) and grads.shape == (3, 4)
    expected = _finite_differences(model, policy, cells, theta)
    np.testing.assert_allclose(grads, expected, rtol=2e-4, atol=1e-6)
    one = model.welfare_and_gradient(policy, cells, theta, "CHN")
    np.testing.assert_allclose(one.gradient, grads[1], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("rent", ["exporter", "importer", "nobody"])
@pytest.mark.parametrize("name", families.names())
def test_quota_gradients_match_finite_differences_where_a_family_chooses_quotas(name, rent):
    family = families.family_named(name)
    if not family.can("quota_choice"):
        baseline = _toy_for(family)
        model = for_baseline(baseline, name)
        cells = pair_cells(baseline, "USA", "CHN")
        with pytest.raises(PolicyError, match="quotas"):
            model.welfare_and_gradients(
                Policy.from_baseline(baseline),
                cells,
                [0.1, 0.1],
                COUNTRIES,
                quotas=QuotaChoice((0,), (1,)),
            )
        return
    world = rare_earth_world()
    model = for_baseline(world, name, deficits="fixed")
    war = Policy.from_baseline(world, "war").export_control(
        "CHN", quota=0.4, sectors=["Rare earths"], exempt=["DEU"], rent=rent
    )
    cells = pair_cells(world, "USA", "CHN")
    quotas = QuotaChoice((0,), (2,))  # theta[2] sets China's licence quota
    theta = np.array([0.3, 0.2, 0.3])
    _, grads, _ = model.welfare_and_gradients(war, cells, theta, COUNTRIES, quotas=quotas)
    # the inner loops of a controlled gradient run to 1e-6: a wider step and tolerance
    expected = _finite_differences(model, war, cells, theta, quotas, h=1e-4)
    np.testing.assert_allclose(grads, expected, rtol=1e-3, atol=5e-5)


@pytest.mark.parametrize("name", families.names())
def test_export_tax_gradients_match_finite_differences(name):
    """``theta`` may set export taxes too (``taxes=`` cells): China's export taxes on its
    sales to the US and to Germany, beside the US tariff on China."""
    family = families.family_named(name)
    baseline = _toy_for(family)
    model = for_baseline(baseline, name)
    policy = Policy.from_baseline(baseline, "toy war").tariff("USA", on="CHN", rate=0.3)
    cells, _ = stacked_cells(baseline, ["USA"], "bilateral", partners=["CHN"])
    chn, s = baseline.index("CHN"), np.arange(baseline.n_sectors)
    taxes = TariffCells(
        *(
            jnp.asarray(a)
            for a in (
                np.full(2 * len(s), chn),
                np.repeat([baseline.index("USA"), baseline.index("DEU")], len(s)),
                np.tile(s, 2),
                np.repeat([1, 2], len(s)),  # theta[1]: to the US, theta[2]: to Germany
            )
        )
    )
    theta = np.array([0.25, 0.1, 0.05])
    if not family.can("export_taxes"):
        with pytest.raises(PolicyError, match="tariffs only"):
            model.welfare_and_gradients(policy, cells, theta, COUNTRIES, taxes=taxes)
        return
    _, grads, _ = model.welfare_and_gradients(policy, cells, theta, COUNTRIES, taxes=taxes)
    h, columns = 1e-5, []
    for k in range(3):
        step = np.eye(3)[k] * h
        up = model.welfare_and_gradients(policy, cells, theta + step, COUNTRIES, taxes=taxes)
        down = model.welfare_and_gradients(policy, cells, theta - step, COUNTRIES, taxes=taxes)
        columns.append((up[0] - down[0]) / (2 * h))
    np.testing.assert_allclose(grads, np.stack(columns, axis=1), rtol=2e-4, atol=1e-6)
    assert np.abs(grads[:, 1:]).max() > 1e-3  # the export taxes do move welfare
