import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewar.core.errors import CountryError, PolicyError
from tradewar.core.policy import Policy


def test_from_baseline_starts_at_baseline_tariffs(toy):
    p = Policy.from_baseline(toy)
    assert np.array_equal(p.tariffs, toy.tariffs)
    assert not p.export_taxes.any()


def test_additional_duties_stack_on_what_is_in_force(toy):
    p = Policy.from_baseline(toy).tariff("USA", on="CHN", rate=0.10)
    p = p.tariff("USA", on="CHN", rate=0.20, additional=True)
    p = p.tariff("USA", on="CHN", rate=1.25, additional=True)
    assert p.rate("USA", "CHN") == pytest.approx(1.55)
    assert p.rate("USA", "DEU") == 0.0
    assert p.rate("CHN", "USA") == 0.0  # direction matters: importer first


def test_absolute_rate_replaces_and_floor_raises(toy):
    p = Policy.from_baseline(toy).tariff("USA", on="ALL", rate=0.5)
    p = p.tariff("USA", on="ALL", rate={"CHN": 0.3, "DEU": 0.02}, floor=0.10)
    assert p.rate("USA", "CHN") == pytest.approx(0.3)
    assert p.rate("USA", "DEU") == pytest.approx(0.10)
    assert p.rate("USA", "MEX") == pytest.approx(0.10)  # absent from mapping -> 0 -> floor


def test_exemptions_and_groups(toy):
    p = Policy.from_baseline(toy).tariff("USA", on="ALL", rate=0.25, exempt=["MEX"])
    assert p.rate("USA", "MEX") == 0.0
    assert p.rate("USA", "DEU") == 0.25
    assert p.tariffs[0, 0, 0] == 0.0  # never on itself
    eu = Policy.from_baseline(toy).tariff("USA", on="EU27", rate=0.2)
    assert eu.rate("USA", "DEU") == 0.2 and eu.rate("USA", "CHN") == 0.0


def test_mirror_is_reciprocal_retaliation(toy):
    p = (
        Policy.from_baseline(toy)
        .tariff("USA", on="CHN", rate=0.54)
        .tariff("USA", on="DEU", rate=0.2)
    )
    m = p.mirror("USA")
    assert m.rate("CHN", "USA") == pytest.approx(0.54)
    assert m.rate("DEU", "USA") == pytest.approx(0.2)
    assert m.rate("MEX", "USA") == 0.0


def test_policy_is_immutable(toy):
    p = Policy.from_baseline(toy)
    q = p.tariff("USA", on="CHN", rate=1.0)
    assert p.rate("USA", "CHN") == 0.0 and q.rate("USA", "CHN") == 1.0
    with pytest.raises(ValueError):
        q.tariffs[0, 1, 0] = 3.0


@pytest.mark.parametrize("rate", [-1.0, -1.5, float("nan")])
def test_rates_at_or_below_minus_100_percent_are_rejected(toy, rate):
    with pytest.raises(PolicyError, match=r"below -100%|finite"):
        Policy.from_baseline(toy).tariff("USA", on="CHN", rate=rate)


def test_additional_cut_below_minus_100_percent_is_rejected(toy):
    with pytest.raises(PolicyError, match="below -100%"):
        Policy.from_baseline(toy).tariff("USA", on="CHN", rate=-0.99).tariff(
            "USA", on="CHN", rate=-0.5, additional=True
        )


def test_unknown_country_and_sector(toy):
    with pytest.raises(CountryError, match="unknown country 'CHX'"):
        Policy.from_baseline(toy).tariff("USA", on="CHX", rate=0.1)
    with pytest.raises(PolicyError, match="unknown sectors"):
        Policy.from_baseline(toy).tariff("USA", on="CHN", rate=0.1, sectors=["steel"])


def test_export_taxes(toy):
    p = Policy.from_baseline(toy).export_tax("CHN", to="ALL", rate=0.3, exempt=["DEU"])
    assert p.export_taxes[1, 0, 0] == 0.3 and p.export_taxes[1, 2, 0] == 0.0
    with pytest.raises(PolicyError, match=">= 0"):
        p.export_tax("CHN", to="USA", rate=-0.5, additional=True)


def test_trade_cost_shock_cuts_imports_like_a_tariff_but_raises_no_revenue():
    from tests.conftest import toy_baseline
    from tradewar.models import OneSectorModel

    b = toy_baseline(5, seed=3)
    model = OneSectorModel(b)
    base = Policy.from_baseline(b)
    barrier = model.solve(base.trade_cost("USA", on="CHN", change=0.2))
    tariff = model.solve(base.tariff("USA", on="CHN", rate=0.2))
    usa, chn = b.index("USA"), b.index("CHN")
    assert barrier.flows_after[chn, usa, 0] < b.flows[chn, usa, 0]
    assert barrier["revenue_share"][usa] == 0.0 < tariff["revenue_share"][usa]
    assert barrier["welfare"][usa] < tariff["welfare"][usa]  # the barrier wastes the wedge
    # compounding: +20% then -1/6 (i.e. x 1.2 x 5/6 = 1) undoes the shock exactly
    undone = model.solve(
        base.trade_cost("USA", on="CHN", change=0.2).trade_cost("USA", on="CHN", change=-1 / 6)
    )
    np.testing.assert_allclose(undone["welfare"], 0.0, atol=1e-10)
    with pytest.raises(PolicyError, match=r"trade-cost change -1\.5 must be a fraction > -1"):
        base.trade_cost("USA", change=-1.5)


def _loop_tariff(t, baseline, importer, on, rate, additional, floor, exempt):
    """Reference: the cell-by-cell definition of Policy.tariff (one sector)."""
    t = np.array(t)
    excluded = set(baseline.indices(exempt)) if exempt else set()
    for n in dict.fromkeys(baseline.indices(importer)):
        for i in dict.fromkeys(baseline.indices(on)):
            if i == n or i in excluded:
                continue
            new = t[i, n] + rate if additional else np.full_like(t[i, n], rate)
            t[i, n] = new if floor is None else np.maximum(new, floor)
    return t


@settings(max_examples=80, deadline=None)
@given(
    importer=st.sampled_from(["USA", "CHN", "ALL", ("DEU", "MEX")]),
    on=st.sampled_from(["CHN", "ALL", ("USA", "DEU"), ("CHN", "CHN")]),
    rate=st.floats(-0.5, 3.0),
    additional=st.booleans(),
    floor=st.one_of(st.none(), st.floats(0.0, 0.5)),
    exempt=st.sampled_from([(), ("MEX",), ("CHN", "USA")]),
)
def test_vectorised_tariffs_equal_the_cell_by_cell_definition(
    importer, on, rate, additional, floor, exempt
):
    from tests.conftest import toy_baseline

    b = toy_baseline(5, seed=2)
    start = Policy.from_baseline(b).tariff("USA", on="ALL", rate=0.2)
    got = start.tariff(
        importer, on=on, rate=rate, additional=additional, floor=floor, exempt=exempt
    )
    expected = _loop_tariff(start.tariffs, b, importer, on, rate, additional, floor, exempt)
    np.testing.assert_allclose(got.tariffs, expected)
    assert not np.diag(got.tariffs[:, :, 0]).any()
