"""Who buys what: US households by income decile, retail margins, household spending.

Three tables, with their sources (docs/model.md M):

* **Spending by PCE product and decile** (US, 2023): BEA's distribution of personal
  consumption expenditures by household income decile (prototype statistics; 16 PCE
  major products), shipped as USD bn by product and decile in ``households.json``, built
  by ``scripts/build_households.py`` from ``us_households/distributional_pce_2023.csv``.
  A user's own table in BEA's layout (``pce_mp, pce_title, total_billions, d1 ... d10``,
  shares in percent) is read by :func:`read_distribution`.
* **Households and incomes by decile** (US, 2023): :data:`CE_DECILES`, BLS Consumer
  Expenditure Surveys 2023, Table 1110 "Deciles of income before taxes".
* **Retail margins and household spending by country** (2022): from the OECD national
  input-output tables (:func:`margins_from_niot`): the wholesale, retail and freight
  margins on households' goods purchases and households' final consumption.

:data:`PCE_PRODUCT` maps the model's sectors to PCE products (our table).
"""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from tradewar.core.errors import DataError, read_user_text

FILE = "households.json"

#: BLS Consumer Expenditure Surveys, 2023, Table 1110 "Deciles of income before taxes"
#: (calendar year 2023; consumer units, thousands; mean income before and after taxes and
#: mean annual expenditures, USD per consumer unit), deciles 1 (lowest) to 10. The
#: BLS's consumer units are close to households; its deciles rank by income before
#: taxes, as BEA's distribution of consumption does.
CE_DECILES: dict[str, tuple[float, ...]] = {
    "consumer_units_thousands": (
        13225, 13495, 13589, 13395, 13525, 13502, 13426, 13476, 13433, 13491,
    ),
    "income_before_taxes_usd": (
        8438, 22610, 34351, 47244, 62076, 80054, 102530, 130851, 175332, 353318,
    ),
    "income_after_taxes_usd": (
        9059, 23141, 34879, 46446, 58673, 74553, 93494, 115584, 150203, 271617,
    ),
    "expenditures_usd": (
        31900, 35602, 45739, 52148, 60929, 70050, 80213, 95606, 119303, 180758,
    ),
}  # fmt: skip
CE_SOURCE = (
    "BLS, Consumer Expenditure Surveys 2023, Table 1110 (deciles of income before taxes): "
    "134.6 million consumer units"
)

#: Model sector -> PCE major product (BEA NIPA table 2.3.5 line, as ``pce_mp`` in BEA's
#: distribution). Our table (docs/model.md M.3): each sector to the product that holds most
#: of what households buy from it; every service to the services products together.
PCE_PRODUCT: dict[str, int] = {
    "A01": 9, "A03": 9, "C10T12": 9,  # food and beverages off premises
    "C13T15": 10,  # clothing and footwear
    "B05": 11, "B06": 11, "C19": 11,  # gasoline and other energy goods
    "C29": 4,  # motor vehicles and parts
    "C16": 5, "C23": 5, "C25": 5, "C28": 5, "C31T33": 5,  # furnishings, household equipment
    "Other electrical equipment": 5, "Magnets": 5, "C27": 5,
    "C26": 6, "Nexperia chips": 6, "C301": 6, "C302T309": 6,  # recreational goods, vehicles
    "C24A": 7, "C24B": 7,  # other durable goods
    "A02": 12, "B07": 12, "Rare earths": 12, "Other metal ores": 12, "B08": 12,
    "B09": 12, "C17_18": 12, "C20": 12, "C21": 12, "C22": 12,  # other nondurable goods
}  # fmt: skip
#: PCE products that are services (every service sector of a baseline maps to them).
SERVICE_PRODUCTS = (15, 16, 17, 18, 19, 20, 21, 22)

#: How far a row of deciles may stray from 100 (BEA rounds each share to 0.01).
SHARE_TOLERANCE = 0.5


@dataclass(frozen=True)
class Distribution:
    """Household spending by product and decile: ``pce_mp`` (P,) BEA's product lines,
    ``titles`` (P,), ``spending`` (P, 10) USD bn a year (product total x decile share),
    ``year``."""

    pce_mp: tuple[int, ...]
    titles: tuple[str, ...]
    spending: np.ndarray
    year: int

    def decile_spending(self) -> np.ndarray:
        """Total spending of each decile, USD bn a year (10,)."""
        return self.spending.sum(axis=0)


def _distribution_rows(text: str, where: str) -> Distribution:
    rows = list(csv.DictReader(io.StringIO(text)))
    columns = ["pce_mp", "pce_title", "total_billions", *[f"d{k}" for k in range(1, 11)]]
    if not rows or any(c not in rows[0] for c in columns):
        raise DataError(f"{where}: needs the columns {', '.join(columns)}")
    mp, titles, spending = [], [], []
    for line, row in enumerate(rows, start=2):
        try:
            total = float(row["total_billions"])
            shares = np.array([float(row[f"d{k}"]) for k in range(1, 11)])
            product = int(row["pce_mp"])
        except (TypeError, ValueError):
            raise DataError(f"{where}, line {line}: a value is not a number") from None
        label = f"{where}, line {line} ({row['pce_title']})"
        if total < 0 or (shares < 0).any():
            raise DataError(f"{label}: negative spending or share")
        if abs(shares.sum() - 100.0) > SHARE_TOLERANCE:
            raise DataError(f"{label}: the decile shares sum to {shares.sum():.2f}, not 100")
        mp.append(product)
        titles.append(row["pce_title"])
        spending.append(total * shares / shares.sum())
    return Distribution(tuple(mp), tuple(titles), np.array(spending), 2023)


def read_distribution(path: str | Path) -> Distribution:
    """A distribution of spending by decile in BEA's layout (``pce_mp, pce_title,
    total_billions, d1 ... d10``, shares in percent summing to 100 in each row); a
    one-line :class:`DataError` names a row that does not."""
    return _distribution_rows(read_user_text(path, "distribution", DataError), str(path))


@functools.cache
def shipped() -> dict:
    """The shipped tables (``households.json``, built by ``scripts/build_households.py``)."""
    return json.loads(resources.files("tradewar.datasets.data").joinpath(FILE).read_text())


def us_distribution() -> Distribution:
    """BEA's 2023 distribution of US consumption by decile, as shipped."""
    pce = shipped()["pce"]
    products = pce["products"]
    return Distribution(
        tuple(p["pce_mp"] for p in products),
        tuple(p["title"] for p in products),
        np.array([p["usd_bn_by_decile"] for p in products]),
        int(pce["year"]),
    )


def margins(countries) -> np.ndarray:
    """The distribution margin on households' goods purchases by country (N,), a
    fraction of the purchase price (docs/model.md M.2); the median of the economies in the
    tables for one they do not cover (``ROW``)."""
    table = shipped()["margins"]["by_country"]
    median = float(np.median([v["margin"] for v in table.values()]))
    return np.array([table[c]["margin"] if c in table else median for c in countries])


def household_consumption(countries) -> np.ndarray:
    """Households' final consumption by country (N,), USD bn a year (2022, purchasers'
    prices; NaN for an economy the tables do not cover)."""
    table = shipped()["margins"]["by_country"]
    return np.array([table[c]["hfce_usd_bn"] if c in table else np.nan for c in countries])


#: Rows of the national tables that carry distribution margins to households: wholesale
#: and retail trade (G), warehousing and support for transport (H52), postal and courier
#: (H53). Land, water and air transport (H49-H51) are left out: in these tables they
#: cannot be told apart from households' own travel.
MARGIN_ROWS = ("TTL_G", "TTL_H52", "TTL_H53")


def margins_from_niot(path: str | Path) -> tuple[float, float]:
    """``(margin, household consumption in USD bn)`` of one national table (the OECD's
    ``XXX2022ttl.csv``, USD million, basic prices): the margin is households' purchases
    of :data:`MARGIN_ROWS` over those plus their purchases of goods (rows A, B and C), the
    share of a goods purchase that pays for getting it to the shop."""
    text = read_user_text(path, "national input-output table", DataError)
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if "HFCE" not in header:
        raise DataError(f"{path}: no HFCE column")
    col = header.index("HFCE")
    values = {row[0]: float(row[col]) for row in reader if row and row[0]}
    goods = sum(v for k, v in values.items() if k.startswith("TTL_") and k[4:5] in "ABC")
    margin = sum(values.get(k, 0.0) for k in MARGIN_ROWS)
    total = sum(v for k, v in values.items() if k.startswith("TTL_") and k != "TTL_INT_FNL")
    total += values.get("TXS_INT_FNL", 0.0) + values.get("IMP_OTHER", 0.0)
    if margin < 0 or goods <= 0:
        raise DataError(f"{path}: negative margin or no goods bought by households")
    return margin / (margin + goods), total / 1000.0
