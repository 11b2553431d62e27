"""Exceptions with messages a user can act on.

Every error the package raises on bad input derives from :class:`TradewarError`
(itself a ``ValueError``), so callers can catch one type.
"""

from __future__ import annotations


class TradewarError(ValueError):
    """Base class of all user-facing errors of tradewar."""


class CountryError(TradewarError):
    """An unknown or ambiguous country / group code."""


class DataError(TradewarError):
    """A data file is missing, malformed or economically inconsistent."""


class PolicyError(TradewarError):
    """A counterfactual policy is invalid (e.g. a tariff below -100%)."""


class ModelOptionError(TradewarError, TypeError):
    """A model was given an option its family does not take (also a ``TypeError``)."""


class SolverError(TradewarError):
    """The equilibrium solver did not converge.

    Attributes:
        scenario: name of the scenario that failed.
        max_residual: largest scaled residual at the last iterate.
        iterations: Newton iterations performed.
    """

    def __init__(self, scenario: str, max_residual: float, iterations: int, hint: str = ""):
        self.scenario = scenario
        self.max_residual = max_residual
        self.iterations = iterations
        msg = (
            f"equilibrium for scenario {scenario!r} did not converge: max scaled residual "
            f"{max_residual:.3g} after {iterations} Newton iterations"
        )
        super().__init__(msg + (f". {hint}" if hint else ""))


def read_user_text(path, what: str, error: type[TradewarError] = TradewarError) -> str:
    """The text of a file a user named (``what``: e.g. "scenario file"), as UTF-8.

    A missing file, a folder, an unreadable file, binary content or text in another
    encoding is one ``error`` naming the file and the problem, never a traceback.
    """
    from pathlib import Path

    path = Path(path)
    if path.is_dir():
        raise error(f"{what} {str(path)!r} is a folder; give a file")
    if not path.is_file():
        raise error(f"{what} {str(path)!r} not found")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"{what} {str(path)!r} cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in raw[:8192]:
        raise error(f"{what} {str(path)!r} is a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"{what} {str(path)!r} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at "
            f"position {exc.start}); save it as UTF-8"
        ) from None
