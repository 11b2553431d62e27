"""One-line readings of the striking values of a scenario path.

A report that prints "shadow export tax 14,277.5%" or "Vietnam −4.11%" owes the reader a
sentence on what the number is and why it is so large. Each function here finds such
values in a :class:`~tradewar.paths.simulate.ScenarioPath` by a stated threshold and returns
its reading, computed from the path (sizes, shares, rates), never hard-coded.
``summary.md`` and ``tradewar run`` print the same readings.

Axis letters: ``i`` exporter, ``n`` importer, ``s`` sector, ``m`` month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradewar.core.baseline import goods_sectors, in_usd_bn
from tradewar.datasets.sector_names import sector_name
from tradewar.paths.simulate import ScenarioPath

#: a shadow price (fraction of the exporter's price) above which it is explained
STRIKING_SHADOW = 1.0
#: a monthly welfare change (%) of any country above which it is explained
STRIKING_WELFARE = 2.0
#: an output change (%) of a country's sector below which it is explained
STRIKING_OUTPUT_FALL = -50.0
#: a controlling exporter's monthly welfare gain (%) above which it is read as the rent
STRIKING_RENT_GAIN = 0.1
#: a destination's controlled purchases (times the baseline quantity) above which ...
STRIKING_SURGE = 1.5
#: at most this many readings of one kind
MOST = 3


def readings(path: ScenarioPath, collected: pd.DataFrame | None = None) -> list[str]:
    """Every reading of the path, in the order a reader meets the numbers; ``collected``
    (:func:`tradewar.reports.customs.customs_frame`) adds the reading of the customs peak."""
    return [
        *shadow_prices(path),
        *controller_gains(path),
        *large_welfare_moves(path),
        *output_collapses(path),
        *controlled_surges(path),
        *([] if collected is None else customs_peak(path, collected)),
    ]


def _size(value: float, unit: str) -> str:
    """A value in the baseline's unit as "USD 1.23 bn" (or "1.23 <unit>" for a non-USD
    unit)."""
    amount, label = in_usd_bn(value, unit)
    return f"USD {amount:,.2f} bn" if label == "USD bn" else f"{amount:,.2f} {label}"


def shadow_prices(path: ScenarioPath) -> list[str]:
    """Each export control's or capacity limit's peak shadow price above
    :data:`STRIKING_SHADOW`: what it measures and who holds the rent."""
    peaks: dict[tuple[str, str, bool], tuple[float, str]] = {}
    holders: dict[tuple[str, str, bool], str] = {}
    for month, res in zip(path.months, path.results, strict=True):
        for c in res.controls:
            key = (c["label"] or c["exporter"], ", ".join(c["sectors"]), bool(c["capacity"]))
            holders[key] = c.get("rent", "exporter")
            if c["shadow_tax"] > peaks.get(key, (-1.0, ""))[0]:
                peaks[key] = (c["shadow_tax"], month)
    lines = []
    for (label, sectors, capacity), (tax, month) in peaks.items():
        if tax <= STRIKING_SHADOW:
            continue
        on = f" on {sectors}" if sectors else ""
        if capacity:
            lines.append(
                f"The {label}{on} peaks at a shadow price of {100 * tax:,.0f}% ({month}): the "
                "scarcity rent of the limited makers (what a buyer would pay above their cost "
                "for one more unit), held by those makers; no one pays it as a tax."
            )
        else:
            lines.append(
                f"The {label}{on} peaks at a shadow export tax of {100 * tax:,.0f}% ({month}): "
                "the scarcity price of a licence (what a buyer abroad would pay above the "
                "exporter's price for one more unit), not a tax anyone pays. "
                + HOLDERS[holders[(label, sectors, capacity)]]
            )
    return lines


#: what :func:`shadow_prices` says of each holder of a licence rent (docs/model.md D.4)
HOLDERS = {
    "exporter": "The scenario gives this rent to the exporter (its licensed shipments sell "
    "at the scarcity price); a refused licence earns nobody a rent.",
    "importer": "The scenario gives this rent to the licensed buyers (a licence goes with a "
    "contract at the contract price); a refused licence earns nobody a rent.",
    "nobody": "The scenario lets nobody hold this rent: applicants compete it away.",
}


def controller_gains(path: ScenarioPath) -> list[str]:
    """The exporter of a binding export control with a welfare gain in a month when the
    control binds: the gain is the licence rent of :func:`shadow_prices`."""
    lines = []
    exporters = sorted(
        {c["exporter"] for r in path.results for c in r.controls if not c["capacity"]}
    )
    rents = path.licence_rents()
    for code in exporters:
        if code not in path.baseline.countries:
            continue
        binding = [
            m
            for m, r in enumerate(path.results)
            if any(c["exporter"] == code and c["shadow_tax"] > 0 for c in r.controls)
        ]
        welfare = path.series("welfare", code)
        best = max(binding, key=lambda m: welfare[m], default=None)
        if best is None or welfare[best] <= STRIKING_RENT_GAIN:
            continue
        held = 0.0 if rents is None else float(rents[best, path.baseline.index(code)])
        if held < welfare[best] / 2:
            continue  # not the rent: the other readings say why
        lines.append(
            f"{code}'s welfare of {welfare[best]:+.2f}% in {path.months[best]} is mostly the "
            f"licence rent above ({held:.2f}% of its income): its licensed exports sell at the "
            f"scarcity price and the scenario pays the difference to {code}. Held by the "
            f"licensed buyers or by nobody (rent: importer | nobody) it is not {code}'s "
            f"(long run: {path.long_run.value('welfare', code):+.2f}%)."
        )
    return lines


def _shortage_note(path: ScenarioPath, m: int, c: int) -> str:
    """Why a critical input's users lost output in month ``m`` in country ``c``: no stocks
    in the scenario (an upper bound), or how much stock they had left."""
    stocks = path.stocks
    if stocks is None:
        return "no stocks in the scenario: an upper bound of the loss"
    left = float(stocks.start[m, c].min()) if stocks.start.shape[2] else 0.0
    return f"its users' stocks were down to {left:.1f} months of use at the start of the month"


def large_welfare_moves(path: ScenarioPath) -> list[str]:
    """Countries whose welfare moves by more than :data:`STRIKING_WELFARE` % in a month
    (the largest first): their exposure that month to the tariffs on their exports and,
    in a scenario with a critical input, to its shortage."""
    b = path.baseline
    welfare = np.array([r.outcomes["welfare"] for r in path.results])  # [m, country]
    peak_month = np.abs(welfare).argmax(axis=0)
    peak = welfare[peak_month, np.arange(b.n_countries)]
    order = [c for c in np.argsort(-np.abs(peak)) if abs(peak[c]) > STRIKING_WELFARE][:MOST]
    goods = goods_sectors(b)
    users = path.critical_users()
    lines = []
    for c in order:
        m = int(peak_month[c])
        code = b.countries[c]
        exports = b.flows[c][:, goods].copy()
        exports[c] = 0.0
        added = path.tariffs[m, c][:, goods] - _base_tariffs(b)[c][:, goods]
        rate = 100 * float((added * exports).sum() / exports.sum())
        facts = [
            f"its goods exports are {100 * exports.sum() / b.gdp[c]:.0f}% of its GDP and met "
            f"{rate:.1f}% more in tariffs that month (weighted over its buyers)"
        ]
        if users:
            made = path.results[m].output_quantity()[c, users]
            sales = b.flows[c, :, users].sum(axis=1)
            share = 100 * sales.sum() / b.flows[c].sum()
            facts.append(
                f"its users of {path.critical_input()} ({share:.0f}% "
                f"of its output) produced {100 * (1 - made.sum() / sales.sum()):.1f}% less that "
                f"month ({_shortage_note(path, m, c)})"
            )
        lines.append(
            f"{code} {peak[c]:+.2f}% in {path.months[m]}: {'; '.join(facts)}. In the first "
            "months buyers cannot yet switch suppliers, so income moves with little offset "
            f"(short run; long run {path.long_run.outcomes['welfare'][c]:+.2f}%)."
        )
    return lines


def output_collapses(path: ScenarioPath) -> list[str]:
    """Country-sectors whose output falls by more than :data:`STRIKING_OUTPUT_FALL` % in
    some month or in the long run (the largest sectors first): how small they are, where
    they sold and what that market added in tariffs."""
    b = path.baseline
    runs = [*path.results, path.long_run]
    if any("unit_cost_hat" not in (r.sector_outcomes or {}) for r in runs):
        return []
    labels = [*path.months, "the long run"]
    sales = b.flows.sum(axis=1)  # [country, sector] sales
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.array(
            [np.where(sales > 0, 100 * (r.output_quantity() / sales - 1), 0.0) for r in runs]
        )  # [run, country, sector]
    worst = change.argmin(axis=0)
    low = change.min(axis=0)
    users = set(path.critical_users())
    hits = [(int(c), int(s)) for c, s in np.argwhere(low < STRIKING_OUTPUT_FALL)]
    hits.sort(key=lambda cs: -sales[cs])  # the largest sectors first
    # a critical input's user at its worst in a month (not the long run): the shortage
    short = [(c, s) for c, s in hits if s in users and worst[c, s] < len(path.months)]
    shortage = set(short)
    other = [hit for hit in hits if hit not in shortage]
    lines = []
    for c, s in [*short[:MOST], *other[:MOST]]:
        code, sector = b.countries[c], sector_name(b.sectors[s])
        when = int(worst[c, s])
        share = 100 * sales[c, s] / sales[c].sum()
        size = f"{_size(sales[c, s], b.unit)} a year, {share:.2f}% of {code}'s output"
        head = f"{code} {sector} output {low[c, s]:+.0f}% in {labels[when]}"
        if (c, s) in short:
            lines.append(
                f"{head} ({size}): a user of {path.critical_input()} cut short of it "
                f"({_shortage_note(path, when, c)})."
            )
            continue
        buyers = b.flows[c, :, s]  # its sales by destination
        main = int(buyers.argmax())
        market = "its home market" if main == c else b.countries[main]
        tariff = ""
        if main != c:
            m = min(when, len(path.months) - 1)  # the long run keeps the last month's policy
            added = 100 * (path.tariffs[m, c, main, s] - _base_tariffs(b)[c, main, s])
            tariff = f", which added {added:.0f}% in tariffs on it ({path.months[m]})"
        small = "a small sector" if share < 1 else "a sector"
        lines.append(
            f"{head}: {small} ({size}) that sold {100 * buyers[main] / buyers.sum():.0f}% of its "
            f"output to {market}{tariff}. In a model of constant returns a sector whose buyers "
            "switch suppliers or cut their own output can shrink to almost nothing."
        )
    return lines


def controlled_surges(path: ScenarioPath) -> list[str]:
    """Destinations that buy more than :data:`STRIKING_SURGE` times their baseline
    quantity of a controlled sector: exempt buyers take what licensed ones cannot."""
    b = path.baseline
    events = [e for e in path.scenario.events if e.instrument == "export_control"]
    if not events:
        return []
    exporter = events[0].actor
    i = b.index(exporter)
    groups = {"EU27": [k for k in b.indices("EU27") if k != i]} if "EU27" not in b.countries else {}
    for code in path.scenario.focus:
        if code != exporter and code in b.countries:
            groups[code] = [b.index(code)]
    lines = []
    for sector in events[0].sectors or []:
        s = b.sectors.index(sector)
        for label, dest in groups.items():
            before = b.flows[i, dest, s].sum()
            if before <= 0:
                continue
            ratio = (
                np.array(
                    [
                        r.flows_after[i, dest, s].sum() / r.sector_outcomes["unit_cost_hat"][i, s]
                        for r in path.results
                    ]
                )
                / before
            )
            m = int(ratio.argmax())
            if ratio[m] > STRIKING_SURGE:
                lines.append(
                    f"{label} buys {ratio[m]:.1f} times its pre-war quantity of {sector} from "
                    f"{exporter} in {path.months[m]}: exempt from licensing, its buyers pay "
                    f"{exporter}'s price, which falls when licensed sales are capped, while "
                    "makers elsewhere are short of supply; so its purchases rise above their "
                    "pre-war level."
                )
    return lines[:MOST]


def customs_peak(path: ScenarioPath, collected: pd.DataFrame) -> list[str]:
    """The month of the largest US customs receipts: on which rates (as paid or as
    written), and what the collection ladder makes of that month where customs.csv has it."""
    us = collected[collected["importer"] == "USA"]
    if us.empty:
        return []
    top = us.loc[us["duties_usd"].idxmax()]
    rate = 100 * top["duties_usd"] / top["imports_usd"]
    paid = any(event.enacted == "us_paid" for event in path.scenario.events)
    rates = (
        "the US rates as paid (us_paid: the enacted rates after USMCA claims, product "
        "shifting and undervaluation) on top of the baseline's applied tariffs"
        if paid
        else "the statutory rates collected in full"
    )
    line = (
        f"US customs duties peak at USD {top['duties_usd'] / 1e9:,.1f} bn in {top['month']} "
        f"({rate:.1f}% of that month's imports): {rates} on the model's US imports (valued "
        "as the baseline values them), paid a month after the goods arrive."
    )
    ladder = top.get("collected_ladder_usd")
    if ladder is not None and np.isfinite(ladder) and top.get("imports_customs_usd", 0) > 0:
        share = 100 * ladder / top["imports_customs_usd"]
        if paid:
            line += (
                f" The collection ladder under the same imports (customs.csv) collects USD "
                f"{ladder / 1e9:,.1f} bn, {share:.1f}% of imports: it works line by line on "
                "each partner's 2024 lines instead of the path's mix of partners and "
                "sectors, and adds de minimis parcels."
            )
        else:
            line += (
                f" After USMCA claims, product shifting, undervaluation and de minimis (the "
                f"collection ladder, customs.csv) the same month collects USD "
                f"{ladder / 1e9:,.1f} bn, {share:.1f}% of imports: the path's own duties stay "
                "statutory, so they are upper bounds."
            )
    elif not paid:
        line += (
            " No USMCA claims, product shifting or undervaluation are in these duties, and "
            "in 2025 the US collected about half the statutory rate, so receipts are upper "
            "bounds."
        )
    return [line]


def _base_tariffs(b) -> np.ndarray:
    """The baseline's applied tariffs (N, N, S), zeros when it has none."""
    return np.zeros(b.flows.shape) if b.tariffs is None else np.asarray(b.tariffs)
