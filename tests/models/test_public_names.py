"""tradewar.models: the one place that picks a model for a baseline."""

import datetime as dt

import numpy as np
import pytest

from tests.conftest import toy_baseline
from tradewar.core.errors import TradewarError
from tradewar.models import MultiSectorModel, OneSectorModel, OssaModel, default_family, model_for
from tradewar.paths.scenario import Event, Scenario, ScenarioError
from tradewar.paths.simulate import scenario_model as scenario_model
from tradewar.paths.timeline import last_day, policy_at


def test_one_sector_baselines_get_imls_and_multi_sector_ones_caliendo_parro():
    from tradewar import datasets

    one = toy_baseline(4)
    assert default_family(one) == "imls"
    model = model_for(one, trade_elasticity=5.0, tol=1e-9)
    assert isinstance(model, OneSectorModel) and model.params.trade_elasticity == 5.0
    icio = datasets.load("default-multisector")
    assert default_family(icio) == "caliendo-parro"
    multi = model_for(icio, elasticities="CP")
    assert isinstance(multi, MultiSectorModel) and multi.deficits == "fixed"


def test_an_option_of_the_other_family_is_refused():
    with pytest.raises(TypeError):
        model_for(toy_baseline(4), deficits="zero")
    spec = Scenario(name="s", start="2025-01", end="2025-02", model={"deficits": "zero"})
    with pytest.raises(ScenarioError, match="bad model parameter"):
        scenario_model(spec, toy_baseline(4))


def test_scenario_days():
    spec = Scenario(
        name="s",
        start="2025-01",
        end="2025-02",
        events=[Event(date="2025-01-10", actor="USA", target="CHN", rate=0.2)],
    )
    assert last_day(spec) == dt.date(2025, 2, 28)
    policy = policy_at(toy_baseline(4), spec, None, "deal")
    assert policy.rate("USA", "CHN") == pytest.approx(0.2)
    assert policy.name == "deal: s on 2025-02-28"
    with pytest.raises(ScenarioError, match="--on must be a date"):
        policy_at(toy_baseline(4), spec, "tomorrow", "deal")


def test_the_ossa_family_on_request_and_clear_errors_otherwise():
    from tests.models.test_multisector import _two_sector_toy

    ossa = model_for(_two_sector_toy(seed=1), "ossa", elasticities=np.array([3.0, 5.0]))
    assert isinstance(ossa, OssaModel) and "Ossa" in ossa.describe()
    with pytest.raises(TradewarError, match="unknown model family 'gtap'"):
        model_for(toy_baseline(4), "gtap")
    with pytest.raises(TradewarError, match="needs a multi-sector baseline"):
        model_for(toy_baseline(4), "ossa")
    with pytest.raises(TradewarError, match="needs a one-sector baseline"):
        model_for(_two_sector_toy(seed=1), "imls")
