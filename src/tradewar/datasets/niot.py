"""OECD national input-output tables 2022: input-output links for the ICIO 2022 cube.

Each ``oecd_niot_2022/XXX2022ttl.csv`` (USD million; 80 economies x 50 industries, total
use = domestic + imported) gives, for every using industry, its purchases of each input
(``TTL_*`` rows), other imports and taxes on products (``IMP_OTHER``, ``TXS_INT_FNL``),
value added (``VALU``) and gross output (``OUTPUT``). Industries are aggregated to the
cube's sectors (its 27 goods sectors keep their codes; the rest make
``Services (aggregate)``), giving by country the value-added share ``beta[n, j]`` =
value added / output and the input shares ``G[n, k, j]`` = purchases of input k / all
intermediate purchases of user j (``IMP_OTHER`` and taxes are spread over the inputs in
proportion). Sourcing by origin is not in the national tables: the Caliendo-Parro model
buys each input from the origins of the cube's trade shares for that input in that
country (import proportionality). ``ROW``, which has no table, takes the pooled
coefficients of the 80 economies (our design).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError
from tradewar.datasets.aggregate import floor_final_demand
from tradewar.datasets.paths import dataset_folder

FOLDER = "oecd_niot_2022"
SERVICES = "Services (aggregate)"


@dataclass(frozen=True)
class NationalTable:
    """One economy's table aggregated to ``sectors``: ``inputs`` (S, S) [input, user],
    ``value_added`` (S,), ``output`` (S,), USD million; ``identity_errors``: the largest
    relative gaps of the table's own identities (uses = total, costs + VA = output)."""

    inputs: np.ndarray
    value_added: np.ndarray
    output: np.ndarray
    identity_errors: tuple[float, float]


def _aggregator(industries: list[str], sectors: tuple[str, ...]) -> np.ndarray:
    """(len(sectors), len(industries)) 0/1 matrix mapping NIOT industries to sectors."""
    agg = np.zeros((len(sectors), len(industries)))
    for k, code in enumerate(industries):
        target = code if code in sectors else SERVICES
        if target not in sectors:
            raise DataError(f"industry {code!r} maps to no sector of the baseline")
        agg[sectors.index(target), k] = 1.0
    return agg


def read_table(path: Path, sectors: tuple[str, ...]) -> NationalTable:
    """Read and aggregate one national table (see the module docstring)."""
    try:
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header = rows[0][1:]
        table = {r[0]: np.array([float(v or 0) for v in r[1:]]) for r in rows[1:]}
        industries = [r[4:] for r in table if r.startswith("TTL_") and r != "TTL_INT_FNL"]
        n = len(industries)
        if header[:n] != industries:
            raise DataError(f"{path}: industry columns do not match the TTL_ rows")
        Z = np.array([table[f"TTL_{k}"][:n] for k in industries])
        other = table["IMP_OTHER"][:n] + table["TXS_INT_FNL"][:n]
        va, output = table["VALU"][:n], table["OUTPUT"][:n]
        total = np.array([table[f"TTL_{k}"][header.index("TOTAL")] for k in industries])
    except (OSError, KeyError, ValueError, IndexError) as exc:
        raise DataError(f"malformed national IO table {str(path)!r}: {exc}") from exc
    uses = np.array([table[f"TTL_{k}"][: header.index("TOTAL")].sum() for k in industries])
    scale = np.maximum(np.abs(output), 1.0)
    use_error = float(np.max(np.abs(uses - total) / scale))
    cost_error = float(np.max(np.abs(Z.sum(axis=0) + other + va - output) / scale))
    agg = _aggregator(industries, sectors)
    purchases = Z + other[None, :] * np.divide(
        Z, Z.sum(axis=0, keepdims=True), out=np.zeros_like(Z), where=Z.sum(axis=0) > 0
    )
    return NationalTable(
        inputs=agg @ purchases @ agg.T,
        value_added=agg @ va,
        output=agg @ output,
        identity_errors=(use_error, cost_error),
    )


def with_io(baseline: Baseline, root: str | os.PathLike | None = None) -> tuple[Baseline, dict]:
    """``baseline`` (the ICIO 2022 cube) with input-output links from the national tables,
    GDP = value added; returns it with a provenance record of the identity checks."""
    folder = dataset_folder(FOLDER, root)
    sectors = baseline.sectors
    S = len(sectors)
    tables: dict[str, NationalTable] = {}
    for code in baseline.countries:
        path = folder / f"{code}2022ttl.csv"
        if path.is_file():
            tables[code] = read_table(path, sectors)
        elif code != "ROW":
            raise DataError(f"no national IO table for {code} in {folder}")
    pooled_inputs = sum(t.inputs for t in tables.values())
    pooled_va = sum(t.value_added for t in tables.values())
    pooled_out = sum(t.output for t in tables.values())
    beta = np.zeros((baseline.n_countries, S))
    G = np.zeros((baseline.n_countries, S, S))
    output_gap = 0.0
    sales = baseline.flows.sum(axis=1)
    for n, code in enumerate(baseline.countries):
        t = tables.get(code)
        inputs, va, out = (
            (pooled_inputs, pooled_va, pooled_out)
            if t is None
            else (t.inputs, t.value_added, t.output)
        )
        if t is not None:
            output_gap = max(
                output_gap, float(np.max(np.abs(out - sales[n]) / np.maximum(sales[n], 1.0)))
            )
        # a sector without output or inputs in a table takes the pooled coefficients
        own = (out > 0) & (inputs.sum(axis=0) > 0)
        share_va = np.where(own, va / np.where(own, out, 1.0), pooled_va / pooled_out)
        cols = np.where(own[None, :], inputs, pooled_inputs)
        beta[n] = np.clip(share_va, 0.0, 1.0)
        G[n] = cols / cols.sum(axis=0, keepdims=True)
    purchases = (baseline.flows * (1 + baseline.tariffs)).sum(axis=0)
    linked, capped, moved = floor_final_demand(
        baseline.replace(value_added_share=beta, io_shares=G)
    )
    beta, G = linked.value_added_share, linked.io_shares
    value_added = (beta * sales).sum(axis=1)
    with_links = linked.replace(
        gdp=value_added,
        source=baseline.source.replace("GDP = gross output (no IO table)", "")
        + f"; IO links: {FOLDER} (OECD national IO tables 2022, total use) by import "
        "proportionality, GDP = value added",
    )
    errors = np.array([t.identity_errors for t in tables.values()])
    costs = beta + (1 - beta) * G.sum(axis=1)
    provenance = {
        "io_tables": f"{FOLDER}: {len(tables)} economies; ROW: pooled coefficients",
        "identities": {
            "table_uses_equal_total_max_rel_error": float(errors[:, 0].max()),
            "table_costs_plus_va_equal_output_max_rel_error": float(errors[:, 1].max()),
            "table_output_vs_cube_sales_max_rel_error": output_gap,
            "baseline_costs_plus_va_equal_output_max_abs_error": float(np.abs(costs - 1).max()),
            "baseline_sales_equal_intermediate_plus_final_max_rel_error": _sales_gap(
                beta, G, sales, purchases, value_added, baseline
            ),
        },
        "negative_final_demand": f"{capped} cells (country x sector) whose intermediate use "
        "exceeded purchases: their input coefficients scaled down to make final demand "
        f"zero, the cost moved to the users' value added ({100 * moved:.3f}% of world "
        "value added; our design)",
    }
    return with_links, provenance


def _sales_gap(beta, G, sales, purchases, value_added, baseline: Baseline) -> float:
    """Largest relative gap of purchases = intermediate use + final demand with final
    demand = income x shares that sum to one (the model's calibration)."""
    inter = np.einsum("njk,nk->nj", G * (1 - beta)[:, None, :], sales)
    final = purchases - inter
    revenue = (baseline.flows * baseline.tariffs).sum(axis=(0, 2))
    surplus = (sales - baseline.flows.sum(axis=0)).sum(axis=1)
    income = value_added + revenue - surplus
    return float(np.max(np.abs(final.sum(axis=1) - income) / income) + max(0.0, -final.min()))
