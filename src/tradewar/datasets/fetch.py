"""The public datasets: what each is, where it comes from, and fetching it with checksums.

The catalogue (``data/catalogue.json``, built by ``scripts/build_data_catalogue.py``)
lists every dataset folder of the shared data with its sources and every file with its
size and SHA-256. :func:`fetch` downloads a dataset's files from a *mirror* laid out like
the shared data folder (``<mirror>/<dataset>/<file>``: a web address, or a local folder),
checks each file's SHA-256 against the catalogue, and moves the folder into place only
when every file checks: an interrupted or failed fetch leaves nothing behind. Downloads
go through pooch (retries, streaming to a temporary file, hash checks).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from tradewar.core.errors import DataError
from tradewar.datasets.paths import file_sha256
from tradewar.runtime import interrupts

#: environment variable naming the default mirror
MIRROR_VAR = "TRADEWAR_DATA_MIRROR"
#: seconds to wait for a server before giving up on a file
TIMEOUT_S = 30


@dataclass(frozen=True)
class DataFile:
    """One file of a dataset: ``path`` relative to the dataset folder, size in bytes."""

    path: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Dataset:
    """A dataset folder of the shared data and where it comes from."""

    name: str
    title: str
    sources: tuple[str, ...]
    licence: str
    files: tuple[DataFile, ...]

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)


@cache
def catalogue() -> dict[str, Dataset]:
    """Every dataset of the shipped catalogue, by folder name."""
    text = resources.files("tradewar.datasets").joinpath("data", "catalogue.json").read_text()
    return {
        name: Dataset(
            name,
            entry["title"],
            tuple(entry["sources"]),
            entry["licence"],
            tuple(DataFile(**f) for f in entry["files"]),
        )
        for name, entry in json.loads(text)["datasets"].items()
    }


def shipped_file(name: str) -> Path:
    """A data file that ships inside the package (observed series no public repository
    holds), checked against the catalogue's SHA-256."""
    path = Path(str(resources.files("tradewar.datasets").joinpath("data", name)))
    if not path.is_file():
        raise DataError(f"{name} is not shipped with this installation of tradewar")
    return path


def dataset(name: str) -> Dataset:
    """The catalogue entry ``name``; :class:`DataError` listing the names otherwise."""
    entries = catalogue()
    if name not in entries:
        raise DataError(f"unknown dataset {name!r}; known: {', '.join(entries)}")
    return entries[name]


def status(entry: Dataset, root: Path, verify: bool = False) -> str:
    """``present`` (every file there with its size; with ``verify`` also its SHA-256),
    ``absent`` (no folder), or ``incomplete`` / ``differs``."""
    folder = root / entry.name
    if not folder.is_dir():
        return "absent"
    for f in entry.files:
        path = folder / f.path
        if not path.is_file():
            return "incomplete"
        if path.stat().st_size != f.bytes or (verify and file_sha256(path) != f.sha256):
            return "differs"
    return "present"


def default_mirror() -> str | None:
    """The mirror of ``$TRADEWAR_DATA_MIRROR``, if set."""
    return os.environ.get(MIRROR_VAR) or None


def fetch(
    name: str,
    root: Path,
    mirror: str | None = None,
    on_file: Callable[[DataFile], None] | None = None,
) -> str:
    """Download dataset ``name`` from ``mirror`` into ``root/name``; returns ``fetched``
    or ``already present`` (every checksum verified).

    Files are downloaded into a hidden folder beside the target, checked against the
    catalogue, and the folder is renamed into place only when all are there. Any error
    (no network, a missing or truncated file, a wrong checksum), an exception raised by
    ``on_file`` (e.g. :class:`tradewar.runtime.interrupts.Interrupted`) or a forced exit removes
    the hidden folder. A folder already at ``root/name`` that does not match the catalogue is
    never overwritten: :class:`DataError` says so.
    """
    entry = dataset(name)
    target = root / name
    state = status(entry, root, verify=True)
    if state == "present":
        return "already present"
    if state != "absent":
        raise DataError(
            f"{target} exists but is {state} (not the catalogued files); move it away and "
            "fetch again (nothing was changed)"
        )
    mirror = mirror or default_mirror()
    if not mirror:
        raise DataError(
            f"no mirror to fetch from: give --mirror (a web address or folder laid out like "
            f"the shared data, <mirror>/{name}/...) or set {MIRROR_VAR}"
        )
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".{name}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        # a second Ctrl-C quits at once (tradewar.runtime.interrupts): the hidden folder goes too
        with interrupts.on_forced_exit(lambda: shutil.rmtree(staging, ignore_errors=True)):
            for f in entry.files:
                _get(mirror.rstrip("/") + f"/{name}/{f.path}", f, staging / f.path)
                if on_file is not None:
                    on_file(f)
            staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return "fetched"


def _get(source: str, expected: DataFile, path: Path) -> None:
    """Copy or download ``source`` to ``path`` and check its SHA-256 (one-line
    :class:`DataError` otherwise)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if "://" not in source:
        local = Path(source)
        if not local.is_file():
            raise DataError(f"{source} not found in the mirror folder")
        shutil.copyfile(local, path)
        got = file_sha256(path)
        if got != expected.sha256:
            raise DataError(
                f"{source}: wrong checksum (SHA-256 {got[:12]}..., expected "
                f"{expected.sha256[:12]}...); nothing was kept"
            )
        return
    import pooch
    import requests

    pooch.get_logger().setLevel("WARNING")
    downloader = pooch.HTTPDownloader(progressbar=False, timeout=TIMEOUT_S)
    try:
        pooch.retrieve(
            source,
            known_hash=f"sha256:{expected.sha256}",
            fname=path.name,
            path=path.parent,
            downloader=downloader,
        )
    except requests.exceptions.HTTPError as exc:
        code = exc.response.status_code if exc.response is not None else "?"
        raise DataError(f"{source}: the mirror answered HTTP {code}; nothing was kept") from None
    except requests.exceptions.ChunkedEncodingError:
        raise DataError(f"{source}: the download was cut short; nothing was kept") from None
    except (requests.exceptions.ConnectionError, requests.exceptions.Timeout):
        raise DataError(
            f"cannot reach the mirror for {source} (no network, or the server is down); "
            "nothing was kept"
        ) from None
    except requests.exceptions.RequestException as exc:
        raise DataError(
            f"{source}: the download failed ({type(exc).__name__}); nothing was kept"
        ) from None
    except ValueError as exc:
        if "hash" not in str(exc).lower():
            raise
        raise DataError(
            f"{source}: wrong checksum (expected SHA-256 {expected.sha256[:12]}...); the "
            "file on the mirror is not the catalogued one; nothing was kept"
        ) from None
