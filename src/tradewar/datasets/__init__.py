"""Datasets: readers of public data and the embedded default baselines.

``load(name)`` is the registry entry point; ``available()`` lists the names.
"""

from __future__ import annotations

from collections.abc import Callable

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError


def _imls() -> Baseline:
    from tradewar.datasets import liberation_day

    return liberation_day.load()


def _embedded(name: str) -> Callable[[], Baseline]:
    def load_embedded() -> Baseline:
        from tradewar.datasets import embedded

        return embedded.load(name)

    return load_embedded


def _rare_earths(rebase_us: bool = False) -> Baseline:
    """The multi-sector default with rare earths and magnets split out; ``rebase_us``:
    its US imports re-based first (:func:`us_customs_2024`), so that the splits, built
    to China's and the US's trade in those goods, apply to the final flows."""
    from tradewar.datasets import embedded, magnets, rare_earths

    multisector = embedded.load(embedded.MULTISECTOR_IO)
    if rebase_us:
        multisector = us_customs_2024(multisector)
    return magnets.split(rare_earths.split(multisector))


def us_customs_2024(baseline: Baseline) -> Baseline:
    """``baseline`` with its US goods imports re-based, partner by sector, on 2024 Census
    imports at customs value (:data:`US_CUSTOMS_2024`: HTS10 lines to sectors by
    :mod:`tradewar.enacted.sectors`; :func:`tradewar.datasets.rebase.rebase_imports`,
    ``cells``)."""
    from tradewar.datasets import embedded, rebase

    totals = rebase.read_totals(embedded.data_dir() / US_CUSTOMS_2024)
    return rebase.rebase_imports(baseline, totals, "cells")


def _multisector_us2024() -> Baseline:
    from tradewar.datasets import embedded

    return us_customs_2024(embedded.load(embedded.MULTISECTOR_IO))


def _rare_earths_us2024() -> Baseline:
    return _rare_earths(rebase_us=True)


def _chokepoints_us2024() -> Baseline:
    """``default-rare-earths-us2024`` with Nexperia's chips split out of C26."""
    from tradewar.datasets import nexperia

    return nexperia.split(_rare_earths(rebase_us=True))


#: The packaged 2024 US imports at customs value by partner and sector (import totals).
US_CUSTOMS_2024 = "us_imports_2024_customs.csv"


def _ossa() -> Baseline:
    from tradewar.datasets import ossa2014

    return ossa2014.load().balanced


def _cube(kind: str, year: int) -> Callable[[], Baseline]:
    def load_cube() -> Baseline:
        from tradewar.datasets import tariffwar_cubes

        return tariffwar_cubes.load(kind, year)

    return load_cube


def _wiod2013(year: int) -> Callable[[], Baseline]:
    def load_wiod() -> Baseline:
        from tradewar.datasets import wiod2013

        return wiod2013.load(year)

    return load_wiod


def _cp() -> Baseline:
    from tradewar.datasets import caliendo_parro

    return caliendo_parro.load()


_REGISTRY: dict[str, tuple[Callable[[], Baseline], str]] = {
    "default": (
        _embedded("imls2025_onesector"),
        "embedded: 194 countries, one sector, BACI 2023 "
        "goods trade (IMLS 2025 data), USTR 2025 schedule",
    ),
    "default-multisector": (
        _embedded("icio2022_multisector_io"),
        "embedded: OECD ICIO 2022, 81 economies x 28 sectors, input-output links from the "
        "OECD national IO tables 2022, Teti tariffs, 8 elasticity sets",
    ),
    "default-multisector-noio": (
        _embedded("icio2022_multisector"),
        "embedded: the ICIO 2022 default without input-output links (GDP = gross output)",
    ),
    "default-rare-earths": (
        _rare_earths,
        "embedded: the ICIO 2022 default (with IO links) with rare earths split out of "
        "metal-ore mining (B07; USGS MCS 2025 output) and permanent magnets out of "
        "electrical equipment (C27; China's customs, US imports 2024), for export controls",
    ),
    "default-multisector-us2024": (
        _multisector_us2024,
        "embedded: default-multisector with US goods imports from each partner re-based on "
        "2024 Census imports at customs value (USD 3,115 bn in goods sectors; ICIO's "
        "split over sectors kept)",
    ),
    "default-rare-earths-us2024": (
        _rare_earths_us2024,
        "embedded: default-rare-earths with US goods imports re-based like "
        "default-multisector-us2024, for the US tariffs as enacted and collected",
    ),
    "default-chokepoints-us2024": (
        _chokepoints_us2024,
        "embedded: default-rare-earths-us2024 with Nexperia's chips split out of computers "
        "and electronics (C26; its 2024 revenue, Chinese back-end and sales), for the "
        "rare-earth and Nexperia chokepoints of 2025",
    ),
    "ossa2014": (_ossa, "shared data: Ossa (2014), 7 regions x 33 GTAP goods, balanced"),
    "liberation_day_2025": (_imls, "shared data: IMLS (2025) base data, 194 countries"),
    "caliendo_parro_1993": (_cp, "shared data: Caliendo-Parro (2015), 31 x 40 with IO, 1993"),
}
for _year in (2011, 2014, 2017, 2018, 2019, 2021, 2022):
    _REGISTRY[f"icio{_year}"] = (
        _cube("icio", _year),
        f"shared data: OECD ICIO {_year}, 81 x 28, no IO table",
    )
for _year in (2000, 2005, 2010, 2014):
    _REGISTRY[f"wiod2016_{_year}"] = (
        _cube("wiod2016", _year),
        f"shared data: WIOD 2016 release {_year}, 44 x 16, no IO table",
    )
for _year in (1995, 2000, 2005, 2008, 2011):
    _REGISTRY[f"wiod2013_{_year}"] = (
        _wiod2013(_year),
        f"shared data: WIOD 2013 release {_year}, 41 x 35 with IO table",
    )


#: Shared-data folder each non-embedded baseline reads.
_FOLDERS = {
    "ossa2014": "ossa_2014",
    "liberation_day_2025": "liberation_day_2025",
    "caliendo_parro_1993": "caliendo_parro_2015",
    **{f"icio{y}": "oecd_icio_2023_tariffwar" for y in (2011, 2014, 2017, 2018, 2019, 2021, 2022)},
    **{f"wiod2016_{y}": "wiod_2016_tariffwar" for y in (2000, 2005, 2010, 2014)},
    **{f"wiod2013_{y}": "wiod_2013" for y in (1995, 2000, 2005, 2008, 2011)},
}


def available() -> dict[str, str]:
    """Registered baseline names with a one-line description."""
    return {k: v[1] for k, v in _REGISTRY.items()}


def registered_folder(name: str) -> str | None:
    """The shared data folder baseline ``name`` is read from, or None if it is embedded."""
    return _FOLDERS.get(name)


def missing_data(name: str) -> str | None:
    """Why baseline ``name`` cannot be loaded here (its shared data folder is absent), or
    None if it can (embedded, or the data are found)."""
    from tradewar.datasets.paths import ENV_VAR, shared_data_dir

    folder = _FOLDERS.get(name)
    if folder is None:
        return None
    root = shared_data_dir()
    if root is None:
        return f"needs the shared data ({folder}/): set {ENV_VAR}"
    if not (root / folder).is_dir():
        return f"needs {folder}/, not found in {root}"
    return None


def load(name: str = "default") -> Baseline:
    """Load a registered baseline by name (the ``default*`` ones need no external data)."""
    if name not in _REGISTRY:
        raise DataError(f"unknown baseline {name!r}; available: {', '.join(_REGISTRY)}")
    return _REGISTRY[name][0]()
