"""How code runs: JAX set-up, compiled functions, BLAS threads, interrupts, the user
cache. Imports nothing else of tradewar."""
