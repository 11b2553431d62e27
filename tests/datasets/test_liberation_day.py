"""Reader of the IMLS (2025) data and the embedded default derived from it."""

import shutil

import numpy as np
import pytest

from tradewar import datasets
from tradewar.core.errors import DataError
from tradewar.datasets import embedded, liberation_day


def test_reads_194_countries_with_documented_checks(imls_baseline):
    b = imls_baseline
    assert b.n_countries == 194 and b.sectors == ("goods",)
    X = b.flows[:, :, 0]
    chn, usa = b.index("CHN"), b.index("USA")
    assert X[chn, usa] == pytest.approx(440_477_680.66, rel=1e-9)  # thousand USD
    assert X[usa, chn] == pytest.approx(145_334_424.92, rel=1e-9)
    assert b.exports()[usa] == pytest.approx(1.86e9, rel=0.01)
    assert b.gdp.sum() == pytest.approx(1.053116e11, rel=1e-6)
    assert b.schedules["ustr_2025"][chn] == pytest.approx(0.54)


def test_domestic_sales_floored_for_gambia_and_marshall_islands(imls_baseline):
    X = imls_baseline.flows[:, :, 0]
    floored = [c for k, c in enumerate(imls_baseline.countries) if X[k, k] == 0.0]
    assert floored == ["GMB", "MHL"]


def test_embedded_default_is_the_reader_output(imls_baseline):
    default = datasets.load("default")
    assert default.countries == imls_baseline.countries
    np.testing.assert_array_equal(default.flows, imls_baseline.flows)
    np.testing.assert_array_equal(default.gdp, imls_baseline.gdp)
    np.testing.assert_array_equal(
        default.schedules["ustr_2025"], imls_baseline.schedules["ustr_2025"]
    )


def test_embedded_default_records_its_source():
    meta = embedded.metadata()
    assert meta["built_by"] == "scripts/build_default_baseline.py"
    assert set(meta["inputs_sha256"]) == {
        "trade_cepii.csv",
        "gdp.csv",
        "tariffs.csv",
        "country_labels.csv",
    }
    assert "BACI" in meta["source"]


def test_unknown_baseline_name():
    with pytest.raises(DataError, match="unknown baseline 'wiod'; available"):
        datasets.load("wiod")


def _copy(imls_folder, tmp_path):
    target = tmp_path / "liberation_day_2025"
    shutil.copytree(imls_folder, target, ignore=shutil.ignore_patterns("raw_data"))
    for f in target.iterdir():
        f.chmod(0o644)
    return target


def test_missing_file_is_named(imls_folder, tmp_path):
    folder = _copy(imls_folder, tmp_path)
    (folder / "gdp.csv").unlink()
    with pytest.raises(DataError, match=r"missing data file .*gdp\.csv"):
        liberation_day.load(folder)


def test_malformed_entry_is_reported(imls_folder, tmp_path):
    folder = _copy(imls_folder, tmp_path)
    lines = (folder / "tariffs.csv").read_text().splitlines()
    lines[3] = "ten percent"
    (folder / "tariffs.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=r"malformed data file .*tariffs\.csv"):
        liberation_day.load(folder)


def test_truncated_matrix_is_reported(imls_folder, tmp_path):
    folder = _copy(imls_folder, tmp_path)
    lines = (folder / "trade_cepii.csv").read_text().splitlines()
    (folder / "trade_cepii.csv").write_text("\n".join(lines[:-1]) + "\n")
    with pytest.raises(DataError, match=r"trade_cepii\.csv: shape \(193, 194\)"):
        liberation_day.load(folder)


def test_missing_folder_says_how_to_point_at_data(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEWAR_DATA", str(tmp_path))
    with pytest.raises(DataError, match="does not exist"):
        liberation_day.load()
