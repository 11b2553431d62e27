"""The enacted-schedule inputs read from the shared data (once per session)."""

from __future__ import annotations

import pytest

from tests.conftest import _need


@pytest.fixture(scope="session")
def enacted_inputs():
    from tradewar.enacted import build, lines

    _need(lines.TRACKER)
    _need(lines.YALE)
    _need("concordances")
    return build.read_inputs()
