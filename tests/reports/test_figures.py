"""Every figure of the main job's report, rendered: titles and axis labels are set, and
sectors are named in words, not codes."""

from __future__ import annotations

import re

import matplotlib
import pytest

matplotlib.use("Agg")
from matplotlib.figure import Figure

#: an ICIO sector code as a figure would show it raw (C29, C302T309, C17_18, B07 ...)
RAW_CODE = re.compile(r"\b[A-C]\d\d(?:T\d+|_\d+|\d|[AB])?\b")


@pytest.fixture
def rendered(monkeypatch) -> dict[str, Figure]:
    """Every figure saved during the test, by the file name it was saved to (drawn in
    this process, where the figures can be kept)."""
    monkeypatch.setenv("TRADEWAR_FIGURES", "here")
    figures: dict[str, Figure] = {}
    savefig = Figure.savefig

    def keep(fig, target, *args, **kwargs):
        figures[str(target).rsplit("/", 1)[-1]] = fig
        return savefig(fig, target, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    return figures


def _texts(fig) -> list[str]:
    """Every title, suptitle and axis label of a figure."""
    texts = [fig._suptitle.get_text()] if fig._suptitle else []
    for ax in fig.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    return [t for t in texts if t]


@pytest.mark.slow
def test_every_report_figure_is_labelled(main_job_path, tmp_path, rendered):
    from tradewar.reports import scenario as scenario_report

    scenario_report.write(main_job_path, tmp_path)
    expected = {p.name for p in tmp_path.iterdir() if p.suffix == ".png"}
    assert set(rendered) == expected and len(expected) >= 8
    for name, fig in rendered.items():
        titled = bool(fig._suptitle and fig._suptitle.get_text()) or any(
            ax.get_title() for ax in fig.axes
        )
        assert titled, f"{name}: no title"
        for ax in fig.axes:
            if not ax.axison or not (ax.lines or ax.patches or ax.collections):
                continue
            if name == "welfare_map.png":  # a map: the colour bar carries the unit
                continue
            assert ax.get_ylabel() or ax.get_xlabel(), f"{name}: an axis without a label"
        for text in _texts(fig):
            assert not RAW_CODE.search(text), f"{name}: a raw sector code in {text!r}"
            assert "not found" not in text, f"{name}: {text!r}"
    colorbars = [
        ax for ax in rendered["welfare_map.png"].axes if ax.get_ylabel() or ax.get_xlabel()
    ]
    assert colorbars, "welfare_map.png: the colour bar has no unit"


def test_the_fit_figure_is_a_grid_with_readable_titles(tmp_path, rendered):
    import pandas as pd

    from tradewar.reports import validation

    rows = [
        {"series": s, "month": m, "observed": 1.0 + k, "model": 1.5 + k, "gap": 0.5, "unit": u}
        for k, (s, u) in enumerate(
            [
                ("CHN_exports_to_USA", "USD bn"),
                ("CHN_exports_to_USA_yoy", "% y/y"),
                ("US_customs_duties", "USD bn net"),
                ("CHN_total_exports_yoy", "% y/y"),
            ]
        )
        for m in ("2025-04", "2025-05")
    ]
    ahead = pd.DataFrame(
        {
            "series": ["CHN_exports_to_USA_yoy"] * 2,
            "month": ["2025-06", "2025-07"],
            "model": [2.0, 3.0],
        }
    )
    validation.plot(pd.DataFrame(rows), tmp_path / "fit.png", "a scenario", ahead)
    (fig,) = rendered.values()
    yoy = next(a for a in fig.axes if a.get_title().startswith("China's exports to the US, change"))
    observed_line, model_line = yoy.get_lines()[:2]
    assert len(model_line.get_xdata()) == 4  # April and May observed, June and July held out
    observed_y = [float(v) for v in observed_line.get_ydata()]
    assert observed_y[:2] == [2.0, 2.0] and all(v != v for v in observed_y[2:])  # NaN: empty
    assert "held out" in [t.get_text() for t in yoy.get_legend().get_texts()]
    width, height = fig.get_size_inches()
    assert width > height  # a grid, not one tall column
    titles = [ax.get_title() for ax in fig.axes if ax.axison]
    assert "China's exports to the US (China's customs)" in titles
    assert not any("_" in t for t in titles)
    assert all(ax.get_ylabel() for ax in fig.axes if ax.axison)


def test_the_customs_figure_without_observed_data_says_so_in_a_note(
    tmp_path, monkeypatch, rendered
):
    import pandas as pd

    from tradewar.reports import customs

    monkeypatch.setattr(customs, "observed_us", lambda: None)
    frame = pd.DataFrame(
        {
            "month": ["2025-04", "2025-05"],
            "importer": "USA",
            "duties_usd": [1e10, 2e10],
            "assessed_usd": [1e10, 2e10],
            "imports_usd": [2e11, 2e11],
        }
    )
    import matplotlib.pyplot as plt

    customs.customs_chart(plt, frame, tmp_path / "customs.png", "US duties")
    (fig,) = rendered.values()
    assert fig._suptitle.get_text() == "US duties"
    assert any("tradewar data fetch observed_2025" in t.get_text() for t in fig.texts)
