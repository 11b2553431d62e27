"""Pages computed when the site is built (the ``gen-files`` plugin runs this script).

- ``reference/scenario-fields.md``: every field of a scenario file, from its schema;
- ``reference/cli.md``: every command and option, from the Typer app;
- ``reference/baselines.md``: every baseline and shipped data file, with its provenance;
- ``replication/*.md``: each paper's tables as tradewar computes them now, beside the
  published numbers (when the shared data are absent, the page says so);
- ``validation.md``: the main job against the observed 2025 series, with its figure.

The Markdown comes from :mod:`tradewar.reports.site`; this script only runs the
computations and writes the files. The replication and validation pages state how
long they took to compute.
"""

from __future__ import annotations

import time
from pathlib import Path

import mkdocs_gen_files

from tradewar.datasets.paths import shared_data_dir
from tradewar.reports import site

ROOT = Path(__file__).resolve().parents[1]


def write(name: str, text: str) -> None:
    with mkdocs_gen_files.open(name, "w") as f:
        f.write(text)


# ---- scenario fields and every command ---------------------------------------------
write("reference/scenario-fields.md", site.scenario_fields_markdown())
write("reference/cli.md", site.cli_markdown())
write("reference/baselines.md", site.baselines_markdown())


# ---- replications --------------------------------------------------------------------
PAPERS = [
    site.Paper(
        "ignatenko2025",
        "Ignatenko, Lashkaripour, Macedoni & Simonovska (2025), *JIE* 157",
        "The one-sector IMLS model on the authors' raw data (BACI 2023, WDI GDP, the USTR "
        "rates); [model](../model.md#a-imls-2025-one-sector-deficits-tariff-revenue-and-"
        "employment). Table 9 alt. 1 and Table 4's multi-sector rows need ITPD data that "
        "are not public.",
        "liberation_day",
        "ignatenko2025",
    ),
    site.Paper(
        "caliendo-parro2015",
        "Caliendo & Parro (2015), *REStud* 82(1)",
        "NAFTA's tariff cuts 1993–2005 with sectoral input-output links, on CP's own data; "
        "[model](../model.md#b-caliendo-parro-2015-sectors-linked-by-input-output).",
        "caliendo_parro",
        "caliendo_parro2015",
    ),
    site.Paper(
        "ossa2014",
        "Ossa (2014), *AER* 104(12)",
        "Ossa's published numbers are four averages of the political-economy case (POL). "
        "This build computes Tables 3 (optimal tariffs) and 4 (the Nash war) for that case; "
        "Table 5 (multilateral talks, +0.48% against the published +0.5%) takes about 12 "
        "minutes on 2 cores, too long for a site build: `tradewar replicate ossa2014 "
        "--table 5` computes it, and `tests/replication/test_ossa2014.py` checks it in CI. "
        "[Model](../model.md#c-ossa-2014-trade-wars-and-trade-talks).",
        "ossa2014",
        "ossa2014",
        tables=("3", "4"),
        cases=("POL",),
    ),
]

index = [
    "# Replications",
    "",
    "Each paper's tables as tradewar computes them from the paper's own data when this",
    "site was built, beside the published numbers: (published) ✓ where the two agree to",
    "the printed digit. The same numbers are checked by `tests/replication/` in CI. In",
    "words: [what is reproduced](../reproduced.md).",
    "",
    "| paper | agree / published | computed in |",
    "|---|---:|---:|",
]
for paper in PAPERS:
    page = site.replication_page(paper)
    write(f"replication/{paper.page}.md", page.markdown)
    agree = "no data" if page.agree is None else f"{page.agree} / {page.published}"
    index.append(f"| [{paper.title}]({paper.page}.md) | {agree} | {page.seconds:.0f} s |")
write("replication/index.md", "\n".join(index) + "\n")


# ---- validation ----------------------------------------------------------------------
def validation_page() -> str:
    from tradewar.reports import growth, validation

    scenario = ROOT / "scenarios" / "us_china_2025.yaml"
    started = time.perf_counter()
    result = validation.validate_scenario(scenario, trend=growth.choose("data"))
    with mkdocs_gen_files.open("validation/fit.png", "wb") as f:
        target = Path(f.name)
    validation.plot(result.table, target, result.name, result.held_out())
    seconds = time.perf_counter() - started
    summary = validation.summary(result.table).drop(columns="in")
    table = result.table[["series", "month", "observed", "model", "gap", "unit"]]
    lines = [
        "# Validation against 2025",
        "",
        "`tradewar validate scenarios/us_china_2025.yaml` on the main job, run when this site",
        f"was built ({seconds:.0f} s, {'from the cache' if result.cached else 'solved'}):",
        "the model's path against every observed series and month that the shipped data",
        "hold (China's customs, the US Census, US customs duties, to May 2025). Observed data",
        "stop at May 2025 on purpose; the model's months after that are forecasts, drawn",
        "dashed in the figure, and are to be judged against data published later.",
        "How a path is read against observed months (the no-war trend, seasonal",
        "references): [the model, J](model.md#j-trade-as-recorded-ours).",
        "",
        "![Observed and model, by month](validation/fit.png)",
        "",
        "## Errors by series",
        "",
        "Points for % y/y series and for rates in %, % of the observed value for levels.",
        "",
        site.frame_markdown(summary),
        "",
        "## Every month",
        "",
        site.frame_markdown(table),
        "",
    ]
    if shared_data_dir() is None:
        lines += [
            "!!! note",
            "    The shared data were not found when the site was built, so the collection",
            "    ladder (Treasury duties, dutiable shares) is not compared here.",
        ]
    return "\n".join(lines)


write("validation.md", validation_page())
