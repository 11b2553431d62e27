"""Scoring drafted events (tradewar.drafting.score)."""

import datetime as dt

from tradewar.drafting.extract import Drafted
from tradewar.drafting.score import score


def _event(**kw):
    base = dict(
        kind="tariff",
        actor="USA",
        target="CHN",
        date=dt.date(2025, 4, 10),
        sentence="",
        confidence=1.0,
        rate=1.45,
    )
    return Drafted(**{**base, **kw})


def test_tolerances_and_symmetric_kinds():
    want = {"kind": "tariff", "actor": "USA", "target": "CHN", "rate": 1.45, "date": "2025-04-12"}
    assert score([([_event(rate=1.452)], [want])]).recall == 1.0  # half a point, three days
    assert score([([_event(rate=1.46)], [want])]).recall == 0.0
    assert score([([_event(date=dt.date(2025, 4, 16))], [want])]).recall == 0.0
    talks = {"kind": "talks", "actor": "CHN", "target": "USA", "rate": None, "date": "2025-06-09"}
    drafted = _event(kind="talks", rate=None, date=dt.date(2025, 6, 9))
    assert score([([drafted], [talks])]).precision == 1.0  # either side first
    result = score([([drafted, _event()], [talks])])
    assert result.precision == 0.5 and len(result.extra) == 1
