"""A scenario's monthly path and the tables derived from it.

:class:`ScenarioPath` holds the monthly results of :func:`tradewar.paths.simulate.simulate`
and computes what reports, the web app and the uncertainty draws read from it: the
summary, welfare by month, flows as recorded, output quantities, the controlled exports,
the users of a critical input, a NetCDF dataset. Its trade as recorded
(:mod:`tradewar.paths.recorded_trade`) is computed once, when first asked for.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradewar.core.baseline import USD_PER_UNIT, Baseline, goods_sectors
from tradewar.core.results import Results
from tradewar.datasets import magnets
from tradewar.datasets.sector_names import sector_name
from tradewar.models.multisector_model import critical_inputs
from tradewar.paths.events import controlled_sectors
from tradewar.paths.inventories import StockPath
from tradewar.paths.mirror import Records, records
from tradewar.paths.recorded_trade import RecordedTrade, record
from tradewar.paths.scenario import Scenario
from tradewar.paths.timeline import Timeline

#: Units of outcomes that are not percent changes from the baseline.
UNITS = {
    "revenue_share": "percent of baseline expenditure",
    "export_tax_revenue": "baseline unit per year",
}


@dataclass(frozen=True)
class ScenarioPath:
    """Monthly results of a scenario (``results[k]`` is month ``months[k]``) and the
    statutory tariffs of each month, ``tariffs`` (M, N, N, S), day-weighted as in
    :func:`tradewar.paths.timeline.monthly_wedges` (what customs charge on that month's
    shipments)."""

    scenario: Scenario
    baseline: Baseline
    months: list[str]
    results: list[Results]
    long_run: Results
    tariffs: np.ndarray
    timeline: Timeline
    stocks: StockPath | None = None

    def series(self, column: str, country: str) -> np.ndarray:
        """One outcome of one country by month (percent)."""
        return np.array([r.value(column, country) for r in self.results])

    def critical_input(self) -> str | None:
        """The scenario's critical inputs as words (``"Magnets"``, ``"Magnets and Chips"``),
        if its model has any."""
        sectors = [sector_name(o["sector"]) for o in self._nests()]
        if not sectors:
            return None
        return sectors[0] if len(sectors) == 1 else ", ".join(sectors[:-1]) + " and " + sectors[-1]

    def critical_users(self) -> list[int]:
        """Indices of the critical inputs' using sectors (the ``users`` the scenario names,
        else every other sector; all nests together); empty without a critical input."""
        b = self.baseline
        used: list[str] = []
        for nest in self._nests():
            used += nest.get("users") or [s for s in b.sectors if s != nest.get("sector")]
        return [b.sectors.index(u) for u in dict.fromkeys(used) if u in b.sectors]

    def _nests(self) -> list[dict]:
        return critical_inputs(self.scenario.model.get("critical_input"))

    @functools.cached_property
    def recorded(self) -> RecordedTrade:
        """Trade as customs record it (:func:`tradewar.paths.recorded_trade.record`)."""
        return record(self)

    @functools.cached_property
    def records(self) -> Records:
        """Trade as each side records it, with the parts of the gap and rerouting
        (:func:`tradewar.paths.mirror.records`)."""
        return records(self)

    def bilateral(self, exporter: str, importer: str) -> np.ndarray:
        """Monthly tariff-exclusive flow exporter -> importer (baseline unit per month)."""
        return np.array([r.bilateral(exporter, importer)[1] / 12 for r in self.results])

    def summary_frame(self) -> pd.DataFrame:
        """One row per focus country (the summary's table): welfare in the last month, on
        average over the path and in the long run, prices in the last month, the licence
        rent held and employment and real wages where the model has them (%)."""
        rows = {}
        available = self.results[0].outcomes
        rents = self.licence_rents()
        for code in self.scenario.focus:
            welfare = self.series("welfare", code)
            rows[code] = {
                "welfare, last month (%)": welfare[-1],
                "welfare, mean over path (%)": welfare.mean(),
                "welfare, long run (%)": self.long_run.value("welfare", code),
                "prices, last month (%)": self.series("prices", code)[-1],
            }
            if rents is not None:
                label = "licence rent held, mean over path (% of income)"
                rows[code][label] = rents[:, self.baseline.index(code)].mean()
            for column in ("employment", "real_wage"):
                if column in available:
                    label = f"{column.replace('_', ' ')}, last month (%)"
                    rows[code][label] = self.series(column, code)[-1]
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "country"
        return frame

    def licence_rents(self) -> np.ndarray | None:
        """Licence rents each country holds by month, (M, N), percent of its baseline
        income (docs/model.md D.4: the exporter's, the licensed importer's, or nobody's);
        None when no month has an export control."""
        if not any("licence_rent" in r.levels for r in self.results):
            return None
        return np.array(
            [
                100
                * r.levels.get("licence_rent", np.zeros(len(r.countries)))
                / r.levels["income_baseline"]
                for r in self.results
            ]
        )

    def welfare_by_month(self) -> pd.DataFrame:
        """Welfare (%) of the focus countries and of the world (expenditure-weighted) by
        month, with the long run as the last row."""
        rows = {}
        months = [*zip(self.months, self.results, strict=True), ("long run", self.long_run)]
        for label, res in months:
            weights = res.expenditure
            rows[label] = {
                **{code: res.value("welfare", code) for code in self.scenario.focus},
                "world": float((res.outcomes["welfare"] * weights).sum() / weights.sum()),
            }
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "month"
        return frame

    def monthly_long(self) -> pd.DataFrame:
        """Monthly flows from or to focus countries, long form, USD per month: ``value_usd``
        shipped (tariff-exclusive, with stock-building), ``arrival_usd`` (arrived that
        month) and ``no_war_usd`` (the same month without any event); the two records
        (:attr:`records`): ``exporter_fob_usd`` (the exporter's customs, FOB, at shipment)
        and ``importer_customs_usd`` (the importer's, customs value at arrival, as
        declared), the parts of their gap ``gap_<part>_usd``
        (:data:`tradewar.paths.mirror.PARTS`) and ``rerouted_usd`` (change of the records
        from goods routed through hubs)."""
        recorded, both = self.recorded, self.records
        b = self.baseline
        focus = [b.index(c) for c in self.scenario.focus]
        N = b.n_countries
        mask = np.zeros((N, N), bool)
        mask[focus, :] = True
        mask[:, focus] = True
        np.fill_diagonal(mask, False)
        i, n, k = np.nonzero(mask[:, :, None] & (b.flows > 0))
        frames = []
        for m, month in enumerate(self.months):
            columns = {
                "month": month,
                "exporter": np.array(b.countries)[i],
                "importer": np.array(b.countries)[n],
                "sector": np.array(b.sectors)[k],
                "value_usd": recorded.shipped[m, i, n, k],
                "arrival_usd": recorded.arrived[m, i, n, k],
                "no_war_usd": recorded.no_war[m, i, n, k],
                "exporter_fob_usd": both.exporter[m, i, n, k],
                "importer_customs_usd": both.importer[m, i, n, k],
            }
            for part, values in both.parts.items():
                columns[f"gap_{part}_usd"] = values[m, i, n, k]
            columns["rerouted_usd"] = both.routed[m, i, n, k]
            frames.append(pd.DataFrame(columns))
        return pd.concat(frames, ignore_index=True)

    def output_quantities(self) -> np.ndarray:
        """Gross output by month as a quantity, [month, country, sector] in the baseline's
        unit per year at baseline prices: producer values deflated by the producer's unit
        cost (multi-sector models, whose results carry ``unit_cost_hat``)."""
        return np.array([r.output_quantity() for r in self.results])

    def to_dataset(self):
        """All monthly outcomes and flows as an ``xarray.Dataset``; every variable carries
        ``units`` and ``long_name`` attributes (flows in USD per month, as ``monthly.csv``)."""
        import xarray as xr

        from tradewar.core.results import COLUMNS

        b = self.baseline
        scale = USD_PER_UNIT.get(b.unit, 1.0) / 12
        columns = list(self.results[0].outcomes)
        data = {
            c: xr.Variable(
                ("month", "country"),
                np.array([r.outcomes[c] for r in self.results]),
                attrs={
                    "long_name": COLUMNS.get(c, c.replace("_", " ")),
                    "units": UNITS.get(c, "percent change from the baseline"),
                },
            )
            for c in columns
        }
        if "unit_cost_hat" in self.results[0].sector_outcomes:  # multi-sector models
            sales = b.flows.sum(axis=1)
            data["sector_output"] = xr.Variable(
                ("month", "country", "sector"),
                100 * (self.output_quantities() / np.where(sales > 0, sales, 1.0) - 1),
                attrs={
                    "long_name": "gross output, quantity (value deflated by unit cost)",
                    "units": "percent change from the baseline",
                },
            )
            data["sector_prices"] = xr.Variable(
                ("month", "country", "sector"),
                np.array([r.sector_outcomes["prices"] for r in self.results]),
                attrs={
                    "long_name": "sector price index buyers pay",
                    "units": "percent change from the baseline",
                },
            )
        data["flows"] = xr.Variable(
            ("month", "exporter", "importer", "sector"),
            np.array([r.flows_after * scale for r in self.results], dtype="float32"),
            attrs={
                "long_name": "tariff-exclusive trade flows (domestic sales on the diagonal)",
                "units": "USD per month" if b.unit in USD_PER_UNIT else f"{b.unit} per month",
            },
        )
        return xr.Dataset(
            data,
            coords={
                "month": self.months,
                "country": list(b.countries),
                "exporter": list(b.countries),
                "importer": list(b.countries),
                "sector": list(b.sectors),
            },
            attrs={
                "scenario": self.scenario.name,
                "baseline": b.source,
                "baseline_unit": b.unit,
                "outcomes": "percent changes from the baseline in each month (short run)",
            },
        )

    def us_china_trade(self) -> dict[str, np.ndarray]:
        """US-China trade by month as % of the same record without the war, as each side
        records it (:attr:`records`): the exporter's customs (FOB, at shipment) and the
        importer's (customs value at arrival), each direction."""
        both = self.records
        b = self.baseline
        goods = goods_sectors(b)
        trade = {}
        for exp, imp in (("CHN", "USA"), ("USA", "CHN")):
            if exp in b.countries and imp in b.countries:
                i, n = b.index(exp), b.index(imp)
                for side, flows, no_war in (
                    (f"recorded by {exp}", both.exporter, both.no_war_exporter),
                    (f"recorded by {imp}", both.importer, both.no_war_importer),
                ):
                    values = flows[:, i, n][:, goods].sum(axis=1)
                    trade[f"{exp} → {imp}, {side}"] = (
                        100 * values / no_war[:, i, n][:, goods].sum(axis=1)
                    )
        return trade

    def controlled_exports(self) -> tuple[str, dict[str, tuple[str, dict]]]:
        """Monthly exports of the export-controlled exporter (the one whose sales users stock,
        else the first), each sector it controls in the scenario, to the
        focus countries, to the EU and to the rest: a title and, per sector, the unit and the
        lines. Quantities (producer values deflated by the exporter's unit cost) in tonnes a
        month where the data give a unit value (magnets and rare-earth oxides and metals:
        :func:`tradewar.datasets.magnets.unit_values`), else in % of the first month; empty when the
        scenario has no export control."""
        events = [e for e in self.scenario.events if e.instrument == "export_control"]
        if not events:
            return "", {}
        b = self.baseline
        exporter = b.countries[self.stocks.exporter] if self.stocks is not None else events[0].actor
        sectors = controlled_sectors(events, exporter, b.sectors)
        i = b.index(exporter)
        groups: dict[str, list[int]] = {}
        eu = [k for k in b.indices("EU27") if k != i] if "EU27" not in b.countries else []
        for code in self.scenario.focus:
            if code in b.countries and code != exporter and b.index(code) not in eu:
                groups[code] = [b.index(code)]
        if eu:
            groups["EU27"] = eu
        named = {k for v in groups.values() for k in v}
        groups["rest of world"] = [k for k in range(b.n_countries) if k not in named and k != i]
        per_tonne = magnets.shipped_values().get("usd_per_tonne", {})
        usd = USD_PER_UNIT.get(b.unit)
        stocks = self.stocks
        panels = {}
        for sector in sectors:
            s = b.sectors.index(sector)
            quantity = np.array(
                [
                    r.flows_after[i, :, s] / r.sector_outcomes["unit_cost_hat"][i, s]
                    for r in self.results
                ]
            )  # [month, importer], baseline value per year: what users use
            col = None
            if stocks is not None and i == stocks.exporter and s in stocks.sectors:
                col = stocks.sectors.index(s)  # what they buy: use - drawn + rebuilt
                quantity = quantity + (stocks.rebuilt - stocks.drawn)[:, :, col] * b.flows[i, :, s]
            lines = {f"to {label}": quantity[:, dest].sum(axis=1) for label, dest in groups.items()}
            if sector in per_tonne and usd is not None:
                unit = "tonnes a month"
                lines = {k: v * usd / 12 / per_tonne[sector] for k, v in lines.items()}
            else:
                unit = f"% of {self.months[0]} (quantity)"
                lines = {k: 100 * v / v[0] for k, v in lines.items()}
            panels[sector] = (unit, lines)
            if col is not None:
                weights = b.flows[i, :, s]
                panels[f"{sector}: users' stocks"] = (
                    "months of use (stock at the start of the month)",
                    {
                        f"in {label}": stocks.start[:, dest, col]
                        @ weights[dest]
                        / weights[dest].sum()
                        for label, dest in groups.items()
                        if weights[dest].sum() > 0
                    },
                )
        return f"{exporter}'s exports under export controls", panels

    def controls_frame(self) -> pd.DataFrame:
        """Every quantity limit in force, month by month: its label, kind (export control or
        capacity limit), exporter(s), quota (as written), the quantity used and the quantity
        bought (relative to the baseline; they differ where users draw on or rebuild
        stocks), the users' stock at the start of the month (months of use; NaN where
        nothing is stocked), its shadow tax (the price of a licence, or the scarcity rent of
        the capacity, as a fraction of the producer price) and who holds the rent."""
        rows = []
        for m, (month, r) in enumerate(zip(self.months, self.results, strict=True)):
            written = iter(self.timeline.controls[m])
            stocked = self.stocks.pools[m] if self.stocks is not None else None
            for j, c in enumerate(r.controls):
                quota = next(written).quota
                stock, bought = (np.nan, c.get("quantity")) if stocked is None else stocked[j]
                rows.append(
                    {
                        "month": month,
                        "label": c["label"],
                        "kind": "capacity limit" if c.get("capacity") else "export control",
                        "exporter": c["exporter"],
                        "quota": quota,
                        "quantity": c.get("quantity"),
                        "bought": bought,
                        "stock_months": stock,
                        "shadow_tax": c["shadow_tax"],
                        "rent": "producers" if c.get("capacity") else c.get("rent", "exporter"),
                    }
                )
        columns = [
            "month", "label", "kind", "exporter", "quota", "quantity", "bought",
            "stock_months", "shadow_tax", "rent",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def user_regions(self) -> dict[str, list[int]]:
        """Regions of the users' output tables: the focus countries, and the EU's members
        together when the baseline has them."""
        b = self.baseline
        regions = {code: [b.index(code)] for code in self.scenario.focus}
        if "EU27" not in b.countries and len(b.indices("EU27")) > 1:
            regions["EU27"] = b.indices("EU27")
        return regions

    def users_output(self) -> pd.DataFrame:
        """Output of the critical input's users by month, % of the baseline: quantities
        (producer values deflated by the producer's unit cost, so a dearer critical input
        shows as output lost, not as a higher value). Rows months; columns ``REGION SECTOR``
        for each using sector and ``REGION users`` (all users together), regions as in
        :meth:`user_regions`."""
        b = self.baseline
        cols = self.critical_users()
        sales = b.flows.sum(axis=1)  # [country, sector]
        made = self.output_quantities()
        data = {}
        for region, rows in self.user_regions().items():
            for k in cols:
                data[f"{region} {b.sectors[k]}"] = 100 * (
                    made[:, rows, k].sum(axis=1) / sales[rows, k].sum() - 1
                )
            data[f"{region} users"] = 100 * (
                made[:, rows][:, :, cols].sum(axis=(1, 2)) / sales[np.ix_(rows, cols)].sum() - 1
            )
        return pd.DataFrame(data, index=pd.Index(self.months, name="month"))
