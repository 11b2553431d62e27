"""Report folders written whole or not at all.

:func:`plan` checks a target before any work is done (so a bad ``--out`` fails in a
second, not after the simulation); :func:`write_whole` writes the report into a hidden
temporary folder beside the target and renames it into place only when every file is
written. An error or Ctrl-C leaves nothing behind, and under ``overwrite`` the old folder
stays as it was until the new one is complete, then is replaced as a whole (no stale
files of the old report survive).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tradewar.core.errors import TradewarError
from tradewar.runtime import interrupts

#: What a report folder holds; ``--overwrite`` refuses a folder holding anything else.
REPORT_SUFFIXES = frozenset({".md", ".csv", ".nc", ".png", ".json"})


class ReportFolderError(TradewarError):
    """A report folder that cannot be written (exists, is a file, not writable)."""


@dataclass(frozen=True)
class ReportTarget:
    """Where a report goes: ``path``; ``overwrite`` replaces an existing report folder
    there; ``pick_free`` uses the first free ``path-2``, ``path-3`` ... instead."""

    path: Path
    overwrite: bool = False
    pick_free: bool = False


def _existing_ancestor(path: Path) -> Path:
    parent = path.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return parent


def _foreign_entries(folder: Path) -> list[str]:
    return sorted(
        e.name for e in folder.iterdir() if not e.is_file() or e.suffix not in REPORT_SUFFIXES
    )


def plan(path: str | Path, *, overwrite: bool = False, pick_free: bool = False) -> ReportTarget:
    """Check that a report can be written at ``path``; :class:`ReportFolderError` naming
    the problem if not. Creates nothing."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        if not path.is_dir():
            raise ReportFolderError(
                f"{str(path)!r} exists and is not a folder; a report is a folder: choose "
                "another --out"
            )
        if overwrite:
            foreign = _foreign_entries(path)
            if foreign:
                raise ReportFolderError(
                    f"{str(path)!r} holds files that are not part of a tradewar report "
                    f"({', '.join(foreign[:3])}); not replacing it: choose another --out"
                )
        elif not pick_free:
            raise ReportFolderError(
                f"report folder {str(path)!r} already exists; choose another --out or pass "
                "--overwrite"
            )
    _check_writable(path, "report folder ")
    return ReportTarget(path, overwrite, pick_free)


def _check_writable(path: Path, what: str) -> None:
    """:class:`ReportFolderError` unless something can be created where ``path`` would
    go (probed with an empty folder in its nearest existing ancestor, then removed)."""
    ancestor = _existing_ancestor(path)
    if not ancestor.is_dir():
        raise ReportFolderError(f"cannot write {what}{str(path)!r}: {ancestor} is a file")
    try:
        Path(tempfile.mkdtemp(prefix=".tradewar-probe-", dir=ancestor)).rmdir()
    except OSError as exc:
        raise ReportFolderError(
            f"cannot write {what}{str(path)!r}: {exc.strerror or exc} in {ancestor}"
        ) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _as_if_created(path: Path, mode: int) -> None:
    """Give a temporary file or folder (created private, 0600 / 0700) the permissions an
    ordinary ``open`` or ``mkdir`` would have given it under the user's umask."""
    os.chmod(path, mode & ~_umask())


def _free_name(path: Path) -> Path:
    if not path.exists():
        return path
    k = 2
    while Path(f"{path}-{k}").exists():
        k += 1
    return Path(f"{path}-{k}")


def _move_into_place(staging: Path, target: ReportTarget) -> Path:
    path = target.path
    if target.pick_free:
        final = _free_name(path)
        os.rename(staging, final)
        return final
    if path.exists():
        if not target.overwrite:
            raise ReportFolderError(
                f"report folder {str(path)!r} appeared while the report was computed; "
                "choose another --out or pass --overwrite"
            )
        old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old-", dir=path.parent))
        old.rmdir()
        os.rename(path, old)
        try:
            os.rename(staging, path)
        except OSError:
            os.rename(old, path)
            raise
        shutil.rmtree(old, ignore_errors=True)
        return path
    os.rename(staging, path)
    return path


def write_whole(
    target: ReportTarget, write: Callable[[Path], list[Path]]
) -> tuple[Path, list[Path]]:
    """Call ``write(folder)`` on an empty hidden folder beside ``target.path`` and rename
    it into place when it returns; returns the final folder and the files written in it.

    On any exception (including :class:`tradewar.runtime.interrupts.Interrupted`) the temporary
    folder is removed and the exception propagates; an existing target is untouched.
    """
    parent = target.path.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.path.name}.partial-", dir=parent))
        _as_if_created(staging, 0o777)
    except OSError as exc:
        raise ReportFolderError(
            f"cannot write report folder {str(target.path)!r}: {exc.strerror or exc}"
        ) from None

    def discard() -> None:
        shutil.rmtree(staging, ignore_errors=True)

    with interrupts.on_forced_exit(discard):
        try:
            files = write(staging)
            final = _move_into_place(staging, target)
        except OSError as exc:
            discard()
            raise ReportFolderError(
                f"cannot write report folder {str(target.path)!r}: {exc.strerror or exc}"
            ) from None
        except BaseException:
            discard()
            raise
    return final, [final / f.relative_to(staging) for f in files]


def plan_file(path: str | Path) -> Path:
    """Check before any work that one file (e.g. a PNG) can be written at ``path``:
    :class:`ReportFolderError` if it exists or its folder cannot be written. Creates
    nothing."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        raise ReportFolderError(f"{str(path)!r} exists; not overwriting it: choose another name")
    _check_writable(path, "")
    return path


def write_file_whole(path: Path, write: Callable[[Path], None]) -> Path:
    """Write one file (e.g. a PNG) through a temporary name beside it; refuses to replace
    an existing file."""
    path = Path(path)
    if path.exists():
        raise ReportFolderError(f"{str(path)!r} exists; not overwriting it")
    try:
        path.absolute().parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            prefix=f".{path.stem}.partial-", suffix=path.suffix, dir=path.parent
        )
    except OSError as exc:
        raise ReportFolderError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(name)
    _as_if_created(tmp, 0o666)
    with interrupts.on_forced_exit(lambda: tmp.unlink(missing_ok=True)):
        try:
            write(tmp)
            os.rename(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
    return path
