"""Parse command-line tariff changes such as ``USA:CHN=1.45`` or ``CHN:USA+=10%``.

Grammar: ``IMPORTER:EXPORTERS[@SECTORS]=RATE`` sets the rate,
``IMPORTER:EXPORTERS[@SECTORS]+=RATE`` adds it on top of the rate in force. IMPORTER and
EXPORTERS are ISO3 codes, groups (``EU27``) or ``ALL``; several exporters (or sectors) are
separated by commas; without ``@SECTORS`` all sectors are taxed. RATE is a fraction
(``1.45``) or a percentage (``145%``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradewar.core.errors import PolicyError
from tradewar.core.policy import HIGH_RATE, Policy

_PATTERN = re.compile(
    r"^\s*([A-Za-z0-9]+)\s*:\s*([A-Za-z0-9,\s]+?)\s*(?:@\s*([^=+]+?))?\s*(\+?=)\s*"
    r"([-+0-9.eE]+)\s*(%?)\s*$"
)


@dataclass(frozen=True)
class TariffChange:
    """One parsed change: ``importer`` taxes ``exporters`` at ``rate`` (fraction)."""

    importer: str
    exporters: tuple[str, ...]
    rate: float
    additional: bool
    sectors: tuple[str, ...] | None = None

    def apply(self, policy: Policy) -> Policy:
        """``policy`` with this tariff change applied."""
        return policy.tariff(
            self.importer,
            on=list(self.exporters),
            rate=self.rate,
            additional=self.additional,
            sectors=None if self.sectors is None else list(self.sectors),
        )


def parse(text: str, accept_high_rates: bool = False) -> TariffChange:
    """Parse one ``IMPORTER:EXPORTERS[@SECTORS][+]=RATE`` string; :class:`PolicyError` if it
    is malformed, below -100%, or above :data:`tradewar.core.policy.HIGH_RATE` without
    ``accept_high_rates``."""
    m = _PATTERN.match(text)
    if not m:
        raise PolicyError(
            f"cannot read tariff {text!r}: expected IMPORTER:EXPORTER=RATE, e.g. USA:CHN=1.45, "
            "USA:CHN+=0.10, CHN:USA=125% or USA:CHN@C26=0.5 (one sector)"
        )
    importer, exporters, sectors, op, number, percent = m.groups()
    try:
        rate = float(number)
    except ValueError:
        raise PolicyError(f"cannot read the rate {number!r} in tariff {text!r}") from None
    if percent:
        rate /= 100.0
    if rate <= -1:
        raise PolicyError(f"tariff {text!r} is below -100%; rates are fractions > -1")
    if rate > HIGH_RATE and not accept_high_rates:
        raise PolicyError(
            f"tariff {text!r} is {100 * rate:,.0f}%; did you mean {number}% (write "
            f"{number}% or {rate / 100:g})? Pass --accept-high-rates to use it as given"
        )
    codes = tuple(c.strip().upper() for c in exporters.split(",") if c.strip())
    chosen = None if sectors is None else tuple(s.strip() for s in sectors.split(",") if s.strip())
    return TariffChange(importer.upper(), codes, rate, op == "+=", chosen)
