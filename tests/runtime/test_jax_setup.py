"""JAX set up once: 64-bit floats and the persistent compilation cache."""

import os
import subprocess
import sys
from pathlib import Path

import jax
import pytest

from tradewar.runtime import jax_setup


def test_x64_is_on():
    assert jax.config.jax_enable_x64


@pytest.mark.parametrize(
    ("value", "expected"),
    [("off", None), ("OFF", None), ("/tmp/tw-xla", Path("/tmp/tw-xla"))],
)
def test_the_cache_folder_follows_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv(jax_setup.ENV_VAR, value)
    assert jax_setup.compile_cache_dir() == expected


def test_the_default_cache_folder_is_the_users(monkeypatch, tmp_path):
    monkeypatch.delenv(jax_setup.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert jax_setup.compile_cache_dir() == tmp_path / "tradewar" / "xla"


SOLVE = (
    "from tradewar import datasets; from tradewar.models import OneSectorModel; "
    "from tradewar.core.policy import Policy; b = datasets.load('default'); "
    "OneSectorModel(b).solve(Policy.from_baseline(b).tariff('USA', on='CHN', rate=0.5))"
)


@pytest.mark.slow
@pytest.mark.parametrize("setting", ["folder", "off"])
def test_a_solve_fills_the_cache_unless_it_is_off(tmp_path, setting):
    folder = tmp_path / "xla"
    env = {**os.environ, jax_setup.ENV_VAR: str(folder) if setting == "folder" else "off"}
    env.pop("JAX_COMPILATION_CACHE_DIR", None)
    subprocess.run([sys.executable, "-c", SOLVE], env=env, check=True, cwd=tmp_path)
    entries = list(folder.rglob("*")) if folder.exists() else []
    assert bool(entries) == (setting == "folder")
