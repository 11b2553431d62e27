"""Parse command-line tariff changes such as ``USA:CHN=1.45`` or ``CHN:USA+=10%``.

Grammar: ``IMPORTER:EXPORTERS=RATE`` sets the rate, ``IMPORTER:EXPORTERS+=RATE`` adds it
on top of the rate in force. IMPORTER and EXPORTERS are ISO3 codes, groups (``EU27``) or
``ALL``; several exporters are separated by commas. RATE is a fraction (``1.45``) or a
percentage (``145%``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradewar.errors import PolicyError
from tradewar.policy import Policy

_PATTERN = re.compile(
    r"^\s*([A-Za-z0-9]+)\s*:\s*([A-Za-z0-9,\s]+?)\s*(\+?=)\s*([-+0-9.eE]+)\s*(%?)\s*$"
)


@dataclass(frozen=True)
class TariffChange:
    """One parsed change: ``importer`` taxes ``exporters`` at ``rate`` (fraction)."""

    importer: str
    exporters: tuple[str, ...]
    rate: float
    additional: bool

    def apply(self, policy: Policy) -> Policy:
        return policy.tariff(
            self.importer, on=list(self.exporters), rate=self.rate, additional=self.additional
        )


def parse(text: str) -> TariffChange:
    """Parse one ``IMPORTER:EXPORTERS[+]=RATE`` string; :class:`PolicyError` if malformed."""
    m = _PATTERN.match(text)
    if not m:
        raise PolicyError(
            f"cannot read tariff {text!r}: expected IMPORTER:EXPORTER=RATE, e.g. USA:CHN=1.45, "
            "USA:CHN+=0.10 or CHN:USA=125%"
        )
    importer, exporters, op, number, percent = m.groups()
    try:
        rate = float(number)
    except ValueError:
        raise PolicyError(f"cannot read the rate {number!r} in tariff {text!r}") from None
    if percent:
        rate /= 100.0
    if rate <= -1:
        raise PolicyError(f"tariff {text!r} is below -100%; rates are fractions > -1")
    codes = tuple(c.strip().upper() for c in exporters.split(",") if c.strip())
    return TariffChange(importer.upper(), codes, rate, op == "+=")
