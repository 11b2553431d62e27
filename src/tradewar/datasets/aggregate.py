"""Aggregate countries into regions and sectors into groups; split a sector or a country.

Every operation returns a new :class:`Baseline` and conserves totals: world flows,
each (merged) country's sales, purchases, value added and deficit. Rules:

* flows and value added are summed;
* tariffs become trade-weighted means over the merged cells (simple means where there is
  no trade); trade inside a merged region becomes domestic and untaxed;
* input-output shares are rebuilt from absolute input purchases
  ``Z[n, k, j] = G[n, k, j] (1 - va[n, j]) GO[n, j]``;
* sector elasticities become import-weighted means;
* a split (docs/model.md D.3, the SplitCom idea) divides every flow of the parent sector by
  the given shares; the new sectors inherit the parent's tariffs, value-added share,
  input mix (column) and elasticity unless given, and the parent's row of input shares
  is divided in proportion to each using country's purchases of the new sectors;
* a country split (:func:`split_country`) divides a country into regions by fixed shares
  of everything it sells and buys; regions trade with each other in proportion to their
  sizes, untaxed, and keep the parent's tariffs, IO structure and elasticities.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.countries import resolve
from tradewar.core.errors import DataError


def _mapping(
    labels: Sequence[str], groups: Mapping[str, Sequence[str]], kind: str, keep_rest: bool
) -> tuple[list[str], np.ndarray]:
    """New labels and the 0/1 matrix (new x old) that sums old items into new ones."""
    owner: dict[str, str] = {}
    for new, members in groups.items():
        for m in members:
            if m not in labels:
                raise DataError(f"unknown {kind} {m!r} in group {new!r}")
            if m in owner:
                raise DataError(f"{kind} {m!r} is in two groups ({owner[m]!r}, {new!r})")
            owner[m] = new
    new_labels: list[str] = []
    for old in labels:
        target = owner.get(old, old if keep_rest else None)
        if target is None:
            raise DataError(f"{kind} {old!r} is in no group; list it or keep the rest")
        if target not in new_labels:
            new_labels.append(target)
    A = np.zeros((len(new_labels), len(labels)))
    for k, old in enumerate(labels):
        A[new_labels.index(owner.get(old, old)), k] = 1.0
    return new_labels, A


def _ratio(num: np.ndarray, den: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """``num / den`` where ``den > 0``, else ``fallback`` (elementwise)."""
    safe = np.where(den > 0, den, 1.0)
    return np.where(den > 0, num / safe, fallback)


def _cube(C: np.ndarray, S: np.ndarray, cube: np.ndarray) -> np.ndarray:
    """Sum a [i, n, s] cube over merged exporters, importers and sectors."""
    return np.einsum("ai,bn,ts,ins->abt", C, C, S, cube, optimize=True)


def _trade_weighted(C, S, rates: np.ndarray, flows: np.ndarray) -> np.ndarray:
    """Trade-weighted mean of a [i, n, s] rate cube; simple mean where nothing is traded."""
    cells = _cube(C, S, np.ones_like(rates))
    return _ratio(_cube(C, S, rates * flows), _cube(C, S, flows), _cube(C, S, rates) / cells)


def _rebuild(
    b: Baseline,
    C: np.ndarray,
    S: np.ndarray,
    countries: list[str],
    sectors: list[str],
    regions: dict,
) -> Baseline:
    """Apply country map C (M x N) and sector map S (T x S_old) to every field of ``b``."""
    X = _cube(C, S, b.flows)
    tariffs = _trade_weighted(C, S, b.tariffs, b.flows)
    M = len(countries)
    tariffs[np.arange(M), np.arange(M), :] = 0.0
    io: dict = {}
    if b.has_io:
        GO = b.gross_output()
        va = np.asarray(b.value_added_share)
        purchases = np.asarray(b.io_shares) * ((1 - va) * GO)[:, None, :]
        Z = np.einsum("an,kK,jJ,nKJ->akj", C, S, S, purchases, optimize=True)
        VA = np.einsum("an,jJ,nJ->aj", C, S, va * GO, optimize=True)
        output = np.einsum("an,jJ,nJ->aj", C, S, GO, optimize=True)
        inputs = Z.sum(axis=1)
        io["value_added_share"] = np.where(
            inputs > 0, np.clip(_ratio(VA, output, np.ones_like(output)), 0, 1), 1.0
        )
        io["io_shares"] = _ratio(Z, inputs[:, None, :], np.zeros_like(Z))
    imports = (b.flows * (1 - np.eye(b.n_countries))[:, :, None]).sum(axis=(0, 1))
    elasticities = {
        name: _ratio(S @ (e * imports), S @ imports, (S @ e) / S.sum(axis=1))
        for name, e in b.elasticities.items()
    }
    exports = b.exports()
    schedules = {
        name: _trade_weighted(C, S, v, b.flows)
        if v.ndim == 3
        else _ratio(C @ (v * exports), C @ exports, (C @ v) / C.sum(axis=1))
        for name, v in b.schedules.items()
    }
    return Baseline(
        countries=tuple(countries),
        sectors=tuple(sectors),
        flows=X,
        gdp=C @ b.gdp,
        tariffs=tariffs,
        unit=b.unit,
        source=b.source,
        schedules=schedules,
        elasticities=elasticities,
        regions={**b.regions, **regions},
        **io,
    )


def aggregate_countries(
    baseline: Baseline, groups: Mapping[str, str | Sequence[str]], rest: str | None = None
) -> Baseline:
    """Merge countries into regions, e.g. ``{"EU27": "EU27"}`` or ``{"NAFTA": ["CAN", ...]}``.

    Members may be codes or group names (``"EU27"``); members absent from the baseline are
    skipped. ``rest`` (e.g. ``"ROW"``) collects every country not in a group; without it
    they stay as they are.
    """
    labels = baseline.countries
    resolved = {name: resolve(m, labels) for name, m in groups.items()}
    if rest is not None:
        taken = {c for ms in resolved.values() for c in ms}
        resolved[rest] = [c for c in labels if c not in taken]
    resolved = {k: v for k, v in resolved.items() if v}
    new, C = _mapping(labels, resolved, "country", keep_rest=True)
    S = np.eye(baseline.n_sectors)
    regions = {k: tuple(v) for k, v in resolved.items() if k not in labels or len(v) > 1}
    return _rebuild(baseline, C, S, new, list(baseline.sectors), regions)


def aggregate_sectors(baseline: Baseline, groups: Mapping[str, Sequence[str]]) -> Baseline:
    """Merge sectors, e.g. ``{"Goods": [...], "Services": [...]}``; others stay as they are."""
    new, S = _mapping(baseline.sectors, groups, "sector", keep_rest=True)
    C = np.eye(baseline.n_countries)
    return _rebuild(baseline, C, S, list(baseline.countries), new, {})


def split_sector(
    baseline: Baseline,
    sector: str,
    shares: Mapping[str, float | np.ndarray],
    elasticities: Mapping[str, float] | None = None,
) -> Baseline:
    """Split ``sector`` into the sectors named in ``shares`` (which replace it, in order).

    Args:
        sector: the parent sector.
        shares: new sector -> share of each parent flow, a number or an array that
            broadcasts to (N, N) ([exporter, importer]); shares must lie in [0, 1] and sum
            to 1 for every flow.
        elasticities: new sector -> trade elasticity, overriding the parent's in every
            elasticity set (e.g. a low one for rare earths).
    """
    if sector not in baseline.sectors:
        raise DataError(f"unknown sector {sector!r}; available: {list(baseline.sectors)}")
    if len(shares) < 2:
        raise DataError("a split needs at least two new sectors")
    clash = [s for s in shares if s in baseline.sectors and s != sector]
    if clash:
        raise DataError(f"new sector names already exist: {clash}")
    N = baseline.n_countries
    parts = {k: np.broadcast_to(np.asarray(v, float), (N, N)) for k, v in shares.items()}
    total = sum(parts.values())
    if not np.allclose(total, 1.0, atol=1e-9):
        raise DataError(f"split shares of {sector!r} must sum to 1, not {float(total.max()):.6g}")
    if any(((p < 0) | (p > 1)).any() for p in parts.values()):
        raise DataError("split shares must lie in [0, 1]")
    j = baseline.sectors.index(sector)
    order = [*baseline.sectors[:j], *shares, *baseline.sectors[j + 1 :]]
    pick = [
        baseline.sectors.index(s) if s in baseline.sectors and s != sector else j for s in order
    ]
    new_pos = {name: order.index(name) for name in shares}

    flows = baseline.flows[:, :, pick].copy()
    for name, p in parts.items():
        flows[:, :, new_pos[name]] = baseline.flows[:, :, j] * p
    io: dict = {}
    if baseline.has_io:
        G = np.asarray(baseline.io_shares)[:, pick][:, :, pick].copy()
        parent_use = flows[:, :, list(new_pos.values())].sum(axis=(0, 2))  # [n]
        for k in new_pos.values():
            use = flows[:, :, k].sum(axis=0)
            weight = _ratio(use, parent_use, np.full(N, 1.0 / len(shares)))
            G[:, k, :] = np.asarray(baseline.io_shares)[:, j, pick] * weight[:, None]
        io = {"value_added_share": np.asarray(baseline.value_added_share)[:, pick], "io_shares": G}
    sets = {}
    for set_name, e in baseline.elasticities.items():
        new_e = e[pick].copy()
        for name, value in (elasticities or {}).items():
            new_e[new_pos[name]] = value
        sets[set_name] = new_e
    schedules = {k: (v[:, :, pick] if v.ndim == 3 else v) for k, v in baseline.schedules.items()}
    return baseline.replace(
        sectors=tuple(order),
        flows=flows,
        tariffs=baseline.tariffs[:, :, pick],
        schedules=schedules,
        elasticities=sets,
        **io,
    )


def floor_final_demand(baseline: Baseline) -> tuple[Baseline, int, float]:
    """``baseline`` (with IO links) with no negative final demand.

    Where the intermediate use of an input implied by the IO coefficients exceeds what
    the country buys of it (inventory drawdowns, gaps between tables), that input's
    coefficients are scaled down so its final demand is zero and the freed cost share of
    each user moves into its value added (our design; Caliendo and Parro instead set
    such final-demand shares to 0, leaving the baseline slightly off its identities).
    Returns (baseline, cells changed, share of world value added moved).
    """
    if not baseline.has_io:
        return baseline, 0, 0.0
    beta = np.asarray(baseline.value_added_share)
    G = np.asarray(baseline.io_shares)
    sales = baseline.flows.sum(axis=1)
    purchases = (baseline.flows * (1 + baseline.tariffs)).sum(axis=0)
    inter = np.einsum("njk,nk->nj", G * (1 - beta)[:, None, :], sales)
    factor = np.where(inter > purchases, purchases / np.where(inter > 0, inter, 1.0), 1.0)
    if (factor == 1.0).all():
        return baseline, 0, 0.0
    scaled = G * factor[:, :, None]
    kept = scaled.sum(axis=1)  # (N, users): share of intermediate cost kept
    new_beta = 1 - (1 - beta) * kept
    new_G = scaled / np.where(kept > 0, kept, 1.0)[:, None, :]
    moved = float(((new_beta - beta) * sales).sum() / (beta * sales).sum())
    out = baseline.replace(value_added_share=new_beta, io_shares=new_G)
    return out, int((factor < 1).sum()), moved


def split_country(baseline: Baseline, code: str, shares: Mapping[str, float]) -> Baseline:
    """Split country ``code`` into regions ``{name: share}`` (shares > 0, summing to 1).

    Region a sells ``s_a`` of the parent's exports to every partner and buys ``s_a`` of
    its imports from each; the parent's domestic flows become ``s_a s_b`` of them from a
    to b, untaxed. Each region's sales, purchases, value added and deficit are ``s_a`` of
    the parent's; tariffs, IO shares, elasticities and schedules are the parent's. Used to
    build large test cases (``benchmarks/scale.py``)."""
    if code not in baseline.countries:
        raise DataError(f"unknown country {code!r}")
    names = list(shares)
    s = np.array([float(shares[k]) for k in names])
    if (s <= 0).any() or not np.isclose(s.sum(), 1.0):
        raise DataError(f"region shares of {code} must be positive and sum to 1")
    clash = [k for k in names if k in baseline.countries and k != code]
    if clash:
        raise DataError(f"region names already exist: {clash}")
    c = baseline.index(code)
    keep = [k for k in range(baseline.n_countries) if k != c]
    N, R = len(keep), len(names)
    # mixing matrix M (N + R, N_old): new row/col = weighted copy of old ones
    M = np.zeros((N + R, baseline.n_countries))
    M[np.arange(N), keep] = 1.0
    M[N + np.arange(R), c] = s

    def both(cube: np.ndarray) -> np.ndarray:  # [i, n, ...] -> scaled on both axes
        return np.einsum("ai,bn,in...->ab...", M, M, cube)

    flows = both(baseline.flows)
    picks = np.array([*keep, *[c] * R])
    tariffs = baseline.tariffs[np.ix_(picks, picks)].copy()
    tariffs[N:, N:] = 0.0
    io = {}
    if baseline.has_io:
        io = {
            "value_added_share": np.asarray(baseline.value_added_share)[picks],
            "io_shares": np.asarray(baseline.io_shares)[picks],
        }
    schedules = {
        k: (v[np.ix_(picks, picks)] if v.ndim >= 2 else v[picks])
        for k, v in baseline.schedules.items()
    }
    countries = tuple([baseline.countries[k] for k in keep] + names)
    return baseline.replace(
        countries=countries,
        flows=flows,
        gdp=M @ baseline.gdp,
        tariffs=tariffs,
        schedules=schedules,
        regions={**baseline.regions, **{name: (code,) for name in names}},
        **io,
    )
