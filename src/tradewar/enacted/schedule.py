"""The enacted schedules as built into tradewar: additional tariff rates by partner x model
sector x day, and the one function that gives the rates in force on any date.

``us_enacted``: US statutory additional tariffs, import-weighted (2024 weights) from
product lines to the ICIO 2022 goods sectors and to all goods (built by
``scripts/build_enacted_schedule.py`` from the shared data; :mod:`tradewar.enacted.build`).
``china_enacted``: China's additional tariffs on US goods (:mod:`tradewar.enacted.china`).
``canada_enacted``: Canada's counter-tariffs on US goods (:mod:`tradewar.enacted.canada`).
``us_paid``: the US rates as paid, ``us_enacted`` scaled by partner, sector and month by the
collection ladder (:func:`tradewar.enacted.collected.paid_schedule`, our design).
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError
from tradewar.core.months import month_days
from tradewar.enacted.sectors import SPLIT_PARENTS

FILE = "enacted_tariffs_2025_2026"
NAMES = ("us_enacted", "us_paid", "china_enacted", "canada_enacted")
#: The importer levying each schedule.
IMPORTERS = {"us_enacted": "USA", "us_paid": "USA", "china_enacted": "CHN", "canada_enacted": "CAN"}


@dataclass(frozen=True)
class Schedule:
    """Additional statutory tariffs of one importer, constant between change ``days``.

    ``days`` (D,) ISO dates; ``partners`` (P,) ISO3 exporters; ``sectors`` (S,) ICIO goods
    sectors and last ``"goods"`` (all goods); ``rates`` (D, P, S) fractions;
    ``by_authority`` (D, P, A) all-goods rates by authority (``authorities``);
    ``imports`` (P, S) 2024 imports (USD); ``mfn`` (P,) 2024 duties / imports.
    """

    days: np.ndarray
    partners: np.ndarray
    sectors: np.ndarray
    rates: np.ndarray
    by_authority: np.ndarray
    imports: np.ndarray
    mfn: np.ndarray
    authorities: tuple[str, ...] = ()
    importer: str = "USA"
    last_day: str = ""

    @property
    def first(self) -> dt.date:
        return dt.date.fromisoformat(str(self.days[0]))

    @property
    def last(self) -> dt.date:
        return dt.date.fromisoformat(self.last_day or str(self.days[-1]))

    def step(self, day: dt.date) -> int:
        """Index of the change day in force on ``day``; one-line error outside the schedule."""
        if day < self.first or day > self.last:
            raise DataError(
                f"date {day} is outside the enacted schedule of {self.importer} "
                f"({self.first} to {self.last})"
            )
        return int(np.searchsorted(self.days, day.isoformat(), side="right")) - 1

    def partner(self, code: str) -> int:
        """Row of partner ``code`` (ISO3); one-line error if the schedule does not have it."""
        hits = np.flatnonzero(self.partners == code.upper())
        if not len(hits):
            raise DataError(
                f"unknown partner {code!r} for the {self.importer} schedule; it has "
                f"{len(self.partners)} partners by ISO3 code (e.g. CHN, CAN, DEU)"
            )
        return int(hits[0])

    def rate(self, partner: str, day: dt.date) -> float:
        """Import-weighted additional rate on all goods of ``partner`` (fraction)."""
        return float(self.rates[self.step(day), self.partner(partner), -1])

    def by_authority_on(self, partner: str, day: dt.date) -> dict[str, float]:
        """All-goods rates on ``partner``'s goods in force on ``day``, by legal authority
        (fractions)."""
        row = self.by_authority[self.step(day), self.partner(partner)]
        return dict(zip(self.authorities, map(float, row), strict=True))

    def average(self, day: dt.date, partners: list[str] | None = None) -> float:
        """Import-weighted additional rate over ``partners`` (default all)."""
        pick = (
            np.arange(len(self.partners))
            if partners is None
            else np.array([self.partner(p) for p in partners])
        )
        w = self.imports[pick, -1]
        return float(self.rates[self.step(day), pick, -1] @ w / w.sum())

    def additions(self, baseline: Baseline, day: dt.date) -> np.ndarray:
        """(N, S) additional tariffs on goods of each baseline exporter, by baseline sector.

        One-sector baselines take the all-goods rate; multi-sector baselines the ICIO
        sector's (sectors split from one, e.g. rare earths from B07, take the parent's;
        services 0). A baseline country the schedule does not list (``ROW``) takes the
        import-weighted rate of the schedule's partners missing from the baseline.
        """
        k = self.step(day)
        names = list(map(str, self.sectors))
        if baseline.one_sector:
            cols = np.array([len(names) - 1])
        else:
            parents = [SPLIT_PARENTS.get(s, s) for s in baseline.sectors]
            cols = np.array([names.index(p) if p in names else -1 for p in parents])
        known = {c: i for i, c in enumerate(map(str, self.partners))}
        rest = np.array([i for c, i in known.items() if c not in baseline.countries], int)
        rest_row = None
        if len(rest):
            w = self.imports[rest]
            total = w.sum(axis=0)
            rest_row = (self.rates[k, rest] * w).sum(axis=0) / np.where(total > 0, total, 1.0)
        out = np.zeros((baseline.n_countries, baseline.n_sectors))
        for n, code in enumerate(baseline.countries):
            row = self.rates[k, known[code]] if code in known else rest_row
            if row is not None:
                out[n] = np.where(cols >= 0, row[np.maximum(cols, 0)], 0.0)
        if self.importer in baseline.countries:
            out[baseline.index(self.importer)] = 0.0
        return out

    def month_averages(self, months: list[str]) -> np.ndarray:
        """(M, P, S) rates by partner and sector (last: all goods), day-weighted within
        each month ``YYYY-MM`` (days outside the schedule count as 0 before it and as its
        last rate after)."""
        out = np.zeros((len(months), *self.rates.shape[1:]))
        for m, month in enumerate(months):
            days = month_days(month)
            for day in days:
                if day >= self.first:
                    out[m] += self.rates[self.step(min(day, self.last))]
            out[m] /= len(days)
        return out

    def monthly(self, months: list[str]) -> np.ndarray:
        """(M, P) all-goods rate by partner, day-weighted within each month (as
        :meth:`month_averages`)."""
        return self.month_averages(months)[..., -1]


def on_us_goods(
    days: list[dt.date],
    layers: np.ndarray,
    us_exports: np.ndarray,
    authorities: tuple[str, ...],
    importer: str,
    last_day: str,
) -> Schedule:
    """A schedule of one importer's tariffs on US goods from its ``layers`` (D, A, S):
    additional rates by day, authority and ICIO goods sector, weighted by ``us_exports``
    (S,) USD (the all-goods column and the by-authority rates are their averages)."""
    from tradewar.enacted.sectors import ICIO_GOODS

    total = layers.sum(axis=1)  # (D, S)
    weight = us_exports.sum()
    rates = np.concatenate([total, (total @ us_exports / weight)[:, None]], axis=1)
    return Schedule(
        days=np.array([d.isoformat() for d in days]),
        partners=np.array(["USA"]),
        sectors=np.array([*ICIO_GOODS, "goods"]),
        rates=rates[:, None, :].astype(np.float32),
        by_authority=(layers @ us_exports / weight)[:, None, :].astype(np.float32),
        imports=np.append(us_exports, weight)[None, :],
        mfn=np.zeros(1),
        authorities=authorities,
        importer=importer,
        last_day=last_day,
    )


_ARRAYS = ("days", "partners", "sectors", "rates", "by_authority", "imports", "mfn")


def save(schedules: dict[str, Schedule], path: Path, provenance: dict) -> None:
    """Write schedules by name to ``path``.npz (arrays prefixed by name) and ``path``.json
    (importer, authorities, last day and ``provenance``: sources and input checksums)."""
    arrays = {f"{name}_{k}": getattr(s, k) for name, s in schedules.items() for k in _ARRAYS}
    np.savez_compressed(path.with_suffix(".npz"), **arrays)
    meta: dict = {
        name: {"importer": s.importer, "authorities": list(s.authorities), "last_day": s.last_day}
        for name, s in schedules.items()
    }
    meta["provenance"] = provenance
    path.with_suffix(".json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")


def _data_file(suffix: str):
    return resources.files("tradewar.datasets") / "data" / f"{FILE}{suffix}"


@cache
def load(name: str) -> Schedule:
    """A schedule built into the package: ``us_enacted``, ``us_paid``, ``china_enacted`` or
    ``canada_enacted``."""
    if name not in NAMES:
        raise DataError(f"unknown enacted schedule {name!r}; tradewar ships {', '.join(NAMES)}")
    try:
        meta = json.loads(_data_file(".json").read_text())[name]
        with _data_file(".npz").open("rb") as f, np.load(f) as z:
            arrays = {k: z[f"{name}_{k}"] for k in _ARRAYS}
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DataError(
            f"the built-in schedule {FILE} is missing or corrupted ({exc}); rebuild it with "
            "`python scripts/build_enacted_schedule.py`"
        ) from None
    return Schedule(
        **arrays,
        authorities=tuple(meta["authorities"]),
        importer=meta["importer"],
        last_day=meta["last_day"],
    )
