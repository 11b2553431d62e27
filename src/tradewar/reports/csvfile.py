"""Report tables as CSV, fast: the same text as pandas' ``to_csv(float_format="%.6g")``,
formatted without a Python call per value.

pandas formats every float through a Python call with a missing-value check (about 2 µs a
value): the main job's ``monthly.csv`` (480,000 rows x 12 numbers) took most of the
report's time. Here columns that repeat (country codes, months, zeros) have each distinct
value formatted once, and the rows are formatted a chunk at a time by one ``%`` of a row
template, which formats the remaining floats in C; the output is byte
for byte pandas' (tested with hypothesis on random frames), and any frame this writer
does not know how to match (dates, categoricals, nullable dtypes, column levels) is
handed to pandas itself.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd

FLOAT_FORMAT = "%.6g"


def _quoted(text: str) -> str:
    """A field as the csv module writes it (minimal quoting, ``"`` doubled)."""
    if any(c in text for c in ',"\n'):  # pandas' line end is \n: a lone \r stays bare
        return '"' + text.replace('"', '""') + '"'
    return text


#: Rows formatted by one ``%`` call: large enough that the call's set-up is nothing,
#: small enough that its argument tuple stays a few MB.
CHUNK_ROWS = 50_000


def _laid_out(codes: np.ndarray, uniques, render) -> list[str]:
    """``render`` of each of the distinct values ``uniques`` once, laid out by row by
    ``codes`` (``pd.factorize``'s); code -1 (missing) becomes ""."""
    fields = np.array([render(u) for u in uniques.tolist()] + [""], dtype=object)
    return fields[codes].tolist()  # code -1 takes the last field, ""


def _by_value(values: np.ndarray, render) -> list[str]:
    """``render`` applied to each distinct value once, then laid out by row (report
    columns repeat a lot: country codes, months, zeros); missing values become ""."""
    return _laid_out(*pd.factorize(values, use_na_sentinel=True), render)


def _floats(values: np.ndarray, fmt: str) -> tuple[str, list]:
    """A float column as (template piece, values): the floats themselves under ``fmt``
    when most are distinct (formatted later in one ``%`` call, a fifth of a
    microsecond a value), their text under ``%s`` when they repeat or some are missing
    (pandas writes NaN as "")."""
    missing = bool(np.isnan(values).any())
    if np.any((values == 0) & np.signbit(values)):  # -0.0 and 0.0 are one value to pandas
        if not missing:
            return fmt, values.tolist()
        return "%s", ["" if math.isnan(x) else fmt % x for x in values.tolist()]
    if not missing:
        sample = values[:: max(1, len(values) // 1000)]
        if 4 * len(np.unique(sample)) > 3 * len(sample):  # mostly distinct: skip the hash
            return fmt, values.tolist()
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if not missing and 2 * len(uniques) > len(values):
        return fmt, values.tolist()
    return "%s", _laid_out(codes, uniques, lambda x: fmt % x)


def _column(series: pd.Series, fmt: str) -> tuple[str, list] | None:
    """The column as (template piece, values) for :func:`_rows`, or None when only
    pandas knows how to write its dtype."""
    kind = series.dtype.kind
    values = series.to_numpy()
    if kind == "f" and isinstance(series.dtype, np.dtype):
        return _floats(values, fmt)
    if kind in "iub" and isinstance(series.dtype, np.dtype):
        return "%s", _by_value(values, str)
    if kind == "O":
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        # a value equal to a string is a string: checking the distinct values is enough
        if (codes >= 0).all() and all(isinstance(x, str) for x in uniques.tolist()):
            return "%s", _laid_out(codes, uniques, _quoted)
        out = []
        for x in values.tolist():
            if x is None or (isinstance(x, float) and math.isnan(x)):
                out.append("")
            elif isinstance(x, str):
                out.append(_quoted(x))
            elif isinstance(x, int | float | bool | np.generic):
                out.append(_quoted(str(x)))
            else:
                return None  # e.g. dates or objects pandas renders its own way
        return "%s", out
    return None


def _rows(columns: list[tuple[str, list]], count: int) -> list[str]:
    """The lines of ``count`` rows: each chunk of rows is one ``%`` of a row template
    repeated (floats formatted in C, no Python call per value)."""
    row = ",".join(piece for piece, _ in columns)
    lists = [values for _, values in columns]
    out = []
    for start in range(0, count, CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, count)
        chunk = zip(*(values[start:stop] for values in lists), strict=True)
        flat = tuple(itertools.chain.from_iterable(chunk))
        out.append("\n".join([row] * (stop - start)) % flat)
    return out


def csv_text(frame: pd.DataFrame, index: bool = True, float_format: str = FLOAT_FORMAT) -> str:
    """``frame.to_csv(index=index, float_format=float_format)``, formatted column by column."""
    if isinstance(frame.columns, pd.MultiIndex):
        return frame.to_csv(index=index, float_format=float_format)
    columns: list[tuple[str, list]] = []
    header: list[str] = []
    if index:
        names = ["" if name is None else str(name) for name in frame.index.names]
        for level, name in enumerate(names):
            fields = _column(pd.Series(frame.index.get_level_values(level)), float_format)
            if fields is None:
                return frame.to_csv(index=index, float_format=float_format)
            columns.append(fields)
            header.append(_quoted(name))
    for k, name in enumerate(frame.columns):
        fields = _column(frame.iloc[:, k], float_format)
        if fields is None:
            return frame.to_csv(index=index, float_format=float_format)
        columns.append(fields)
        header.append(_quoted(str(name)))
    head = ",".join(header)
    if len(columns) == 1:  # the csv module quotes a lone empty field: a row, not a gap
        head = head or '""'
        piece, values = columns[0]
        if piece == "%s":
            columns = [(piece, [v or '""' for v in values])]
    lines = [head]
    if len(frame):
        lines += _rows(columns, len(frame))
    return "\n".join(lines) + "\n"


def write_csv(
    frame: pd.DataFrame, target: str | Path, index: bool = True, float_format: str = FLOAT_FORMAT
) -> None:
    """Write :func:`csv_text` of ``frame`` to ``target`` (UTF-8)."""
    Path(target).write_text(csv_text(frame, index, float_format), encoding="utf-8")
