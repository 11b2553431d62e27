"""Country codes, names and groups (EU27 ...) via ``country_converter``.

We rely on the maintained ``country_converter`` package (IndEcol) for ISO3 codes,
names and memberships instead of a hand-written table.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path

from tradewar.core.errors import CountryError
from tradewar.runtime.cache import cache_dir, kept

#: Codes that are regions rather than ISO3 countries and are accepted as labels.
REGION_CODES = frozenset({"ROW", "EU", "EU27", "NONUS", "WLD"})


@cache
def _converter():
    import logging

    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


def _codes_file() -> Path | None:
    """Where the ISO3 list is kept between processes (reading it through
    country_converter loads pandas: about a quarter of a second at every start): the
    user cache folder (:mod:`tradewar.runtime.cache`), keyed by the country_converter
    version; None when caching is off."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        version = metadata.version("country_converter")
    except metadata.PackageNotFoundError:
        return None
    return folder / f"iso3-country_converter-{version}.json"


@cache
def _known_iso3() -> frozenset[str]:
    return kept(
        _codes_file(),
        lambda path: frozenset(json.loads(path.read_text())),
        lambda: frozenset(str(c) for c in _converter().data["ISO3"].dropna()),
        lambda codes, path: path.write_text(json.dumps(sorted(codes))),
    )


def known_codes() -> list[str]:
    """All ISO3 codes known to country_converter, sorted."""
    return sorted(_known_iso3())


def country_name(code: str) -> str:
    """Short English name of an ISO3 code (the code itself for region labels)."""
    if code in REGION_CODES:
        return code
    name = _converter().convert(code, src="ISO3", to="name_short", not_found=None)
    return str(name)


def to_iso3(name: str) -> str:
    """ISO3 code of a country name as written in statistics (``"Burma"`` -> ``"MMR"``)."""
    from tradewar.core.errors import CountryError

    code = _converter().convert(name, to="ISO3", not_found=None)
    if not isinstance(code, str) or code not in _known_iso3():
        raise CountryError(f"cannot map country name {name!r} to an ISO3 code")
    return code


def is_known_code(code: str) -> bool:
    """True for ISO3 codes known to country_converter and for region labels."""
    return code in REGION_CODES or code in _known_iso3()


def eu27() -> tuple[str, ...]:
    """ISO3 codes of the 27 EU member states (as of 2020, after Brexit)."""
    return tuple(str(c) for c in _converter().EU27as("ISO3")["ISO3"])


GROUPS = {"EU27": eu27}


def closest_codes(code: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Codes among ``candidates`` that look most like ``code`` (for error messages).

    Codes one typo away (same length, one letter different) come first, then the closest
    by ``difflib``.
    """
    code = code.upper()
    pool = list(dict.fromkeys(candidates))
    one_off = sorted(
        c
        for c in pool
        if len(c) == len(code) and sum(a != b for a, b in zip(c, code, strict=True)) == 1
    )
    fuzzy = difflib.get_close_matches(code, pool, n=n, cutoff=0.3)
    return list(dict.fromkeys([*one_off, *fuzzy]))[: max(n, len(one_off))]


def resolve(codes: str | Sequence[str], available: Sequence[str]) -> list[str]:
    """Expand country codes and group names into ISO3 codes present in ``available``.

    ``codes`` may be one code, a group name (``"EU27"``), ``"ALL"`` (every country in
    ``available``) or a sequence of these. A code that is itself in ``available`` names
    that region, even if it is also a group name (a baseline with an aggregated EU).
    Members of a group missing from ``available`` are dropped silently (a dataset may
    lack a small member); an explicitly named code that is missing raises
    :class:`CountryError` with the closest matches.
    """
    items = [codes] if isinstance(codes, str) else list(codes)
    present = set(available)  # membership test; output keeps the order of ``available``
    out: list[str] = []
    for raw in items:
        code = str(raw).strip().upper()
        if code == "ALL":
            members = list(available)
        elif code in present:  # a region of that name (e.g. an aggregated "EU27") wins
            members = [code]
        elif code in GROUPS:
            group = set(GROUPS[code]())
            members = [c for c in available if c in group]
        else:
            hint = closest_codes(code, [*available, "ALL", *GROUPS])
            known = (
                "a valid ISO3 code but not in this baseline"
                if is_known_code(code)
                else ("not a known ISO3 country code or group")
            )
            suggestion = f"; did you mean {', '.join(hint)}?" if hint else ""
            raise CountryError(f"unknown country {raw!r}: {known}{suggestion}")
        out.extend(m for m in members if m not in out)
    return out
