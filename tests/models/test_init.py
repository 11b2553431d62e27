"""tradewar.models: helpers shared by the model families."""

import jax.numpy as jnp

from tradewar.models import MultiInstruments, has_export_taxes
from tradewar.models import onesector as eq


def test_has_export_taxes_reads_the_instruments_of_both_families():
    zeros = jnp.zeros((3, 3))
    assert not has_export_taxes(eq.Instruments(zeros + 0.1, zeros))
    assert has_export_taxes(eq.Instruments(zeros, zeros.at[0, 1].set(0.05)))
    cube = jnp.zeros((2, 3, 3, 4))  # a stacked batch of multi-sector instruments
    assert not has_export_taxes(MultiInstruments(cube + 0.2, cube, cube + 1))
    assert has_export_taxes(MultiInstruments(cube, cube.at[1, 0, 2, 3].set(-0.1), cube + 1))
