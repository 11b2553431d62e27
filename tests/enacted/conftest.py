"""The enacted-schedule inputs read from the shared data (once per session)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def enacted_inputs(dataset):
    from tradewar.enacted import build, lines

    dataset(lines.TRACKER)
    dataset(lines.YALE)
    dataset("concordances")
    return build.read_inputs()
