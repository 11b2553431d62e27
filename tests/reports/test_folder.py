"""Report folders are written whole or not at all, and never replace what a user wrote."""

import os
from pathlib import Path

import pytest

from tradewar.reports.folder import (
    ReportFolderError,
    plan,
    plan_file,
    write_file_whole,
    write_whole,
)
from tradewar.runtime.interrupts import Interrupted


def _writer(names):
    def write(folder):
        out = []
        for name in names:
            (folder / name).write_text(name)
            out.append(folder / name)
        return out

    return write


def _hidden(folder):
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_existing_folder_is_refused_by_default(tmp_path):
    with pytest.raises(ReportFolderError, match="already exists"):
        plan(tmp_path)


def test_pick_free_names_and_nothing_is_made_before_writing(tmp_path):
    target = plan(tmp_path / "r", pick_free=True)
    assert not (tmp_path / "r").exists()
    first, files = write_whole(target, _writer(["summary.md"]))
    assert first == tmp_path / "r" and files == [first / "summary.md"]
    second, _ = write_whole(plan(tmp_path / "r", pick_free=True), _writer(["summary.md"]))
    assert second == tmp_path / "r-2"
    assert _hidden(tmp_path) == []


def test_overwrite_replaces_the_folder_as_a_whole(tmp_path):
    write_whole(plan(tmp_path / "r"), _writer(["summary.md", "export_controls.png"]))
    final, _ = write_whole(plan(tmp_path / "r", overwrite=True), _writer(["summary.md"]))
    assert sorted(os.listdir(final)) == ["summary.md"]  # the old figure is gone
    assert _hidden(tmp_path) == []


@pytest.mark.parametrize("error", [Interrupted, RuntimeError, OSError])
def test_a_failed_write_leaves_nothing_and_keeps_the_old_report(tmp_path, error):
    write_whole(plan(tmp_path / "r"), _writer(["summary.md"]))

    def failing(folder):
        (folder / "summary.md").write_text("half")
        raise error("stop")

    expected = ReportFolderError if error is OSError else error
    with pytest.raises(expected):
        write_whole(plan(tmp_path / "r", overwrite=True), failing)
    with pytest.raises(expected):
        write_whole(plan(tmp_path / "new"), failing)
    assert sorted(os.listdir(tmp_path)) == ["r"]
    assert (tmp_path / "r" / "summary.md").read_text() == "summary.md"


def test_a_file_is_not_a_report_folder(tmp_path):
    (tmp_path / "afile.txt").write_text("mine")
    for overwrite in (False, True):
        with pytest.raises(ReportFolderError, match="is not a folder"):
            plan(tmp_path / "afile.txt", overwrite=overwrite)
    assert (tmp_path / "afile.txt").read_text() == "mine"


def test_overwrite_refuses_a_folder_holding_other_files(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "thesis.tex").write_text("mine")
    with pytest.raises(ReportFolderError, match="not part of a tradewar report"):
        plan(tmp_path / "notes", overwrite=True)


def test_an_unwritable_place_is_refused_before_any_work():
    with pytest.raises(ReportFolderError, match="cannot write report folder '/proc/x'"):
        plan("/proc/x")


def test_a_single_file_is_written_through_a_temporary_name(tmp_path):
    def write(path):
        path.write_text("png")

    write_file_whole(tmp_path / "deals.png", write)
    assert (tmp_path / "deals.png").read_text() == "png"
    with pytest.raises(ReportFolderError, match="exists"):
        write_file_whole(tmp_path / "deals.png", write)

    def failing(path):
        path.write_text("half")
        raise Interrupted

    with pytest.raises(Interrupted):
        write_file_whole(tmp_path / "other.png", failing)
    assert sorted(os.listdir(tmp_path)) == ["deals.png"]


def test_a_single_file_in_an_unwritable_place_is_one_error():
    with pytest.raises(ReportFolderError, match=r"cannot write '/proc/deals\.png'"):
        write_file_whole(Path("/proc/deals.png"), lambda path: path.write_text("png"))


def test_a_single_file_is_checked_before_any_work(tmp_path):
    assert plan_file(tmp_path / "new" / "deals.png") == tmp_path / "new" / "deals.png"
    assert not (tmp_path / "new").exists()
    (tmp_path / "deals.png").write_text("mine")
    with pytest.raises(ReportFolderError, match="exists"):
        plan_file(tmp_path / "deals.png")
    with pytest.raises(ReportFolderError, match="cannot write"):
        plan_file("/proc/deals.png")


def test_reports_get_the_permissions_of_ordinary_files_and_folders(tmp_path):
    mask = os.umask(0o022)
    try:
        folder, files = write_whole(plan(tmp_path / "r"), _writer(["summary.md"]))
        png = write_file_whole(tmp_path / "deals.png", lambda path: path.write_text("png"))
    finally:
        os.umask(mask)
    assert folder.stat().st_mode & 0o777 == 0o755
    assert files[0].stat().st_mode & 0o777 == 0o644
    assert png.stat().st_mode & 0o777 == 0o644
