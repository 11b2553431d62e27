"""``python -m tradewar`` and the ``tradewar`` command.

Ctrl-C handling is installed before the heavy imports, so an interrupt during start-up
also ends with exit code 130 and one line, not a ``KeyboardInterrupt`` traceback.
"""

from __future__ import annotations


def main() -> None:
    """Run the command line (:mod:`tradewar.cli`)."""
    from tradewar.runtime import interrupts

    interrupts.install_immediate_exit()
    from tradewar.core.errors import TradewarError

    try:
        from tradewar.cli import app
        from tradewar.runtime.threads import blas_threads

        blas_threads()  # a bad $TRADEWAR_BLAS_THREADS is one line, before any work
    except TradewarError as exc:
        import sys

        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    app()


if __name__ == "__main__":
    main()
