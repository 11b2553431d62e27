"""The model interface: families without batches solve a vectorised request one by one."""

import numpy as np

from tests.models.test_multisector import _two_sector_toy
from tradewar.models.multisector_model import MultiSectorModel
from tradewar.models.ossa_model import OssaModel
from tradewar.policy import Policy


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
