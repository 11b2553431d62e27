"""The model interface: families without batches solve a vectorised request one by one;
the tariff choices games make (structures, stacking) round-trip."""

import jax.numpy as jnp
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.models.test_multisector import _two_sector_toy
from tradewar.core.policy import Policy
from tradewar.models.interface import (
    STRUCTURES,
    apply_cells,
    read_cells,
    stacked_cells,
    tariff_cells,
)
from tradewar.models.multisector_model import MultiSectorModel
from tradewar.models.ossa_model import OssaModel


def test_a_vectorised_request_is_solved_one_by_one_where_a_family_has_no_batches():
    b = _two_sector_toy(seed=3)
    ossa = OssaModel(b, elasticities=np.array([3.0, 5.0]))
    policies = [Policy.from_baseline(b).tariff("USA", on="CHN", rate=r) for r in (0.1, 0.3)]
    batch = ossa.solve_many(policies, vectorise=True)
    for policy, res in zip(policies, batch, strict=True):
        np.testing.assert_array_equal(
            res.outcomes["welfare"], ossa.solve(policy).outcomes["welfare"]
        )


def test_a_multi_sector_batch_equals_single_solves():
    b = _two_sector_toy(seed=3)
    model = MultiSectorModel(b, deficits="fixed")
    policies = [Policy.from_baseline(b).tariff("USA", on="CHN", rate=r) for r in (0.1, 0.3, 0.5)]
    batch = model.solve_many(policies, vectorise=True)
    for policy, res in zip(policies, batch, strict=True):
        np.testing.assert_allclose(
            res.outcomes["welfare"], model.solve(policy).outcomes["welfare"], atol=1e-9
        )


@given(
    structure=st.sampled_from(STRUCTURES),
    chooser=st.integers(0, 3),
    partners=st.lists(st.integers(0, 3), min_size=1, max_size=4, unique=True),
    seed=st.integers(0, 1000),
)
@settings(max_examples=40, deadline=None)
def test_choices_round_trip_and_touch_only_the_choosers_imports(structure, chooser, partners, seed):
    """Every tariff structure, for any subset of partners: reading a cube's chosen cells
    and writing them back gives the cube; each choice has one label; only the chooser's
    imports from those partners are cells."""
    b = _two_sector_toy(seed=1)
    country = b.countries[chooser]
    names = [b.countries[k] for k in partners]
    cells, labels = tariff_cells(b, country, structure, names)
    tariffs = np.random.default_rng(seed).uniform(0, 1, b.flows.shape)
    if structure != "bilateral_sector":  # one rate shared by several cells
        theta = np.random.default_rng(seed + 1).uniform(0, 1, len(labels))
        tariffs = np.asarray(apply_cells(jnp.asarray(theta), jnp.asarray(tariffs), cells))
    theta = read_cells(tariffs, cells, len(labels))
    back = np.asarray(apply_cells(jnp.asarray(theta), jnp.asarray(tariffs), cells))
    np.testing.assert_allclose(back, tariffs)
    assert int(np.max(np.asarray(cells.index), initial=-1)) + 1 <= len(labels)
    assert set(np.asarray(cells.importers)) <= {chooser}
    assert set(np.asarray(cells.exporters)) == {k for k in partners if k != chooser}


def test_stacked_choices_of_several_countries_follow_one_another():
    b = _two_sector_toy(seed=1)
    cells, labels = stacked_cells(b, ["USA", "CHN"], "bilateral_sector", ["USA", "CHN"])
    assert labels == tuple(
        f"{c}: {p} {s}" for c, p in (("USA", "CHN"), ("CHN", "USA")) for s in b.sectors
    )
    np.testing.assert_array_equal(np.asarray(cells.index), np.arange(2 * b.n_sectors))
    usa, chn = b.index("USA"), b.index("CHN")
    assert list(np.asarray(cells.importers)) == [usa] * b.n_sectors + [chn] * b.n_sectors
