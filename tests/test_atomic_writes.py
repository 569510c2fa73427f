"""A write that fails — disk full, or a file Word keeps locked — must not leave temporary files,
must not damage an output it did not finish, must not make the manifest claim a document it did
not write, and must reach the user as a Chinese message, not a traceback."""

from __future__ import annotations

import errno
import io
import os
import re
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT

from reportgen import manifest
from reportgen.atomic import write_bytes
from reportgen.build import build_court
from reportgen.cli import main
from reportgen.findings import InputError

SLUG = "lanzhou-xinqu"
YEAR = 2024
CJK = re.compile(r"[\u4e00-\u9fff]")


# ── failure injection ────────────────────────────────────────────────────────


class FullDisk:
    """A file whose write stores half of the data, then fails as a full disk does."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fh, name)


class Faults:
    """Watches the temporary files and renames into one folder, and fails the Nth of either.

    `fail_write` N: the Nth temporary file's write fails midway (ENOSPC);
    `fail_rename` N: the Nth rename onto a file of the folder fails (EACCES, as for a file open in Word).
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path, *, fail_write: int | None = None,
                 fail_rename: int | None = None) -> None:
        self.folder = folder.resolve()
        self.fail_write, self.fail_rename = fail_write, fail_rename
        self.temps: dict[int, str] = {}  # fd → temporary file name, until the fd is opened as a file
        self.writes = 0
        self.renamed: list[str] = []  # target names, in order
        self.failed = ""  # the name of the file whose write or rename was made to fail
        real_mkstemp, real_fdopen, real_replace = tempfile.mkstemp, os.fdopen, os.replace

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            fd, name = real_mkstemp(*args, **kwargs)
            if Path(name).resolve().parent == self.folder:
                self.temps[fd] = name
            return fd, name

        def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            fh = real_fdopen(fd, *args, **kwargs)
            temp = self.temps.pop(fd, None)
            if temp is None:
                return fh
            self.writes += 1
            if self.writes != self.fail_write:
                return fh
            self.failed = re.sub(r"^\.(.+)\.[^.]+\.tmp$", r"\1", Path(temp).name)  # .report.docx.x1y2.tmp → report.docx
            return FullDisk(fh)

        def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if Path(dst).resolve().parent == self.folder:
                self.renamed.append(Path(dst).name)
                if len(self.renamed) == self.fail_rename:
                    self.failed = Path(dst).name
                    raise PermissionError(errno.EACCES, "Permission denied", str(dst))
            real_replace(src, dst, *args, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
        monkeypatch.setattr(os, "fdopen", fdopen)
        monkeypatch.setattr(os, "replace", replace)

    def fired(self) -> None:
        """Guard against a test that passes because nothing failed: the fault must have been reached."""
        if (self.fail_write or 0) > self.writes or (self.fail_rename or 0) > len(self.renamed):
            raise RuntimeError(f"the injected failure never happened ({self.writes} writes, {self.renamed}): "
                               "the way outputs are written changed, update Faults")


# ── unit: reportgen.atomic.write_bytes ───────────────────────────────────────


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*.tmp"))


def test_write_replaces_the_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "report.html"
    target.write_bytes(b"old")
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert listing(tmp_path) == ["report.html"]
    assert target.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("existing", [True, False], ids=["over-old-file", "new-file"])
def test_write_failing_midway_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch, existing):
    target = tmp_path / "report.docx"
    if existing:
        target.write_bytes(b"previous good build")
    faults = Faults(monkeypatch, tmp_path, fail_write=1)
    with pytest.raises(OSError) as info:
        write_bytes(target, b"x" * 10_000)
    faults.fired()
    assert info.value.errno == errno.ENOSPC
    assert listing(tmp_path) == (["report.docx"] if existing else [])
    if existing:
        assert target.read_bytes() == b"previous good build"


def test_rename_failing_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "report.docx"
    target.write_bytes(b"previous good build")
    faults = Faults(monkeypatch, tmp_path, fail_rename=1)
    with pytest.raises(OSError) as info:
        write_bytes(target, b"new")
    assert (info.value.errno, info.value.filename) == (errno.EACCES, str(target))  # the output, not the temp
    faults.fired()
    assert listing(tmp_path) == ["report.docx"]
    assert target.read_bytes() == b"previous good build"


def test_interrupt_midway_leaves_no_temp(tmp_path, monkeypatch):
    """Ctrl-C is a BaseException, not an OSError: the temporary file must go all the same."""
    target = tmp_path / "report.html"
    target.write_bytes(b"old")
    real = os.fdopen

    class Interrupted(FullDisk):
        def write(self, data: bytes) -> int:
            self.fh.write(data[:10])
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Interrupted(real(fd, *a, **k)))
    with pytest.raises(KeyboardInterrupt):
        write_bytes(target, b"new content" * 100)
    assert listing(tmp_path) == ["report.html"]
    assert target.read_bytes() == b"old"


# ── a whole build whose last write fails ─────────────────────────────────────


@dataclass
class Scene:
    """A court built once, its data then changed; what a clean build of the change writes, and in which order."""

    content: Path
    out: Path
    folder: Path
    before: dict[str, bytes]  # every file of the output folder after the first build
    after: dict[str, bytes]  # every file a clean build of the changed data leaves
    order: list[str]  # the files a build replaces, in order

    def now(self) -> dict[str, bytes]:
        return snapshot(self.folder)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def kind_of(name: str) -> str:
    return name.split(".")[0]  # report.docx → report, forms.html → forms


@pytest.fixture
def scene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
    content = tmp_path / "content"
    shutil.copytree(CONTENT / SLUG, content / SLUG)
    out = tmp_path / "out"
    build_court(content, SLUG, None, out)
    folder = out / SLUG / str(YEAR)
    before = snapshot(folder)

    court = content / SLUG / "court.toml"  # the name is in the title of every document: all outputs change
    text = court.read_text(encoding="utf-8")
    assert 'name = "兰州新区人民法院"' in text
    court.write_text(text.replace('name = "兰州新区人民法院"', 'name = "兰州新区人民法院（更名）"'), encoding="utf-8")

    with monkeypatch.context() as m:  # the first pass: a clean build of the change, counting its writes
        clean = tmp_path / "clean"
        faults = Faults(m, clean / SLUG / str(YEAR))
        build_court(content, SLUG, None, clean, force=True)
    after = snapshot(clean / SLUG / str(YEAR))
    assert faults.writes == len(faults.renamed) == len(after), faults.renamed
    assert sorted(faults.renamed) == sorted(after) == sorted(before)
    assert all(after[name] != before[name] for name in after), "every output must change for these tests"
    return Scene(content, out, folder, before, after, faults.renamed)


def failing_build(scene: Scene) -> None:
    with pytest.raises((OSError, InputError)):
        build_court(scene.content, SLUG, None, scene.out, force=True)


def which(scene: Scene, position: str) -> int:
    """1-based number of the write to fail: the last of all, the last document output, or the first."""
    outputs = [i for i, name in enumerate(scene.order, 1) if not name.startswith(".")]
    return {"last": len(scene.order), "last-output": outputs[-1], "first": 1}[position]


POSITIONS = ["last", "last-output", "first"]


@pytest.mark.parametrize("how", ["rename", "write"])
@pytest.mark.parametrize("position", POSITIONS)
def test_failed_write_leaves_no_temp_and_unfinished_files_intact(scene, monkeypatch, position, how):
    n = which(scene, position)
    faults = Faults(monkeypatch, scene.folder, **{f"fail_{how}": n})
    failing_build(scene)
    faults.fired()
    assert temps(scene.out) == []
    now = scene.now()
    assert sorted(now) == sorted(scene.before), "no file appears or disappears"
    for i, name in enumerate(scene.order, 1):
        if i >= n:  # the failed write and every one after it: untouched
            assert now[name] == scene.before[name], name
        else:  # finished before the failure: the new version (or the old one, if the build rolled back)
            assert now[name] in (scene.after[name], scene.before[name]), name


@pytest.mark.parametrize("position", POSITIONS)
def test_failed_document_is_rebuilt_by_the_next_build(scene, monkeypatch, position):
    """The manifest must not record a document whose write failed, or the next build would skip it."""
    n = which(scene, position)
    failed = scene.order[n - 1]
    with monkeypatch.context() as m:
        faults = Faults(m, scene.folder, fail_rename=n)
        failing_build(scene)
        faults.fired()

    plan = manifest.plan(scene.content / SLUG, YEAR, scene.folder, ("docx", "html"))
    for name in scene.order[n - 1:]:
        if not name.startswith("."):
            assert kind_of(name) not in plan.fresh, f"{failed} failed, yet {name} counts as up to date"
    assert scene.now()[manifest.NAME] in (scene.before[manifest.NAME], scene.after[manifest.NAME])

    result = build_court(scene.content, SLUG, None, scene.out)  # incremental: no -E
    if not failed.startswith("."):
        assert scene.folder / failed in result.written
    assert scene.now() == scene.after, "after the next build the folder is as a clean build leaves it"
    assert build_court(scene.content, SLUG, None, scene.out).written == []


@pytest.mark.parametrize("position", ["last", "last-output"])
def test_a_build_whose_write_fails_replaces_no_document(scene, monkeypatch, position):
    """Either every document of a build is replaced or none is: a disk that fills up while writing the
    last file must leave the previous build exactly as it was."""
    faults = Faults(monkeypatch, scene.folder, fail_write=which(scene, position))
    failing_build(scene)
    faults.fired()
    assert temps(scene.out) == []
    now = scene.now()
    changed = sorted(name for name in now if now[name] != scene.before[name])
    assert changed == [], f"partly replaced by a failed build: {changed}"


@pytest.mark.parametrize("how", ["rename", "write"])
def test_cli_reports_a_failed_write_in_chinese(scene, monkeypatch, how):
    n = len(scene.order)
    faults = Faults(monkeypatch, scene.folder, **{f"fail_{how}": n})
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            status = main(["--content", str(scene.content), "build", SLUG, "-E", "-o", str(scene.out)])
        except OSError as exc:
            raise AssertionError(f"{exc!r} escapes reportgen.cli.main: the user sees a traceback") from exc
    faults.fired()
    err = stderr.getvalue()
    assert status != 0
    assert "Traceback" not in err + stdout.getvalue()
    assert CJK.search(err), err
    assert faults.failed in err or str(scene.folder) in err, f"the message says where writing failed ({faults.failed})"
    assert temps(scene.out) == []


def test_cli_reports_an_output_folder_that_is_a_file(tmp_path):
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            status = main(["--content", str(CONTENT), "build", "pingtang", "-o", str(tmp_path / "out")])
        except OSError as exc:
            raise AssertionError(f"{exc!r} escapes reportgen.cli.main: the user sees a traceback") from exc
    err = stderr.getvalue()
    assert status != 0 and CJK.search(err) and "Traceback" not in err
    assert (tmp_path / "out").read_text(encoding="utf-8") == "not a folder"


# ── every way an output can be blocked: the build fails and no output changes ─


@pytest.mark.parametrize("position", POSITIONS)
def test_a_refused_rename_replaces_no_document(scene, monkeypatch, position):
    """A file Word keeps open (Windows refuses to replace it): the outputs renamed before it are put back."""
    faults = Faults(monkeypatch, scene.folder, fail_rename=which(scene, position))
    failing_build(scene)
    faults.fired()
    assert scene.now() == scene.before
    assert temps(scene.out) == [] and not list(scene.folder.glob(".*.old"))


def _block(scene: Scene, name: str, how: str) -> None:
    target = scene.folder / name
    target.unlink()
    if how == "folder":
        target.mkdir()
        (target / "inside.txt").write_text("a clerk's file", encoding="utf-8")
    else:
        os.mkfifo(target)


@pytest.mark.parametrize("how", ["folder", "pipe"])
@pytest.mark.parametrize("name", ["forms.html", "report.docx", manifest.NAME])
def test_an_output_blocked_by_a_folder_or_pipe_replaces_nothing(scene, how, name):
    """A folder or a pipe where an output (or the manifest) goes: found before any output is replaced."""
    _block(scene, name, how)
    before = {n: body for n, body in scene.before.items() if n != name}
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        status = main(["--content", str(scene.content), "build", SLUG, "-o", str(scene.out)])
    err = stderr.getvalue()
    assert status == 2, err
    assert re.search(rf"{re.escape(name)}: 错误 E-OUTPUT: .*(文件夹|不是普通文件)", err), err
    assert "Traceback" not in err and "已生成" not in stdout.getvalue()
    now = {p.name: p.read_bytes() for p in scene.folder.iterdir() if p.is_file() and p.name != name}
    assert now == before
    assert temps(scene.out) == [] and not list(scene.folder.glob(".*.old"))
    if how == "folder":
        assert (scene.folder / name / "inside.txt").read_text(encoding="utf-8") == "a clerk's file"


def test_an_output_folder_that_cannot_take_new_files_replaces_nothing(scene, monkeypatch):
    """A folder the user may not write to: the first temporary file already fails."""
    real = tempfile.mkstemp

    def refused(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs.get("dir", "")).resolve() == scene.folder.resolve():
            raise PermissionError(errno.EACCES, "Permission denied", str(kwargs["dir"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    failing_build(scene)
    assert scene.now() == scene.before
