"""simulate: a scenario month by month on the model the file asks for."""

import numpy as np
import pytest

from tests.conftest import toy_baseline
from tests.models.test_multisector import _two_sector_toy
from tradewar.core.policy import Policy
from tradewar.paths.scenario import Event, Scenario, ScenarioError
from tradewar.paths.simulate import scenario_model, simulate


def _spec(**changes) -> Scenario:
    fields = {
        "name": "toy war",
        "start": "2025-01",
        "end": "2025-06",
        "events": [Event(date="2025-02-01", actor="USA", target="CHN", rate=0.5)],
    }
    return Scenario(**{**fields, **changes})


def test_no_events_means_no_change_in_any_month():
    path = simulate(_spec(events=[]), toy_baseline(4))
    for res in [*path.results, path.long_run]:
        np.testing.assert_allclose(res.outcomes["welfare"], 0.0, atol=1e-9)


@pytest.mark.parametrize("baseline", [toy_baseline(4), _two_sector_toy(seed=2)])
def test_months_move_towards_the_long_run_and_end_there_in_the_limit(baseline):
    """January has no tariff; from February the US-China flow falls month by month as
    substitution catches up (warm-started solves), and the long run is the plain solve
    of the last month's policy."""
    calls = []
    spec = _spec()
    path = simulate(spec, baseline, on_month=calls.append)
    assert calls == [*path.months, "long run"]
    flow = path.bilateral("CHN", "USA")
    assert flow[0] == pytest.approx(path.results[0].bilateral("CHN", "USA")[0] / 12, rel=1e-9)
    assert np.all(np.diff(flow[1:]) < 0)
    model = scenario_model(spec, baseline)
    final = Policy.from_baseline(baseline).tariff("USA", on="CHN", rate=0.5, additional=True)
    plain = model.solve(final)
    np.testing.assert_allclose(
        path.long_run.outcomes["welfare"], plain.outcomes["welfare"], atol=1e-9
    )
    assert flow[-1] > plain.bilateral("CHN", "USA")[1] / 12  # still above the long run


def test_a_month_the_model_cannot_take_names_the_month():
    spec = _spec(
        events=[
            Event(
                date="2025-03-01",
                actor="CHN",
                target="USA",
                instrument="export_control",
                quota=0.5,
            )
        ]
    )
    with pytest.raises(ScenarioError, match=r"toy war.*2025-03.*export controls need"):
        simulate(spec, toy_baseline(4))
