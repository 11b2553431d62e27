"""Reproductions of published tables from the papers' own data.

Each module exposes ``compute(...) -> list[Row]``; a :class:`Row` is one number with the
published value beside it where the paper (via ``docs/model.md``) gives one.
"""

from __future__ import annotations

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

    def as_dict(self) -> dict:
        """The machine-readable form: table, case, country, column, value, published."""
        d = asdict(self)
        d.pop("printed_decimals")
        return d


def decimals(text: str) -> int:
    """Digits after the decimal point of a number as printed (``"-18.1"`` -> 1)."""
    return len(text.split(".")[1]) if "." in text else 0
