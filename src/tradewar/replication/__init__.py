"""Reproductions of published tables from the papers' own data.

Each module exposes ``compute(...) -> list[Row]``; a :class:`Row` is one number with the
published value beside it where the paper (via ``docs/model.md``) gives one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Row:
    """One reproduced number: ``value`` is ours, ``published`` the paper's (None if not given)."""

    table: str
    case: str
    country: str
    column: str
    value: float
    published: float | None = None
    printed_decimals: int = 2

    @property
    def agrees(self) -> bool | None:
        """Whether ``value`` equals ``published`` to the printed digit (None: nothing
        published)."""
        if self.published is None:
            return None
        return abs(round(self.value, self.printed_decimals) - self.published) < 1e-9

    def as_dict(self) -> dict:
        """The machine-readable form: table, case, country, column, value, published."""
        d = asdict(self)
        d.pop("printed_decimals")
        return d


def decimals(text: str) -> int:
    """Digits after the decimal point of a number as printed (``"-18.1"`` -> 1)."""
    return len(text.split(".")[1]) if "." in text else 0


def table_layout(
    rows: Sequence[Row], table: str
) -> tuple[list[str], dict[tuple[str, str], dict[str, Row]]]:
    """The rows of ``table`` in the paper's layout: its columns in order, and for each
    (case, country) the row of each column (the CLI and the site print it)."""
    selected = [r for r in rows if r.table == table]
    columns = list(dict.fromkeys(r.column for r in selected))
    cells: dict[tuple[str, str], dict[str, Row]] = {}
    for r in selected:
        cells.setdefault((r.case, r.country), {})[r.column] = r
    return columns, cells
