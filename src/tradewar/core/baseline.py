"""The :class:`Baseline`: a labeled, validated snapshot of the world economy.

Arrays follow the project-wide axis order ``[exporter i, importer n, sector s]``.
Flows are tariff-exclusive (border / producer value) in the unit named by ``unit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from tradewar.core import countries
from tradewar.core.errors import CountryError, DataError

#: US dollars per unit of a baseline's flows, for the units the readers produce.
USD_PER_UNIT = {"thousand USD": 1e3, "million USD": 1e6, "USD": 1.0}


def usd_per_unit(unit: str) -> float:
    """US dollars per ``unit`` (one of :data:`USD_PER_UNIT`); DataError for another unit,
    where values in dollars are needed."""
    if unit not in USD_PER_UNIT:
        raise DataError(f"unit {unit!r}: expected one of {', '.join(USD_PER_UNIT)}")
    return USD_PER_UNIT[unit]


def in_usd_bn(values, unit: str):
    """``values`` (in a baseline's ``unit``) in USD bn, with the label ``"USD bn"``, where
    ``unit`` is one of :data:`USD_PER_UNIT`; else ``values`` unchanged, with ``unit``."""
    if unit not in USD_PER_UNIT:
        return values, unit
    return values * (USD_PER_UNIT[unit] / 1e9), "USD bn"


def read_only(a: np.ndarray) -> np.ndarray:
    """A float copy of ``a`` that cannot be written to (the arrays of frozen objects)."""
    a = np.array(a, dtype=float, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class Baseline:
    """Observed world economy, countries x sectors.

    Attributes:
        countries: ISO3 codes (or region labels such as ``ROW``), length N, unique.
        sectors: sector names, length S.
        flows: ``X[i, n, s]`` tariff-exclusive value of sector-s goods from exporter i
            bought by importer n, shape (N, N, S); the diagonal holds domestic sales.
        gdp: value added / GDP by country, shape (N,), same unit as ``flows``.
        tariffs: applied baseline import tariffs ``t[i, n, s]`` levied by importer n on
            goods from i, fractions (0.25 = 25%), shape (N, N, S), zero diagonal.
        unit: unit of ``flows`` and ``gdp`` (e.g. ``"thousand USD"``).
        source: where the data come from (dataset, year, script).
        schedules: named tariff vectors shipped with the data, e.g. the USTR
            "Liberation Day" rates ``{"ustr_2025": t[i]}`` on US imports from each i,
            shape (N,) by exporter, or full tariff cubes (N, N, S).
        value_added_share: value added / gross output by country and sector, (N, S);
            None means no input-output data (all output is value added).
        io_shares: ``G[n, k, j]`` share of input sector k in the intermediate purchases of
            sector j in country n, (N, S, S); columns sum to 1 (or 0 where the
            value-added share is 1). None without input-output data.
        elasticities: named sector trade-elasticity sets shipped with the data, each (S,).
        regions: members of aggregated regions, e.g. ``{"EU27": ("AUT", ...)}``; their
            labels are accepted as country codes.
    """

    countries: tuple[str, ...]
    sectors: tuple[str, ...]
    flows: np.ndarray
    gdp: np.ndarray
    tariffs: np.ndarray
    unit: str = "thousand USD"
    source: str = ""
    schedules: Mapping[str, np.ndarray] = field(default_factory=dict)
    value_added_share: np.ndarray | None = None
    io_shares: np.ndarray | None = None
    elasticities: Mapping[str, np.ndarray] = field(default_factory=dict)
    regions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "countries", tuple(str(c) for c in self.countries))
        object.__setattr__(self, "sectors", tuple(str(s) for s in self.sectors))
        flows = np.asarray(self.flows, dtype=float)
        if flows.ndim == 2:
            flows = flows[:, :, None]
        tariffs = np.zeros_like(flows) if self.tariffs is None else np.asarray(self.tariffs, float)
        if tariffs.ndim == 2:
            tariffs = tariffs[:, :, None]
        object.__setattr__(self, "flows", read_only(flows))
        object.__setattr__(self, "tariffs", read_only(tariffs))
        object.__setattr__(self, "gdp", read_only(self.gdp))
        for name in ("schedules", "elasticities"):
            frozen = {k: read_only(v) for k, v in getattr(self, name).items()}
            object.__setattr__(self, name, MappingProxyType(frozen))
        for name in ("value_added_share", "io_shares"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, read_only(getattr(self, name)))
        self.validate()

    def __reduce__(self):
        """Pickle by fields (for process pools and clusters); the copy is validated again."""
        fields = {f: getattr(self, f) for f in self.__dataclass_fields__}
        for name, value in fields.items():
            if isinstance(value, MappingProxyType):
                fields[name] = dict(value)
        return (_from_fields, (fields,))

    @property
    def has_io(self) -> bool:
        """Whether input-output shares are present."""
        return self.io_shares is not None

    def gross_output(self) -> np.ndarray:
        """Sales incl. domestic, tariff-exclusive, by country and sector, (N, S)."""
        return self.flows.sum(axis=1)

    def value_added_shares(self) -> np.ndarray:
        """Value added / gross output, (N, S): the IO data's, else 1 (all output is
        value added)."""
        if self.value_added_share is None:
            return np.ones((self.n_countries, self.n_sectors))
        return np.asarray(self.value_added_share)

    def input_coefficients(self) -> np.ndarray:
        """``[n, k, j]`` input of sector k per unit of sector j's gross output in country
        n, (N, S, S): the IO shares times one less the value-added share; zeros without
        IO data."""
        if self.io_shares is None:
            return np.zeros((self.n_countries, self.n_sectors, self.n_sectors))
        return np.asarray(self.io_shares) * (1 - self.value_added_shares())[:, None, :]

    def final_demand(self) -> np.ndarray:
        """Spending gross of tariffs less intermediate use, by country and sector, (N, S)
        (the CP calibration's step 8; negative where the data's intermediate use exceeds
        purchases)."""
        spending = (self.flows * (1 + self.tariffs)).sum(axis=0)
        return spending - np.einsum("njk,nk->nj", self.input_coefficients(), self.gross_output())

    def replace(self, **changes) -> Baseline:
        """A copy with some fields changed (validated again)."""
        fields = {f: getattr(self, f) for f in self.__dataclass_fields__}
        fields.update(changes)
        return Baseline(**fields)

    # -- shape helpers -------------------------------------------------------------
    @property
    def n_countries(self) -> int:
        return len(self.countries)

    @property
    def n_sectors(self) -> int:
        return len(self.sectors)

    @property
    def one_sector(self) -> bool:
        """Whether all goods and services are one aggregate sector (as in IMLS 2025)."""
        return len(self.sectors) == 1

    def index(self, code: str) -> int:
        """Position of one country; :class:`CountryError` with suggestions if absent."""
        resolved = countries.resolve(code, self.countries)
        if len(resolved) != 1:
            raise CountryError(f"{code!r} names {len(resolved)} countries; expected exactly one")
        return self.countries.index(resolved[0])

    def elasticity_set(self, chosen: str | np.ndarray | None = None) -> tuple[str, np.ndarray]:
        """Trade elasticities (S,) and their label: a set the baseline ships, by name
        (default: the first), or the user's own array (label ``"user"``)."""
        if chosen is None:
            if not self.elasticities:
                raise DataError("the baseline ships no trade elasticities; pass elasticities=")
            chosen = next(iter(self.elasticities))
        if isinstance(chosen, str):
            if chosen not in self.elasticities:
                raise DataError(
                    f"unknown elasticity set {chosen!r}; the baseline ships "
                    f"{', '.join(self.elasticities) or 'none'}"
                )
            return chosen, np.asarray(self.elasticities[chosen])
        return "user", np.asarray(chosen, dtype=float)

    def indices(self, codes: str | Sequence[str]) -> list[int]:
        """Positions of codes / groups (``"EU27"``, ``"ALL"``) in ``countries``."""
        pos = {c: k for k, c in enumerate(self.countries)}
        return [pos[c] for c in countries.resolve(codes, self.countries)]

    # -- derived quantities (tariff-exclusive, unit of ``flows``) --------------------
    def exports(self) -> np.ndarray:
        """Exports by country (excluding domestic sales), shape (N,)."""
        X = self.flows.sum(axis=2)
        return X.sum(axis=1) - np.diag(X)

    def imports(self) -> np.ndarray:
        """Imports by country (excluding domestic sales), shape (N,)."""
        X = self.flows.sum(axis=2)
        return X.sum(axis=0) - np.diag(X)

    def trade_deficit(self) -> np.ndarray:
        """Imports minus exports by country, shape (N,)."""
        return self.imports() - self.exports()

    # -- validation ----------------------------------------------------------------
    def validate(self) -> None:
        """Raise :class:`DataError` naming the first inconsistency found."""
        N, S = len(self.countries), len(self.sectors)
        if len(set(self.countries)) != N:
            dup = sorted({c for c in self.countries if self.countries.count(c) > 1})
            raise DataError(f"duplicate country codes in baseline: {dup}")
        unknown = [
            c for c in self.countries if not (countries.is_known_code(c) or c in self.regions)
        ]
        if unknown:
            raise DataError(f"unknown country codes in baseline: {unknown[:10]}")
        for name, arr, shape in (
            ("flows", self.flows, (N, N, S)),
            ("tariffs", self.tariffs, (N, N, S)),
            ("gdp", self.gdp, (N,)),
        ):
            if arr.shape != shape:
                raise DataError(f"baseline {name} has shape {arr.shape}, expected {shape}")
            if not np.all(np.isfinite(arr)):
                raise DataError(f"baseline {name} contains NaN or infinite values")
        if (self.flows < 0).any():
            i, n, s = np.argwhere(self.flows < 0)[0]
            if i == n:
                raise DataError(
                    f"negative domestic sales (absorption of own output) "
                    f"{self.flows[i, n, s]:.4g} in {self.countries[i]}, sector "
                    f"{self.sectors[s]!r}: output is smaller than exports"
                )
            raise DataError(
                f"negative trade flow {self.flows[i, n, s]:.4g} from {self.countries[i]} to "
                f"{self.countries[n]} in sector {self.sectors[s]!r}"
            )
        if (self.tariffs <= -1).any():
            raise DataError("baseline tariffs must be above -100% (fractions > -1)")
        if (self.gdp <= 0).any():
            bad = [self.countries[k] for k in np.flatnonzero(self.gdp <= 0)]
            raise DataError(f"non-positive GDP for {bad[:10]}")
        absorption = self.flows.sum(axis=(0, 2))
        if (absorption <= 0).any():
            bad = [self.countries[k] for k in np.flatnonzero(absorption <= 0)]
            raise DataError(f"zero total absorption (no purchases at all) for {bad[:10]}")
        for key, vec in self.schedules.items():
            if vec.shape not in ((N,), (N, N, S)):
                raise DataError(f"schedule {key!r} has shape {vec.shape}, expected ({N},)")
        for key, vec in self.elasticities.items():
            if vec.shape != (S,) or not np.all(vec > 0):
                raise DataError(f"elasticity set {key!r} must be {S} positive numbers")
        self._validate_io(N, S)

    def _validate_io(self, N: int, S: int) -> None:
        va, G = self.value_added_share, self.io_shares
        if (va is None) != (G is None):
            raise DataError("value_added_share and io_shares must be given together")
        if va is None:
            return
        if va.shape != (N, S) or G.shape != (N, S, S):
            raise DataError(
                f"input-output data have shapes {va.shape} and {G.shape}, expected "
                f"({N}, {S}) and ({N}, {S}, {S})"
            )
        if not (np.all(np.isfinite(va)) and np.all((va >= 0) & (va <= 1))):
            raise DataError("value-added shares must lie in [0, 1]")
        # a source's rounding can leave tiny negatives (CP 1993: -0.0008 for Canada)
        if (G < -0.01).any() or not np.all(np.isfinite(G)):
            raise DataError("input-output shares must be finite and non-negative")
        col = G.sum(axis=1)
        bad = ~(np.isclose(col, 1.0, atol=1e-6) | ((col == 0) & np.isclose(va, 1.0)))
        if bad.any():
            n, j = np.argwhere(bad)[0]
            raise DataError(
                f"input shares of sector {self.sectors[j]!r} in {self.countries[n]} sum to "
                f"{col[n, j]:.4g}, not 1"
            )


def goods_sectors(baseline: Baseline) -> list[int]:
    """Indices of goods sectors (ISIC A-C: agriculture, mining, manufacturing, and split
    parts of them); customs series count goods only."""
    out = []
    for k, name in enumerate(baseline.sectors):
        code = name.split()[0]
        isic_service = code[:1] in "DEFGHIJKLMNOPQRSTU" and code[1:2].isdigit()
        if not isic_service and "service" not in name.lower():
            out.append(k)
    return out


def _from_fields(fields: dict) -> Baseline:
    """A :class:`Baseline` from its fields (the other half of ``Baseline.__reduce__``)."""
    return Baseline(**fields)
