"""Shared fixtures: the real data in ``../shared/data`` (or ``$TRADEWAR_DATA``).

Tests that need the shared data skip with a reason when it is absent, except when
``TRADEWAR_REQUIRE_DATA=1`` (set by ``.ci/run``): then a missing dataset fails the run,
so a replication test can never silently skip in CI.
"""

from __future__ import annotations

import functools
import os

import numpy as np
import pytest

from tradewar.core.baseline import Baseline
from tradewar.datasets import embedded
from tradewar.datasets.paths import shared_data_dir


def _need(folder: str):
    """The folder of shared dataset ``folder``, else skip (or fail, under
    ``TRADEWAR_REQUIRE_DATA=1``). Tests reach it only through the ``dataset`` fixture."""
    root = shared_data_dir()
    path = None if root is None else root / folder
    if path is None or not path.is_dir():
        reason = (
            f"shared dataset {folder!r} not found "
            f"(tradewar data fetch {folder}, or set TRADEWAR_DATA)"
        )
        if os.environ.get("TRADEWAR_REQUIRE_DATA") == "1":
            pytest.fail(reason + " but TRADEWAR_REQUIRE_DATA=1", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def dataset():
    """``dataset(name)``: the folder of shared dataset ``name`` (e.g. ``"observed_2025"``).

    The one way a test reaches the shared data: when the folder is absent the test skips
    with the reason, or fails when ``TRADEWAR_REQUIRE_DATA=1`` (CI).
    """
    return _need


@pytest.fixture(scope="session")
def imls_folder():
    return _need("liberation_day_2025")


@pytest.fixture(scope="session")
def imls_baseline(imls_folder) -> Baseline:
    from tradewar.datasets import liberation_day

    return liberation_day.load(imls_folder)


@pytest.fixture(scope="session")
def main_job_path():
    """The main job's monthly path (``scenarios/us_china_2025.yaml``), solved once per
    session for the slow tests that read it (figures, readings, README figures)."""
    from pathlib import Path

    from tradewar.paths import scenario
    from tradewar.paths.simulate import simulate

    main = Path(__file__).resolve().parents[1] / "scenarios" / "us_china_2025.yaml"
    return simulate(scenario.load(main))


@pytest.fixture(scope="session")
def default_baseline() -> Baseline:
    return embedded.load()


def toy_baseline(n: int = 4, seed: int = 0, balanced: bool = False) -> Baseline:
    """A small random one-sector baseline with real ISO3 codes (for fast property tests)."""
    rng = np.random.default_rng(seed)
    codes = ("USA", "CHN", "DEU", "MEX", "JPN", "CAN", "FRA", "VNM")[:n]
    X = rng.uniform(1.0, 10.0, (n, n))
    np.fill_diagonal(X, rng.uniform(50.0, 100.0, n))
    if balanced:
        X = (X + X.T) / 2  # symmetric flows: every country's trade is balanced
    gdp = X.sum(axis=1) * 0.6
    return Baseline(codes, ("goods",), X[:, :, None], gdp, None, unit="toy", source="random")


def two_sector_baseline(
    n: int,
    seed: int,
    sectors: tuple[str, str],
    theta: tuple[float, float],
    spread: tuple[float, float] = (0.5, 1.5),
) -> Baseline:
    """:func:`toy_baseline` with a second sector whose flows are the first's times a
    random factor in ``spread``, trade elasticities ``theta`` (set ``"toy"``), no IO."""
    rng = np.random.default_rng(seed)
    b = toy_baseline(n, seed=seed)
    second = rng.uniform(*spread, (n, n)) * b.flows[:, :, 0]
    return b.replace(
        sectors=sectors,
        flows=np.stack([b.flows[:, :, 0], second], 2),
        tariffs=None,
        elasticities={"toy": np.array(theta)},
    )


@pytest.fixture
def toy() -> Baseline:
    return toy_baseline()


@pytest.fixture(scope="session")
def ossa_data():
    from tradewar.datasets import ossa2014

    return ossa2014.load(_need("ossa_2014"))


#: The fixtures through which a test reaches the shared data (directly or through
#: fixtures built on them): a test using any of them is marked ``data``.
DATA_FIXTURES = frozenset({"dataset", "imls_folder", "ossa_data"})


def pytest_collection_modifyitems(items):
    """Replications of published tables are slow scientific checks: ``pytest -m "not
    slow"`` leaves them (and tests marked slow) out; CI runs everything. A test that
    reaches the shared data is marked ``data`` (CI's pass on a clone without the data
    runs every fast test and every ``data`` test, which must skip with its reason)."""
    for item in items:
        if "replication" in item.path.parts:
            item.add_marker(pytest.mark.slow)
        if DATA_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.data)


def rare_earth_world() -> Baseline:
    """Six countries, goods and rare earths (a two-sector toy), applied tariffs of 5% in
    the baseline: the world of the talks' tests."""
    b = two_sector_baseline(6, 11, ("goods", "Rare earths"), (4.0, 2.0), spread=(0.2, 0.6))
    return b.replace(tariffs=np.full(b.flows.shape, 0.05))


@functools.lru_cache(maxsize=1)
def rare_earth_regions() -> Baseline:
    """The embedded rare-earth default in five regions (CHN, USA, DEU, JPN, ROW) and four
    sectors (Other, Rare earths, Magnets, C29): a small world with input-output links in
    which car makers use magnets (for paths with export controls and stocks)."""
    from tradewar import datasets
    from tradewar.datasets.aggregate import aggregate_countries, aggregate_sectors

    b = datasets.load("default-rare-earths")
    keep = {"Rare earths", "Magnets", "C29"}
    b = aggregate_sectors(b, {"Other": [s for s in b.sectors if s not in keep]})
    return aggregate_countries(b, {c: [c] for c in ("CHN", "USA", "DEU", "JPN")}, rest="ROW")
