"""Report tables as CSV: the fast writer gives pandas' text byte for byte."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewar.reports.csvfile import csv_text, write_csv

FLOATS = st.floats(allow_nan=True, allow_infinity=True, width=64) | st.sampled_from(
    [0.0, -0.0, 1e-300, 123456789.0, 0.1, -2.5e-7]
)
TEXT = st.text(alphabet=st.sampled_from(list('ab ,"\n\r;é')), max_size=6)


@st.composite
def frames(draw):
    rows = draw(st.integers(0, 6))
    columns = {}
    for k in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["float", "int", "bool", "text", "object"]))
        if kind == "float":
            values = draw(st.lists(FLOATS, min_size=rows, max_size=rows))
            columns[f"f{k}"] = np.array(values, dtype=float)
        elif kind == "int":
            columns[f"i{k}"] = draw(
                st.lists(st.integers(-(10**12), 10**12), min_size=rows, max_size=rows)
            )
        elif kind == "bool":
            columns[f"b{k}"] = draw(st.lists(st.booleans(), min_size=rows, max_size=rows))
        elif kind == "text":
            columns[draw(TEXT) + f"t{k}"] = draw(st.lists(TEXT, min_size=rows, max_size=rows))
        else:
            items = st.one_of(
                TEXT, st.none(), st.integers(-5, 5), st.sampled_from([0.5, float("nan")])
            )
            columns[f"o{k}"] = pd.Series(
                draw(st.lists(items, min_size=rows, max_size=rows)), dtype=object
            )
    frame = pd.DataFrame(columns)
    index = draw(st.sampled_from(["range", "named", "text", "multi"]))
    if index == "named":
        frame.index.name = "row"
    elif index == "text" and rows:
        frame.index = pd.Index(draw(st.lists(TEXT, min_size=rows, max_size=rows)), name="key")
    elif index == "multi" and rows:
        frame.index = pd.MultiIndex.from_arrays(
            [list(range(rows)), draw(st.lists(TEXT, min_size=rows, max_size=rows))],
            names=["m", None],
        )
    return frame


@settings(max_examples=300, deadline=None)
@given(frame=frames(), index=st.booleans(), fmt=st.sampled_from(["%.6g", "%.4g", "%.3f"]))
def test_the_text_is_pandas_text(frame, index, fmt):
    assert csv_text(frame, index, fmt) == frame.to_csv(index=index, float_format=fmt)


def test_dates_are_left_to_pandas(tmp_path):
    frame = pd.DataFrame({"day": pd.to_datetime(["2025-04-02", "2025-04-09"]), "rate": [0.1, 0.5]})
    assert csv_text(frame) == frame.to_csv(float_format="%.6g")
    write_csv(frame, tmp_path / "f.csv", index=False)
    assert (tmp_path / "f.csv").read_text() == frame.to_csv(index=False, float_format="%.6g")


def test_rows_formatted_a_chunk_at_a_time_join_up(monkeypatch):
    from tradewar.reports import csvfile

    monkeypatch.setattr(csvfile, "CHUNK_ROWS", 3)
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "code": list("abcdefghij"),
            "distinct": rng.normal(size=10),
            "repeated": np.repeat([0.0, 2.5], 5),
            "missing": [np.nan, 1.0] * 5,
        }
    )
    assert csv_text(frame, index=False) == frame.to_csv(index=False, float_format="%.6g")
