import pytest

from tradewar.errors import TradewarError
from tradewar.report import fresh_folder


def test_existing_folder_is_refused_by_default(tmp_path):
    with pytest.raises(TradewarError, match="already exists"):
        fresh_folder(tmp_path)


def test_pick_free_and_overwrite(tmp_path):
    first = fresh_folder(tmp_path / "r")
    assert fresh_folder(tmp_path / "r", pick_free=True) == tmp_path / "r-2"
    assert fresh_folder(tmp_path / "r", pick_free=True) == tmp_path / "r-3"
    assert fresh_folder(first, overwrite=True) == first
