"""The main job's answers do not move when the code gets faster: every month of its path
against the reference stored by ``scripts/build_reference_path.py`` (issue 32), to 1e-8
as fractions."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "tests" / "paths" / "data" / "main_job_reference.npz"


def _builder():
    spec = importlib.util.spec_from_file_location(
        "build_reference_path", ROOT / "scripts" / "build_reference_path.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_every_month_of_the_main_job_matches_the_reference(main_job_path):
    stored = np.load(REFERENCE)
    now = _builder().reference_arrays(main_job_path)
    assert set(now) == set(stored.files)
    for key in ("months", "countries", "outcome_names"):
        assert now[key].tolist() == stored[key].tolist(), key
    # to 1e-8 as fractions: outcomes are percent changes (1e-8 -> 1e-6 points), shadow
    # taxes fractions, trade in USD (relative, and 1 USD absolute for flows that are nil)
    tolerance = {"outcomes": 1e-6, "shadow_taxes": 1e-8, "us_china_trade": 1.0, "rerouted": 1.0}
    for key, atol in tolerance.items():
        np.testing.assert_allclose(now[key], stored[key], rtol=1e-8, atol=atol, err_msg=key)
