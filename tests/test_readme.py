"""The README's figures of the main job and of the test suite, checked against a run.

"The README" here is README.md and the pages of ``docs/`` it points to (the site's
sources): a figure moved between them is still checked.

Each test finds a sentence or table row of README.md by its words and compares the
numbers printed there with what the code produces now, so a README that drifts from the
tool fails the suite. (Timings are measured ranges, stated with their load, and are not
checked here.)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
_TEXTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
README = " ".join(  # one line, single spaces
    " ".join(path.read_text().split()) for path in _TEXTS if "generated" not in path.parts
)
NUMBER = r"([−+-]?[0-9][0-9,]*(?:\.[0-9]+)?)"


def _num(text: str) -> float:
    return float(text.replace("−", "-").replace(",", ""))


def _find(pattern: str) -> tuple[float, ...]:
    """The numbers of the first match of ``pattern`` (``{n}`` stands for a number)."""
    match = re.search(pattern.replace("{n}", NUMBER), README)
    assert match, f"README no longer says: {pattern}"
    return tuple(_num(g) for g in match.groups())


@pytest.fixture(scope="module")
def users(main_job_path):
    """Output of magnet users by region and month, % of the baseline (the focus regions,
    the EU, Japan and India)."""
    from tradewar.paths.path import ScenarioPath

    original = ScenarioPath.user_regions
    b = main_job_path.baseline

    def with_japan_and_india(path):
        return {**original(path), "JPN": [b.index("JPN")], "IND": [b.index("IND")]}

    ScenarioPath.user_regions = with_japan_and_india
    try:
        return main_job_path.users_output()
    finally:
        ScenarioPath.user_regions = original


@pytest.mark.slow
@pytest.mark.parametrize(
    ("row", "region"),
    [("United States", "USA"), ("EU27", "EU27"), ("Japan", "JPN"), ("India", "IND")],
)
def test_motor_vehicle_table(users, row, region):
    april, may, june = _find(rf"\| {row} \| {{n}} \| {{n}} \| {{n}} \|")
    model = users.loc[["2025-04", "2025-05", "2025-06"], f"{region} C29"].to_numpy()
    np.testing.assert_allclose([april, may, june], model, atol=0.11)


@pytest.mark.slow
def test_magnet_users_in_april(users):
    us, eu, vnm, china = _find(
        r"All magnet users together lose {n}% in the US, {n}% in the EU and {n}% in "
        r"Vietnam in April 2025, and China's users {n}%"
    )
    april = users.loc["2025-04"]
    np.testing.assert_allclose(
        [-us, -eu, -vnm, -china],
        [april["USA users"], april["EU27 users"], april["VNM users"], april["CHN users"]],
        atol=0.055,
    )


def _magnet_pool_taxes(path, months: list[str], pool: str) -> np.ndarray:
    """The shadow taxes of the magnet pool whose label ends with ``pool`` (e.g. "USA
    pool") in ``months``; 0 in a month without it."""
    out = []
    for month in months:
        res = path.results[path.months.index(month)]
        taxes = [
            c["shadow_tax"]
            for c in res.controls
            if c["sectors"] == ("Magnets",) and not c["capacity"] and c["label"].endswith(pool)
        ]
        out.append(max(taxes, default=0.0))
    return np.array(out)


@pytest.mark.slow
def test_shadow_prices_of_the_magnet_licences(main_job_path):
    june, july = _find(
        r"The shadow export tax of the US magnet pool is 0% in April and May \(the stocks\), "
        r"{n}% in June and {n}% in July"
    )
    spring = ["2025-04", "2025-05", "2025-06", "2025-07"]
    taxes = 100 * _magnet_pool_taxes(main_job_path, spring, "USA pool")
    np.testing.assert_allclose(taxes, [0.0, 0.0, june, july], atol=0.051)
    # every other pool of China's stays slack (the US jet-engine control of June binds)
    rest = [
        c["shadow_tax"]
        for r in main_job_path.results
        for c in r.controls
        if not c["capacity"] and c["exporter"] == "CHN" and not c["label"].endswith("USA pool")
    ]
    assert max(rest) == 0.0
    (engines,) = _find(r"the US control on jet engines binds in June at {n}%")
    june_controls = main_job_path.results[main_job_path.months.index("2025-06")].controls
    (control,) = [c for c in june_controls if c["label"] == "US controls on jet engines"]
    assert 100 * control["shadow_tax"] == pytest.approx(engines, abs=0.51)


@pytest.mark.slow
def test_welfare_by_month(main_job_path):
    frame = main_job_path.welfare_by_month()
    us_april, band, us_low, us_high, china_april, world_april, world_long = _find(
        r"In the main job US welfare is {n}% in April 2025 and within ±{n}% from January to "
        r"September 2025; from October 2025 the US loses {n}–{n}% a month; China's is {n}% "
        r"in April .*? the world loses in every month \({n}% in April\) and {n}% in the long run"
    )
    assert frame.loc["2025-04", "USA"] == pytest.approx(us_april, abs=0.0006)
    assert frame.loc["2025-01":"2025-09", "USA"].abs().max() <= band
    later = -frame.loc["2025-10":"2026-10", "USA"]
    assert us_low - 0.0006 < later.min() and later.max() < us_high + 0.0006
    assert frame.loc["2025-04", "CHN"] == pytest.approx(china_april, abs=0.0006)
    assert (frame.loc["2025-05":"2026-10", "CHN"] < 0).all()
    assert (frame.loc["2025-02":"2026-10", "world"] < 0).all()
    assert frame.loc["2025-04", "world"] == pytest.approx(world_april, abs=0.0006)
    assert frame.loc["long run", "world"] == pytest.approx(world_long, abs=0.0006)


@pytest.mark.slow
def test_motor_vehicles_after_may_2025(users):
    june, august, december, low, high = _find(
        r"US motor-vehicle output {n}% below the baseline in June 2025, {n}% in August, "
        r"{n}% in December and {n}–{n}% in 2026"
    )
    us = -users["USA C29"]
    assert us["2025-06"] == pytest.approx(june, abs=0.051)
    assert us["2025-08"] == pytest.approx(august, abs=0.051)
    assert us["2025-12"] == pytest.approx(december, abs=0.051)
    in_2026 = us.loc["2026-01":]
    assert low - 0.051 < in_2026.min() and in_2026.max() < high + 0.051


def _collected(*args: str) -> int:
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    match = re.search(r"(\d+)(?:/\d+)? tests? collected", out)
    assert match, out[-2000:]
    return int(match.group(1))


@pytest.mark.slow
def test_test_counts():
    whole, fast = _find(r"the whole test suite \({n} tests.*?`pytest -m \"not slow\"` \({n} tests")
    assert whole == _collected()
    assert fast == _collected("-m", "not slow")


# -- "Monthly trade as recorded, and checked against 2025" ------------------------------
@pytest.fixture(scope="module")
def recorded(main_job_path):
    return main_job_path.recorded  # the default RecordingParams


@pytest.fixture(scope="module")
def validated(main_job_path, recorded):
    """The validate table of the main job (the no-war path growing as ``validate``'s
    default has it): series, month, observed, model."""
    from tradewar.reports import growth, validation

    months = main_job_path.months
    frame = validation.load_observed(validation.reported_file(), months, strict=False)
    series = validation.model_series(recorded, main_job_path.baseline, main_job_path.records)
    trend = growth.choose("data")
    return validation.compare(frame, months, series, trend).set_index(["series", "month"])


def _pairs(validated, series: str, months: list[str], pairs, scale: float = 1.0) -> None:
    for month, (model, observed) in zip(months, pairs, strict=True):
        row = validated.loc[(series, month)]
        assert row["model"] / scale == pytest.approx(model, abs=0.051), (series, month)
        assert row["observed"] / scale == pytest.approx(observed, abs=0.051), (series, month)


def _split(numbers: tuple[float, ...]) -> list[tuple[float, float]]:
    return list(zip(numbers[::2], numbers[1::2], strict=True))


SPRING = ["2025-02", "2025-03", "2025-04", "2025-05"]


@pytest.mark.slow
def test_validate_figures(validated):
    yoy = _find(
        r"China's exports to the US in % y/y {n} / {n} \(February\), {n} / {n} \(March\), "
        r"{n} / {n} \(April\), {n} / {n} \(May\)"
    )
    _pairs(validated, "CHN_exports_to_USA_yoy", SPRING, _split(yoy))
    level = _find(r"in USD bn {n} / {n} \(April\) and {n} / {n} \(May\)")
    _pairs(validated, "CHN_exports_to_USA", SPRING[2:], _split(level))
    census = _find(
        r"US imports from China \(Census, arrivals\) {n} / {n} \(January\), {n} / {n}, "
        r"{n} / {n}, {n} / {n}, {n} / {n} \(May\) USD bn"
    )
    _pairs(validated, "US_imports_from_CHN_census", ["2025-01", *SPRING], _split(census), 1e3)
    duties = _find(
        r"scaled to the year-earlier receipts\) {n} / {n} \(February\), {n} / {n} \(March\), "
        r"{n} / {n} \(April\), {n} / {n} \(May\) USD bn"
    )
    _pairs(validated, "US_customs_duties", SPRING, _split(duties))
    magnets = _split(
        _find(
            r"world {n} / {n} \(the pools' rates are read from it and from the US\), "
            r"US {n} / {n}, Germany {n} / {n}"
        )
    )
    for code, (model, observed) in zip(("world", "USA", "DEU"), magnets, strict=True):
        row = validated.loc[(f"CHN_RE_magnet_exports_{code}_yoy", "2025-05")]
        assert row["model"] == pytest.approx(model, abs=0.51), code
        assert row["observed"] == pytest.approx(observed, abs=0.51), code


@pytest.mark.slow
def test_customs_on_the_models_own_base(main_job_path, recorded, dataset):
    from tradewar.reports import customs

    dataset("observed_2025")  # the Treasury's receipts
    us = customs.customs_frame(main_job_path)
    us = us[us["importer"] == "USA"].set_index("month")["duties_usd"] / 1e9
    observed = customs.observed_us().set_index("month")["duties_usd"] / 1e9
    pairs = _split(
        _find(
            r"\(`observed_2025/us_customs_duties_and_imports_monthly_1982_2025-05.csv`\) "
            r"{n} / {n} \(January\), {n} / {n}, {n} / {n}, {n} / {n}, {n} / {n} \(May\)"
        )
    )
    for month, (model, seen) in zip(["2025-01", *SPRING], pairs, strict=True):
        assert us[month] == pytest.approx(model, abs=0.051), month
        assert observed[month] == pytest.approx(seen, abs=0.051), month


def _within(values, low: float, high: float, slack: float = 0.5) -> None:
    assert low - slack <= min(values) and max(values) <= high + slack, (list(values), low, high)


@pytest.mark.slow
def test_what_the_model_says_after_may_2025(main_job_path, recorded):
    from tradewar.core.baseline import goods_sectors
    from tradewar.reports import customs

    b = main_job_path.baseline
    months = main_job_path.months
    i, n, goods = b.index("CHN"), b.index("USA"), goods_sectors(b)
    below = 100 * (
        1
        - recorded.shipped[:, i, n, goods].sum(axis=1) / recorded.no_war[:, i, n, goods].sum(axis=1)
    )
    below = dict(zip(months, below, strict=True))
    low25, high25, low26, high26 = _find(
        r"China's goods exports to the US {n}–{n}% below the no-war path from June 2025 to "
        r"the end of the year and {n}–{n}% below in 2026"
    )
    _within([below[m] for m in months if "2025-06" <= m <= "2025-12"], low25, high25)
    _within([below[m] for m in months if m >= "2026-01"], low26, high26)

    duties = customs.customs_frame(main_job_path)
    duties = duties[duties["importer"] == "USA"].set_index("month")["duties_usd"] / 1e9
    peak, jul_lo, jul_hi, feb_lo, feb_hi, april, may_lo, may_hi = _find(
        r"US customs receipts peak at USD {n} bn in June 2025 .*? run at {n}–{n} bn a month "
        r"from July 2025 to January 2026, {n}–{n} bn in February and March 2026, {n} bn in "
        r"April and {n}–{n} bn a month from May 2026"
    )
    assert duties.idxmax() == "2025-06" and duties.max() == pytest.approx(peak, abs=0.5)
    _within(duties.loc["2025-07":"2026-01"], jul_lo, jul_hi)
    _within(duties.loc["2026-02":"2026-03"], feb_lo, feb_hi)
    assert duties["2026-04"] == pytest.approx(april, abs=0.5)
    _within(duties.loc["2026-05":], may_lo, may_hi)


@pytest.mark.slow
def test_magnet_tonnes_after_may_2025(main_job_path):
    _, panels = main_job_path.controlled_exports()
    unit, lines = panels["Magnets"]
    assert unit == "tonnes a month"
    months = main_job_path.months
    world = dict(zip(months, sum(lines.values()), strict=True))
    usa = dict(zip(months, lines["to USA"], strict=True))
    spring, us_spring, before, june, july, lo, hi, us_lo, us_hi, late_lo, late_hi = _find(
        r"China's magnet exports at the pools' rates in April and May \(about {n} t a month, "
        r"{n} t of them to the US, against {n} t a month in 2024\), climbing with London's "
        r"approvals to {n} t in June and {n} t in July, then {n}–{n} t a month from August to "
        r"December 2025 while users rebuild their stocks \({n}–{n} t a month to the US\) and "
        r"{n}–{n} t a month from February 2026"
    )
    for month in ("2025-04", "2025-05"):
        assert world[month] == pytest.approx(spring, abs=1)
        assert usa[month] == pytest.approx(us_spring, abs=1)
    assert world["2025-01"] == pytest.approx(before, abs=1)
    assert world["2025-06"] == pytest.approx(june, abs=1)
    assert world["2025-07"] == pytest.approx(july, abs=1)
    rebuilding = [m for m in months if "2025-08" <= m <= "2025-12"]
    _within([world[m] for m in rebuilding], lo, hi, slack=1)
    _within([usa[m] for m in rebuilding], us_lo, us_hi, slack=1)
    _within([world[m] for m in months if m >= "2026-02"], late_lo, late_hi, slack=1)


@pytest.mark.slow
def test_the_ladder_against_spring_2025(dataset):
    from tradewar.core.months import month_range
    from tradewar.enacted import build, collected

    for name in ("us_tariffs_2025_tradewartracker", "trade_elasticities", "observed_2025"):
        dataset(name)
    inputs = build.read_inputs()
    steps = collected.read_ladder_inputs(inputs, collected.CollectionParams())
    frame = collected.ladder(steps, month_range("2025-01", "2025-05"))
    table = collected.against_observed(frame, inputs.weights).set_index("month")
    rates = _split(_find(r"February–May 2025: \*\*{n} / {n}, {n} / {n}, {n} / {n}, {n} / {n}%"))
    for month, (model, seen) in zip(SPRING, rates, strict=True):
        assert table.loc[month, "collected_rate"] == pytest.approx(model, abs=0.006), month
        assert table.loc[month, "observed_rate"] == pytest.approx(seen, abs=0.006), month
    for group, country in (("canada", "Canada"), ("mexico", "Mexico")):
        pairs = _split(_find(rf"{country} {{n}} / {{n}}, {{n}} / {{n}}, {{n}} / {{n}}%"))
        for month, (model, seen) in zip(SPRING[1:], pairs, strict=True):
            assert table.loc[month, f"dutiable_{group}"] == pytest.approx(model, abs=0.051)
            assert table.loc[month, f"observed_dutiable_{group}"] == pytest.approx(seen, abs=0.051)


@pytest.mark.slow
def test_the_ladder_under_the_main_job(main_job_path):
    from tradewar.reports import customs

    frame = customs.customs_frame(main_job_path)
    us = frame[frame["importer"] == "USA"].set_index("month")
    june, low, high, rate_low, rate_high, march, ref_low, ref_high = _find(
        r"collects USD {n} bn in June 2025 and\s+{n}–{n} bn a month from July 2025 to February "
        r"2026 \({n}–{n}% of imports at declared\s+values\), and the IEEPA refunds come to USD "
        r"{n} bn in March 2026 and {n}–{n} bn a\s+month from April to October 2026"
    )
    collected = us["collected_ladder_usd"] / 1e9
    assert collected["2025-06"] == pytest.approx(june, abs=0.051)
    _within(collected.loc["2025-07":"2026-02"], low, high)
    rate = 100 * us["collected_ladder_usd"] / us["imports_customs_usd"]
    _within(rate.loc["2025-07":"2026-02"], rate_low, rate_high, slack=0.051)
    refunds = us["refunds_usd"] / 1e9
    assert refunds["2026-03"] == pytest.approx(march, abs=0.051)
    _within(refunds.loc["2026-04":"2026-10"], ref_low, ref_high, slack=0.051)


@pytest.mark.slow
def test_nexperia_stocks_carry_car_makers_through_october_and_the_ban_bites_without_them(
    main_job_path,
):
    from tradewar.paths.path import ScenarioPath
    from tradewar.paths.simulate import simulate

    (october,) = _find(r"US motor-vehicle output is {n}% in October 2025 with or without the ban")
    users = main_job_path.users_output()
    assert users.loc["2025-10", "USA C29"] == pytest.approx(october, abs=0.005)
    frame = main_job_path.controls_frame()
    (ban,) = frame[(frame.month == "2025-10") & (frame.label == "Nexperia export ban")].itertuples()
    assert ban.shadow_tax == 0.0 and ban.stock_months == pytest.approx(1.5)
    start, after = _find(
        r"US car makers hold {n} months at the start of October and {n} at the start of November"
    )
    _, panels = main_job_path.controlled_exports()
    _, stocks = panels["Nexperia chips: users' stocks"]
    months = main_job_path.months
    assert stocks["in USA"][months.index("2025-10")] == pytest.approx(start, abs=0.005)
    assert stocks["in USA"][months.index("2025-11")] == pytest.approx(after, abs=0.005)
    # without the November exemptions
    dec_us, dec_mex, dec_jpn, dec_eu = _find(
        r"in December US car output is {n}% \(main job −3.4%\), Mexico's {n}%, Japan's {n}% "
        r"and the EU's {n}%"
    )
    (shadow,) = _find(r"the ban's shadow tax is {n} times the price")
    main = main_job_path.scenario
    kept = [
        e
        for e in main.events
        if not (e.instrument == "export_control" and e.sectors == ["Nexperia chips"] and e.lift)
    ]
    original = ScenarioPath.user_regions
    ScenarioPath.user_regions = lambda path: {**original(path), "JPN": [path.baseline.index("JPN")]}
    try:
        path = simulate(main.model_copy(update={"events": kept, "end": "2025-12"}))
        december = path.users_output().loc["2025-12"]
    finally:
        ScenarioPath.user_regions = original
    np.testing.assert_allclose(
        [december[f"{r} C29"] for r in ("USA", "MEX", "JPN", "EU27")],
        [dec_us, dec_mex, dec_jpn, dec_eu],
        atol=0.051,
    )
    taxes = path.controls_frame()
    (row,) = taxes[(taxes.month == "2025-12") & (taxes.label == "Nexperia export ban")].itertuples()
    assert row.shadow_tax == pytest.approx(shadow, abs=0.51)


@pytest.mark.slow
def test_who_pays_figures(main_job_path):
    """The "Who pays" section: border pass-through, US prices, the decile table of 1
    November 2025 and the revenue window."""
    import datetime as dt

    import numpy as np

    from tradewar.paths import households, prices
    from tradewar.reports import revenue, who_pays

    chain = prices.chain_prices(main_job_path)
    frame = who_pays.prices_frame(main_job_path, chain)
    us = frame[(frame.importer == "USA") & (frame.sector == "all goods")]
    table = us.pivot(index="month", columns="partner", values="border_pass_through")
    for partner, label in (("CHN", "China"), ("EU27", "EU"), ("VNM", "Viet Nam")):
        expected = _find(rf"\| {label} \| {{n}} \| {{n}} \| {{n}} \| {{n}} \| {{n}} \|")
        got = table.loc[["2025-04", "2025-06", "2025-09", "2025-12", "2026-03"], partner]
        np.testing.assert_allclose(got, expected, atol=0.006)

    b = main_job_path.baseline
    n = b.index("USA")
    demand = b.final_demand()[n].clip(0)
    months = main_job_path.months
    index = [
        100 * ((1 + r.value("prices", "USA") / 100) / (1 + r.value("wage", "USA") / 100) - 1)
        for r in [main_job_path.results[months.index(m)] for m in ("2025-04", "2025-06", "2025-12")]
    ]
    lr = main_job_path.long_run
    index.append(
        100 * ((1 + lr.value("prices", "USA") / 100) / (1 + lr.value("wage", "USA") / 100) - 1)
    )
    shop = [
        100 * np.expm1(chain.shop[months.index(m), n]) @ demand / demand.sum()
        for m in ("2025-04", "2025-06", "2025-12")
    ] + [100 * np.expm1(chain.long_run_shop[n]) @ demand / demand.sum()]
    found = _find(
        r"\+{n} in April 2025, \+{n} in June, \+{n} in December, \+{n} in the long run; shop "
        r"prices \(all final demand\) \+{n}, \+{n}, \+{n} and \+{n}"
    )
    np.testing.assert_allclose(index + shop, found, atol=0.006)

    table = households.on_date(main_job_path.scenario, dt.date(2025, 11, 1), baseline=b)
    for decile, label in (
        ("1", "lowest"),
        ("5", "fifth"),
        ("10", "highest"),
        ("all", "all households"),
    ):
        nums = _find(rf"\| {label} \| {{n}} · {{n}}% · {{n}}% \| {{n}} · {{n}}% · {{n}}% \|")
        row = table.loc[decile]
        got = [
            row.before_usd_per_household, row.before_pct_of_spending, row.before_pct_of_income,
            row.after_usd_per_household, row.after_pct_of_spending, row.after_pct_of_income,
        ]  # fmt: skip
        np.testing.assert_allclose(got, nums, rtol=0.002, atol=0.06)

    window = revenue.revenue_frame(main_job_path).set_index("fiscal_year")
    fy25, fy26, conventional, net, dynamic = _find(
        r"FY2025 \(January–September on the path\) USD {n} bn, FY2026 USD {n} bn; "
        r"FY2025–FY2034 USD {n} bn conventional, USD {n} bn net of the offset, USD {n} bn dynamic"
    )
    total = window.loc["FY2025-FY2034"]
    np.testing.assert_allclose(
        [window.loc["FY2025", "conventional_usd_bn"], window.loc["FY2026", "conventional_usd_bn"],
         total.conventional_usd_bn, total.net_of_offset_usd_bn, total.dynamic_usd_bn],
        [fy25, fy26, conventional, net, dynamic],
        atol=0.6,
    )  # fmt: skip
