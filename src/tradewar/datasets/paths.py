"""Where the shared public data live: ``$TRADEWAR_DATA``, ``../shared/data`` beside the
repo, or the per-user folder that ``tradewar data fetch`` fills."""

from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from tradewar.core.errors import DataError

ENV_VAR = "TRADEWAR_DATA"


def user_data_dir() -> Path:
    """Where ``tradewar data fetch`` puts the data by default: ``$TRADEWAR_DATA`` if set,
    else ``$XDG_DATA_HOME/tradewar/data`` or ``~/.local/share/tradewar/data``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    root_folder = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(root_folder) / "tradewar" / "data"


def shared_data_dir() -> Path | None:
    """The shared data folder if one can be found, else None.

    Looks at ``$TRADEWAR_DATA`` first, then at ``shared/data`` in the parent of the
    repository root (this file lives in ``<repo>/src/tradewar/datasets``) and of the
    current directory, then at the per-user folder of :func:`user_data_dir`.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    candidates = [
        here.parents[4] / "shared" / "data",
        Path.cwd().parent / "shared" / "data",
        user_data_dir(),
    ]
    return next((c for c in candidates if c.is_dir()), None)


def require_dataset(name: str, root: str | os.PathLike | None = None) -> Path:
    """Path of dataset folder ``name``; :class:`DataError` saying how to point at it if absent."""
    root_folder = Path(root) if root is not None else shared_data_dir()
    if root_folder is None:
        raise DataError(
            f"dataset {name!r} not found: `tradewar data fetch {name}` downloads it, or set "
            f"{ENV_VAR} to the folder holding the public data"
        )
    path = root_folder / name
    if not path.is_dir():
        raise DataError(
            f"dataset folder {str(path)!r} does not exist (looked under {root_folder}; "
            f"`tradewar data fetch {name}` downloads it)"
        )
    return path


def dataset_folder(name: str, folder: str | os.PathLike | None = None) -> Path:
    """The folder of dataset ``name``: ``folder`` if given (it must exist), else found by
    :func:`require_dataset`; :class:`DataError` naming the folder otherwise."""
    if folder is None:
        return require_dataset(name)
    path = Path(folder)
    if not path.is_dir():
        raise DataError(
            f"dataset folder {str(path)!r} does not exist (expected the {name}/ folder of "
            f"the shared data; --data and {ENV_VAR} take the folder that holds it)"
        )
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file of the shared data, as dicts by column name."""
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def file_sha256(path: Path) -> str:
    """SHA-256 of a file (hex), read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(folder: Path, names: Iterable[str]) -> dict[str, str]:
    """SHA-256 of the files ``names`` (paths relative to ``folder``), for the provenance
    records of the build scripts."""
    return {str(n): file_sha256(folder / n) for n in names}
