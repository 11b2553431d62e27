"""The household tables (tradewar.datasets.households): BEA's distribution, the BLS
deciles, margins from the national tables, and the errors a user's file gets."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewar.core.errors import DataError
from tradewar.datasets import households

HEADER = "pce_mp,pce_title,total_billions," + ",".join(f"d{k}" for k in range(1, 11))


def _write(tmp_path, rows):
    path = tmp_path / "deciles.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def test_the_shipped_distribution_is_beas_2023_table():
    dist = households.us_distribution()
    assert len(dist.pce_mp) == 16 and dist.year == 2023
    motor = dist.pce_mp.index(4)
    assert dist.spending[motor].sum() == pytest.approx(750.0, rel=1e-6)
    assert 100 * dist.spending[motor, 9] / 750.0 == pytest.approx(44.56, abs=0.01)
    assert dist.spending.sum() == pytest.approx(18_822.0, rel=1e-3)  # 2023 PCE, USD bn


def test_the_bls_deciles_sum_to_the_published_total():
    units = np.array(households.CE_DECILES["consumer_units_thousands"])
    assert units.sum() == pytest.approx(134_556, abs=2)  # Table 1110, all consumer units
    income = np.array(households.CE_DECILES["income_before_taxes_usd"])
    assert (income * units).sum() / units.sum() == pytest.approx(101_805, rel=2e-3)


def test_shares_that_do_not_sum_to_100_are_one_line(tmp_path):
    path = _write(tmp_path, ["4,Motor vehicles,750," + ",".join(["9"] * 10)])
    with pytest.raises(
        DataError, match=r"line 2 \(Motor vehicles\): the decile shares sum to 90.00"
    ) as err:
        households.read_distribution(path)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("4,Cars,-1," + ",".join(["10"] * 10), "negative"),
        ("4,Cars,abc," + ",".join(["10"] * 10), "not a number"),
    ],
)
def test_bad_rows_are_one_line(tmp_path, row, message):
    with pytest.raises(DataError, match=message):
        households.read_distribution(_write(tmp_path, [row]))


def test_missing_columns_and_files_are_one_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(DataError, match="needs the columns"):
        households.read_distribution(bad)
    with pytest.raises(DataError, match="not found"):
        households.read_distribution(tmp_path / "none.csv")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.1, 50.0), min_size=10, max_size=10), st.floats(1.0, 5000.0))
def test_any_shares_that_sum_to_100_parse_to_the_total(tmp_path_factory, raw, total):
    shares = 100 * np.array(raw) / sum(raw)
    path = tmp_path_factory.mktemp("d") / "deciles.csv"
    path.write_text(HEADER + "\n" + f"4,Cars,{total}," + ",".join(f"{s:.10f}" for s in shares))
    dist = households.read_distribution(path)
    assert dist.spending.sum() == pytest.approx(total, rel=1e-9)
    assert dist.spending[0] == pytest.approx(total * shares / 100, rel=1e-8)


def _niot(tmp_path, margin_value: float):
    rows = {
        "TTL_A01": 100.0, "TTL_C29": 300.0, "TTL_G": margin_value, "TTL_H52": 0.0,
        "TTL_H53": 0.0, "TTL_Q": 600.0, "TXS_INT_FNL": 10.0, "TTL_INT_FNL": 9999.0,
    }  # fmt: skip
    text = '"","A01","HFCE","TOTAL"\n' + "".join(f'"{k}",0,{v},0\n' for k, v in rows.items())
    path = tmp_path / "XXX2022ttl.csv"
    path.write_text(text)
    return path


def test_margins_from_a_national_table(tmp_path):
    margin, consumption = households.margins_from_niot(_niot(tmp_path, 200.0))
    assert margin == pytest.approx(200 / 600)
    assert consumption == pytest.approx((100 + 300 + 200 + 600 + 10) / 1000)


def test_a_negative_margin_in_a_table_is_one_line(tmp_path):
    with pytest.raises(DataError, match="negative margin") as err:
        households.margins_from_niot(_niot(tmp_path, -50.0))
    assert "\n" not in str(err.value)


def test_shipped_margins_cover_the_tables_and_fall_back_to_the_median():
    m = households.margins(("USA", "CHN", "ROW"))
    assert m[0] == pytest.approx(0.393, abs=1e-3) and m[1] == pytest.approx(0.152, abs=1e-3)
    table = households.shipped()["margins"]["by_country"]
    assert m[2] == pytest.approx(np.median([v["margin"] for v in table.values()]))
    assert np.isnan(households.household_consumption(("ROW",))[0])


def test_the_shipped_tables_are_what_the_build_script_makes_of_the_data(dataset):
    """households.json records the inputs' checksums; each still matches the shared data,
    and the margins and distribution rebuilt from them are the shipped ones."""
    from tradewar.datasets.paths import file_sha256

    shipped = households.shipped()
    niot = dataset("oecd_niot_2022")
    root = niot.parent
    dataset("us_households")
    for name, digest in shipped["inputs_sha256"].items():
        assert file_sha256(root / name) == digest, name
    for code in ("USA", "CHN", "DEU"):
        margin, consumption = households.margins_from_niot(niot / f"{code}2022ttl.csv")
        row = shipped["margins"]["by_country"][code]
        assert margin == pytest.approx(row["margin"], abs=1e-6)
        assert consumption == pytest.approx(row["hfce_usd_bn"], abs=1e-3)
    rebuilt = households.read_distribution(root / "us_households/distributional_pce_2023.csv")
    np.testing.assert_allclose(rebuilt.spending, households.us_distribution().spending, atol=1e-6)
