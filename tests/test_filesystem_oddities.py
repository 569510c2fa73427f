"""Property tests: whatever the file system puts where the loader looks — a folder, a pipe, a link that
dangles, loops or leads to /dev/zero, an empty file, a strange name — `check` and `build` end within
seconds with exit 0 (the oddity is not read), or 2 (3 when what a link leads to is not filled in) and
Chinese findings naming the file; never a traceback, never a hang, and a failed build changes no output."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.cli import main

BASE = Path(__file__).parent / "corpus" / "_base"
COURT = "c"
CJK = re.compile(r"[\u4e00-\u9fff]")
FINDING = re.compile(r"^(?P<file>[^:\[]*)(?::\d+)?(?: \[[^\]]*\])?: (?:错误|警告) [EW]-[A-Z0-9-]+: .*[\u4e00-\u9fff]")

#: files the loader reads in the base court (relative to the court folder), and places it looks in
READ = ["court.toml", "2024/year.toml", "2024/department.toml", "2024/projects/01-weixiu.toml",
        "2024/text/weixiu-goal.md", "2024/text/organization.md", "text/functions.md"]
LOOKED_AT = ["2024/projects/02-new.toml", "2024/projects/02-new.json", "court.json", "2024/year.json",
             "reference.docx", "templates/report/06-other.md.j2", "templates/macros.md.j2", "2024/text/unused.md"]

ODDITIES = ["folder", "pipe", "dangling-link", "link-loop", "link-to-dev-zero", "link-to-folder", "link-outside",
            "empty", "unreadable-bytes"]
#: names a clerk's file manager allows: spaces, Chinese, a leading dash, very long, control-free
ODD_NAMES = st.one_of(
    st.text(alphabet="项目经费 -_.()（）【】abc123", min_size=1, max_size=30),
    st.integers(min_value=200, max_value=250).map(lambda n: "长" * (n // 3)),  # near the 255-byte limit
    st.sampled_from(["-x.toml", " .toml", "..toml", "a\tb.toml", "项目 一.toml", ".hidden.toml", "x.TOML"]),
)


def make_oddity(path: Path, kind: str, outside: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "folder":
        path.mkdir()
        (path / "inside.toml").write_text('name = "x"\n', encoding="utf-8")
    elif kind == "pipe":
        os.mkfifo(path)
    elif kind == "dangling-link":
        path.symlink_to(path.parent / "no-such-file")
    elif kind == "link-loop":
        path.symlink_to(path.name)
    elif kind == "link-to-dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "link-to-folder":
        path.symlink_to(path.parent)
    elif kind == "link-outside":
        path.symlink_to(outside)
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        path.write_bytes(b"\xff\xfe\x00\x81 not text \x00")


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """A hang is a failure of the test, not of the test run."""
    def ring(*_: Any) -> None:
        raise TimeoutError(f"the command took more than {seconds} s: it hangs")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), deadline(60):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()} if folder.is_dir() else {}


def judge(root: Path, command: str) -> None:
    content, out = root / "content", root / "out"
    args = ["--content", str(content), command, COURT] + (["-o", str(out)] if command == "build" else [])
    before = outputs(out / COURT / "2024")
    status, stdout, stderr = run(*args)
    assert "Traceback" not in stdout + stderr
    assert status in (0, 1, 2, 3), stderr  # 3: readable but not filled in (a link to another court's file)
    findings = [line for line in stderr.splitlines() if re.search(r" (错误|警告) [EW]-", line)]
    assert all(FINDING.match(line) for line in findings), findings
    if status in (2, 3):
        assert findings, stderr
        assert all(FINDING.match(line)["file"] for line in findings if " 错误 " in line), findings
        assert outputs(out / COURT / "2024") == before, "a failed build changed an output"


HEAVY = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])


@HEAVY
@given(where=st.sampled_from(READ + LOOKED_AT), kind=st.sampled_from(ODDITIES),
       command=st.sampled_from(["check", "build"]))
def test_an_oddity_where_the_loader_looks(where: str, kind: str, command: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(BASE, root, dirs_exist_ok=True)
        outside = root / "outside.toml"
        outside.write_text('name = "别处的文件"\n', encoding="utf-8")
        if command == "build":  # an earlier build, whose outputs a failed build must leave alone
            assert run("--content", str(root / "content"), "build", COURT, "-o", str(root / "out"))[0] == 0
        make_oddity(root / "content" / COURT / where, kind, outside)
        judge(root, command)


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(name=ODD_NAMES, kind=st.sampled_from(["copy", *ODDITIES]))
def test_an_oddly_named_project_file(name: str, kind: str) -> None:
    """A project file of any name the file system allows, a good copy or an oddity."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(BASE, root, dirs_exist_ok=True)
        projects = root / "content" / COURT / "2024" / "projects"
        name = name if name.endswith((".toml", ".json")) else name + ".toml"
        target = projects / name.replace("/", "_")
        try:
            if kind == "copy":
                text = (projects / "01-weixiu.toml").read_text(encoding="utf-8")
                target.write_text(text.replace('name = "审判庭维修改造"', 'name = "另一个项目"'), encoding="utf-8")
            else:
                make_oddity(target, kind, root / "nowhere")
        except OSError:  # a name this file system refuses: nothing to test
            return
        judge(root, "check")


@pytest.mark.parametrize("kind", ["pipe", "link-to-dev-zero", "link-to-folder", "dangling-link", "unreadable-bytes"])
def test_new_year_copies_only_regular_files(tmp_path: Path, kind: str) -> None:
    """new-year copies the latest year's folder: an oddity in it is refused, and no new year appears."""
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    year = tmp_path / "content" / COURT / "2024"
    odd = year / "text" / ("odd.json" if kind == "unreadable-bytes" else "odd.md")
    make_oddity(odd, kind, tmp_path / "nowhere")
    status, _out, err = run("--content", str(tmp_path / "content"), "new-year", COURT)
    assert status == 2, err
    assert re.search(r"odd\.(md|json)(:\d+)?: 错误 E-INPUT-[A-Z]+: .*[\u4e00-\u9fff]", err), err
    assert sorted(p.name for p in (tmp_path / "content" / COURT).iterdir()) == ["2024", "court.toml", "text"]
