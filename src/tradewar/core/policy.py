"""Counterfactual policy: import tariffs (and export taxes) on a baseline's labels.

A :class:`Policy` is immutable; each builder call returns a new one, so a scenario
reads as a chain::

    policy = (Policy.from_baseline(b)
              .tariff("USA", on="CHN", rate=1.45, additional=True)
              .tariff("CHN", on="USA", rate=1.25, additional=True))

Arrays are ``[exporter i, importer n, sector s]``; rates are fractions (1.45 = 145%).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from tradewar.core.baseline import Baseline, read_only
from tradewar.core.errors import PolicyError

#: Who holds the rent of an export licence (docs/model.md D.4).
RentHolder = Literal["exporter", "importer", "nobody"]
RENT_HOLDERS: tuple[str, ...] = ("exporter", "importer", "nobody")

#: A rate above this (10 = 1000%) most likely means percent (``145`` for 145%): the CLI
#: and scenario files refuse it unless told to accept it.
HIGH_RATE = 10.0


@dataclass(frozen=True, eq=False)
class ExportControl:
    """A quantity limit on shipments (docs/model.md D.2): an export control, or a capacity
    limit on producers.

    The constrained flows ``cells`` (bool (N, N, S), [exporter, importer, sector]) may
    together ship at most ``quota`` times their baseline quantity (0.5 = cut by half).
    The model finds the shadow tax that enforces it (0 when the limit does not bind).
    ``rent`` says who holds the licence rent, the shadow tax times the licensed flows
    (docs/model.md D.4): ``"exporter"`` (the default; a capacity limit's scarcity rent
    always goes to the producers), ``"importer"`` (the buyer that holds the licence) or
    ``"nobody"`` (competed away in the scramble for licences).

    * An export control (``capacity=False``): one exporter's shipments abroad; partners
      left out of ``cells`` (a "green channel") trade freely.
    * A capacity limit (``capacity=True``, :meth:`Policy.capacity_limit`; our design,
      README "Rare earths"): every sale of several producers, at home and abroad, in one
      pool; ``exporter`` then names the producers (e.g. ``"ALL except CHN"``) and
      ``quota`` may exceed 1 (headroom above baseline output).
    """

    exporter: str
    destinations: tuple[str, ...]
    sectors: tuple[str, ...]
    quota: float
    cells: np.ndarray
    label: str = ""
    capacity: bool = False
    rent: RentHolder = "exporter"


@dataclass(frozen=True, eq=False)
class Policy:
    """Tariffs ``t[i, n, s]`` (levied by importer n on exporter i), export taxes
    ``x[i, n, s]`` (levied by exporter i on shipments to n), both fractions, export
    controls (quantity limits, :class:`ExportControl`) and trade-cost shocks
    ``trade_costs[i, n, s]`` (iceberg cost relative to the baseline, 1.1 = 10% higher;
    None = unchanged): non-tariff barriers that raise prices but raise no revenue."""

    baseline: Baseline
    tariffs: np.ndarray
    export_taxes: np.ndarray
    name: str = "counterfactual"
    controls: tuple[ExportControl, ...] = ()
    trade_costs: np.ndarray | None = None

    @classmethod
    def from_baseline(cls, baseline: Baseline, name: str = "counterfactual") -> Policy:
        """The policy in force in the baseline (its applied tariffs, no export taxes)."""
        return cls(
            baseline, read_only(baseline.tariffs), read_only(np.zeros_like(baseline.tariffs)), name
        )

    def named(self, name: str) -> Policy:
        """This policy under another name (reports and tables show it)."""
        return replace(self, name=name)

    def with_tariffs(self, tariffs: np.ndarray, name: str | None = None) -> Policy:
        """This policy with the whole tariff cube [i, n, s] replaced (and renamed)."""
        tariffs = np.asarray(tariffs, dtype=float)
        if tariffs.shape != self.tariffs.shape:
            raise PolicyError(f"tariffs of shape {tariffs.shape}, expected {self.tariffs.shape}")
        self._check_rates(tariffs, "tariff")
        return replace(self, tariffs=read_only(tariffs), name=self.name if name is None else name)

    def with_export_taxes(self, export_taxes: np.ndarray) -> Policy:
        """This policy with the whole export-tax cube [i, n, s] replaced."""
        export_taxes = np.asarray(export_taxes, dtype=float)
        if export_taxes.shape != self.export_taxes.shape:
            raise PolicyError(
                f"export taxes of shape {export_taxes.shape}, expected {self.export_taxes.shape}"
            )
        self._check_rates(export_taxes, "export tax")
        return replace(self, export_taxes=read_only(export_taxes))

    # -- builders ----------------------------------------------------------------
    def tariff(
        self,
        importer: str | Sequence[str],
        on: str | Sequence[str] = "ALL",
        rate: float | Mapping[str, float] | np.ndarray = 0.0,
        *,
        additional: bool = False,
        floor: float | None = None,
        sectors: Sequence[str] | None = None,
        exempt: Sequence[str] = (),
    ) -> Policy:
        """Set the import tariff of ``importer`` on goods from ``on``.

        Args:
            importer: country (or group such as ``"EU27"``) that levies the tariff.
            on: exporting countries or groups, ``"ALL"`` for every partner.
            rate: a fraction, a ``{exporter: rate}`` mapping, an array of shape (N,)
                indexed by exporter (e.g. a shipped schedule) or (N, S) by exporter and
                sector (e.g. an enacted schedule, :mod:`tradewar.enacted`).
            additional: add ``rate`` on top of the tariff in force instead of replacing it.
            floor: after setting, raise every affected tariff to at least ``floor``.
            sectors: sector names to apply to (default all).
            exempt: exporters excluded from ``on``.
        """
        rates = self._rate_vector(rate, change=additional)
        cells = self._cells(on, importer, exempt, sectors, exporter_first=True)
        t = np.array(self.tariffs)
        block = t[cells]
        cell_rates = rates[cells[0]] if rates.ndim == 1 else rates[cells[0], cells[2]]
        new = block + cell_rates if additional else np.broadcast_to(cell_rates, block.shape)
        if floor is not None:
            new = np.maximum(new, floor)
        t[cells] = np.where(self._own(cells), block, new)
        self._check_rates(t, "tariff")
        return replace(self, tariffs=read_only(t))

    def export_tax(
        self,
        exporter: str | Sequence[str],
        to: str | Sequence[str] = "ALL",
        rate: float = 0.0,
        *,
        additional: bool = False,
        sectors: Sequence[str] | None = None,
        exempt: Sequence[str] = (),
    ) -> Policy:
        """Set the export tax of ``exporter`` on shipments to ``to`` (fraction >= 0)."""
        cells = self._cells(exporter, to, exempt, sectors, exporter_first=False)
        x = np.array(self.export_taxes)
        block = x[cells]
        x[cells] = np.where(self._own(cells), block, block + rate if additional else rate)
        if (x < 0).any():
            raise PolicyError(f"export taxes must be >= 0, got {x.min():.4g}")
        return replace(self, export_taxes=read_only(x))

    def export_control(
        self,
        exporter: str,
        to: str | Sequence[str] = "ALL",
        quota: float = 1.0,
        *,
        sectors: Sequence[str] | None = None,
        exempt: Sequence[str] = (),
        label: str = "",
        replace_earlier: bool = False,
        rent: RentHolder = "exporter",
    ) -> Policy:
        """Limit ``exporter``'s shipments of ``sectors`` to ``to`` (minus ``exempt``, a
        green channel) to ``quota`` times their baseline quantity, all destinations
        together (one licence pool, one shadow price; several pools are several calls).
        ``rent``: who holds the licence rent (:class:`ExportControl`).

        ``quota`` must be positive: a limit of 0 is a ban, which hat algebra represents
        by removing the flows, not by a finite tax. Controls may not overlap.
        """
        if not np.isfinite(quota) or quota <= 0:
            raise PolicyError(
                f"export-control quota must be a positive quantity index (0.5 = half the "
                f"baseline quantity), got {quota}; a full ban is not a quota"
            )
        if rent not in RENT_HOLDERS:
            raise PolicyError(f"licence rent holder {rent!r} unknown: {', '.join(RENT_HOLDERS)}")
        b = self.baseline
        i = b.index(exporter)
        dest = [n for n in self._partners(to, exempt) if n != i]
        s_idx = self._sector_indices(sectors)
        cells = np.zeros(b.flows.shape, dtype=bool)
        cells[np.ix_([i], dest, s_idx)] = True
        cells &= b.flows > 0
        if not cells.any():
            raise PolicyError(f"export control of {exporter} covers no baseline trade")
        control = ExportControl(
            b.countries[i],
            tuple(b.countries[n] for n in dest),
            tuple(b.sectors[k] for k in s_idx),
            float(quota),
            cells,
            label,
            rent=rent,
        )
        return self._with_control(control, replace_earlier)

    def lift_export_control(
        self,
        exporter: str,
        to: str | Sequence[str] = "ALL",
        *,
        sectors: Sequence[str] | None = None,
        exempt: Sequence[str] = (),
    ) -> Policy:
        """This policy without ``exporter``'s export controls on ``sectors`` to ``to``
        (minus ``exempt``): those flows trade freely again. A control that also covers
        other flows keeps them, at its quota. Lifting what no control covers is an error."""
        b = self.baseline
        i = b.index(exporter)
        lifted = np.zeros(b.flows.shape, dtype=bool)
        lifted[np.ix_([i], self._partners(to, exempt), self._sector_indices(sectors))] = True
        kept, hit = [], False
        for control in self.controls:
            if control.capacity or not (control.cells & lifted).any():
                kept.append(control)
                continue
            hit = True
            cells = control.cells & ~lifted
            if cells.any():
                cells.setflags(write=False)
                to_kept = np.flatnonzero(cells.any(axis=(0, 2)))
                in_kept = np.flatnonzero(cells.any(axis=(0, 1)))
                kept.append(
                    replace(
                        control,
                        cells=cells,
                        destinations=tuple(b.countries[n] for n in to_kept),
                        sectors=tuple(b.sectors[k] for k in in_kept),
                    )
                )
        if not hit:
            raise PolicyError(f"no export control of {exporter} in force on those flows to lift")
        return replace(self, controls=tuple(kept))

    def capacity_limit(
        self,
        producers: str | Sequence[str] = "ALL",
        quota: float = 1.0,
        *,
        sectors: Sequence[str] | None = None,
        exempt: Sequence[str] = (),
        label: str = "",
        replace_earlier: bool = False,
    ) -> Policy:
        """Limit what ``producers`` (minus ``exempt``) make of ``sectors``, their sales at
        home and abroad together, to ``quota`` times the baseline quantity (1.1 = at most
        10% more than in the baseline): short-run capacity, one pool and one shadow
        price for all of them (our design, README "Rare earths"). It is solved as an
        export control over those cells (docs/model.md D.2), whose rent goes to the
        producers; it may not overlap an export control."""
        if not np.isfinite(quota) or quota <= 0:
            raise PolicyError(
                f"capacity quota must be a positive quantity index (1.1 = 10% above the "
                f"baseline output), got {quota}"
            )
        b = self.baseline
        made = self._partners(producers, exempt)
        s_idx = self._sector_indices(sectors)
        cells = np.zeros(b.flows.shape, dtype=bool)
        cells[np.ix_(made, range(b.n_countries), s_idx)] = True
        cells &= b.flows > 0
        if not cells.any():
            raise PolicyError(f"capacity limit of {producers} covers no baseline output")
        names = producers if isinstance(producers, str) else ", ".join(producers)
        if exempt:
            names += f" except {', '.join(exempt)}"
        control = ExportControl(
            names,
            tuple(b.countries),
            tuple(b.sectors[k] for k in s_idx),
            float(quota),
            cells,
            label,
            capacity=True,
        )
        return self._with_control(control, replace_earlier)

    def _with_control(self, control: ExportControl, replace_earlier: bool) -> Policy:
        """This policy with ``control`` added; ``replace_earlier`` drops earlier limits of
        the same kind on overlapping flows (a new licensing regime, new capacity)."""
        cells = control.cells
        earlier = self.controls
        at = len(earlier)  # a replacement takes the place of what it replaces
        if replace_earlier:
            replaced = [
                k
                for k, c in enumerate(earlier)
                if c.capacity == control.capacity and (c.cells & cells).any()
            ]
            at = replaced[0] if replaced else at
            earlier = tuple(c for k, c in enumerate(earlier) if k not in replaced)
        for other in earlier:
            if (other.cells & cells).any():
                kind = "capacity limit" if control.capacity else "export control"
                raise PolicyError(
                    f"{kind} of {control.exporter} overlaps an earlier "
                    f"{'capacity limit' if other.capacity else 'control'} "
                    f"({other.label or other.exporter}); combine them into one"
                )
        cells.setflags(write=False)
        return replace(self, controls=(*earlier[:at], control, *earlier[at:]))

    def trade_cost(
        self,
        importer: str | Sequence[str],
        on: str | Sequence[str] = "ALL",
        change: float = 0.0,
        *,
        additional: bool = True,
        sectors: Sequence[str] | None = None,
        exempt: Sequence[str] = (),
    ) -> Policy:
        """Raise (or cut) the iceberg cost of ``importer``'s imports from ``on`` by
        ``change`` (0.1 = 10% higher; > -1): a non-tariff barrier, no revenue.
        ``additional`` compounds with the shock in force; otherwise it replaces it."""
        if not np.isfinite(change) or change <= -1:
            raise PolicyError(f"trade-cost change {change} must be a fraction > -1 (0.1 = +10%)")
        cells = self._cells(on, importer, exempt, sectors, exporter_first=True)
        b = self.baseline
        k = np.ones(b.flows.shape) if self.trade_costs is None else np.array(self.trade_costs)
        block = k[cells]
        new = block * (1 + change) if additional else np.full(block.shape, 1 + change)
        k[cells] = np.where(self._own(cells), block, new)
        return replace(self, trade_costs=read_only(k))

    def demand_wedge(self) -> np.ndarray:
        """The wedge buyers' choices respond to, (1 + t)(1 + x) times the trade-cost
        change, [i, n, s]."""
        wedge = (1 + self.tariffs) * (1 + self.export_taxes)
        return wedge if self.trade_costs is None else wedge * self.trade_costs

    def mirror(self, target: str, partners: str | Sequence[str] = "ALL") -> Policy:
        """Reciprocal retaliation: each partner taxes ``target``'s goods at the rate that
        ``target`` levies on the partner's goods (sector by sector)."""
        b = self.baseline
        k = b.index(target)
        t = np.array(self.tariffs)
        for n in b.indices(partners):
            if n != k:
                t[k, n, :] = self.tariffs[n, k, :]
        return replace(self, tariffs=read_only(t))

    # -- helpers -------------------------------------------------------------------
    def _cells(
        self,
        exporters: str | Sequence[str],
        importers: str | Sequence[str],
        exempt: Sequence[str],
        sectors: Sequence[str] | None,
        *,
        exporter_first: bool,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Open-mesh index (exporter i, importer n, sector s) of the cells an instrument
        covers, for ``array[cells]``; ``exempt`` removes partners: exporters if
        ``exporter_first`` (tariffs: the importer acts), else importers (export taxes)."""
        b = self.baseline
        if exporter_first:
            exp = self._partners(exporters, exempt)
            imp = list(dict.fromkeys(b.indices(importers)))
        else:
            exp = list(dict.fromkeys(b.indices(exporters)))
            imp = self._partners(importers, exempt)
        return np.ix_(exp, imp, self._sector_indices(sectors))

    @staticmethod
    def _own(cells: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
        """True where exporter = importer (domestic sales are never taxed), broadcastable
        against ``array[cells]``."""
        return cells[0] == cells[1]

    def _partners(self, codes: str | Sequence[str], exempt: Sequence[str]) -> list[int]:
        """Indices of ``codes`` (countries, groups or ``"ALL"``) minus ``exempt``."""
        b = self.baseline
        excluded = set(b.indices(exempt)) if exempt else set()
        return [k for k in dict.fromkeys(b.indices(codes)) if k not in excluded]

    def _sector_indices(self, sectors: Sequence[str] | None) -> list[int]:
        names = self.baseline.sectors
        if sectors is None:
            return list(range(len(names)))
        missing = [s for s in sectors if s not in names]
        if missing:
            raise PolicyError(f"unknown sectors {missing}; available: {list(names)}")
        return [names.index(s) for s in sectors]

    def _rate_vector(
        self, rate: float | Mapping[str, float] | np.ndarray, *, change: bool = False
    ) -> np.ndarray:
        """Rates as an (N,) or (N, S) array. A ``change`` (added to the rates in force) may
        be below -100%; the resulting rates are checked by the caller."""
        b = self.baseline
        check = (lambda a, what: None) if change else self._check_rates
        if isinstance(rate, Mapping):
            out = np.zeros(b.n_countries)
            for code, r in rate.items():
                out[b.index(code)] = float(r)
            check(out, "tariff")
            return out
        arr = np.asarray(rate, dtype=float)
        if not np.all(np.isfinite(arr)):
            raise PolicyError("tariff rates must be finite numbers")
        if arr.ndim == 0:
            check(arr, "tariff")
            return np.full(b.n_countries, float(arr))
        if arr.shape not in ((b.n_countries,), (b.n_countries, b.n_sectors)):
            raise PolicyError(
                f"rate array has shape {arr.shape}, expected ({b.n_countries},) or "
                f"({b.n_countries}, {b.n_sectors})"
            )
        check(arr, "tariff")
        return arr

    @staticmethod
    def _check_rates(arr: np.ndarray, what: str) -> None:
        arr = np.asarray(arr)
        if not np.all(np.isfinite(arr)):
            raise PolicyError(f"{what} rates must be finite numbers")
        if (arr <= -1).any():
            raise PolicyError(
                f"{what} of {100 * arr.min():.1f}% is below -100%: rates are fractions > -1 "
                "(0.25 = 25%)"
            )

    # -- views ---------------------------------------------------------------------
    def rate(self, importer: str, exporter: str, sector: str | None = None) -> float:
        """Tariff levied by ``importer`` on ``exporter`` (mean over sectors if none given)."""
        b = self.baseline
        t = self.tariffs[b.index(exporter), b.index(importer)]
        return float(t[b.sectors.index(sector)] if sector else t.mean())
