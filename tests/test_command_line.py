"""The command line answers in Chinese, argparse's own errors included, and the Makefile passes COURT,
YEAR and OPTS to it quoted and checked: no value is ever run as shell. Exit statuses as the README says."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

from reportgen.cli import main

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"usage:|error:|invalid|argument|required|unrecognized|expected|choose from|ambiguous")

BAD_COMMAND_LINES = [
    [],  # no command
    ["bulid", "pingtang"],  # a mistyped command
    ["check"],  # no court
    ["check", "a", "b"],  # a court name with a space, unquoted
    ["check", "-x"],  # a court that starts with a dash
    ["check", "--year", "abc", "pingtang"],  # YEAR=abc
    ["check", "--year", "24", "pingtang"],  # a year of two digits
    ["check", "--year"],  # an option without its value
    ["check", "pingtang", "--frobnicate"],  # an unknown option
    ["build", "-b", "odt", "pingtang"],  # a format that does not exist
    ["build"],  # neither a court nor --all
    ["build", "--all", "pingtang"],  # both
    ["server", "restart"],  # an action that does not exist
    ["check", "pingtang", "-W=yes"],  # a flag given a value
]


@pytest.mark.parametrize("argv", BAD_COMMAND_LINES, ids=lambda a: " ".join(a) or "(nothing)")
def test_command_line_errors_are_chinese(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert info.value.code == 2
    assert CJK.search(err), err
    assert not ENGLISH.search(err.split("\n", 1)[-1] if err.startswith("用法") else err), err
    assert "命令行有误" in err and "Traceback" not in out + err


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "-h"])
    out, _ = capsys.readouterr()
    assert info.value.code == 0
    assert out.startswith("用法：") and "选项" in out and "显示本帮助并退出" in out
    assert not re.search(r"usage:|options:|show this help", out)


def test_a_court_name_that_is_not_a_slug_is_refused_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """After `--` a leading dash is a court name like any other: refused by the loader, with its rule."""
    assert main(["check", "--", "-x"]) == 2
    assert "E-INPUT-COURT" in capsys.readouterr().err


# ── the Makefile ─────────────────────────────────────────────────────────────


def make(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    if shutil.which("make") is None or not (REPO / ".venv" / "bin" / "reportgen").exists():
        pytest.skip("needs make and the project's .venv")
    return subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.mark.parametrize("court", ["x;touch {marker}", "$(shell touch {marker})", "$$(touch {marker})",
                                   "`touch {marker}`", "a b", "-x",
                                   "x' ; touch '{marker}", "Lanzhou"])
def test_make_never_runs_a_court_name_as_shell(court: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    proc = make("check", f"COURT={court.format(marker=marker)}")
    assert not marker.exists(), "the court name was run as a shell command"
    assert proc.returncode == 2
    assert "不合规" in proc.stderr, proc.stderr


@pytest.mark.parametrize("target", ["check", "report", "new-year", "xlsx", "pdf", "preview"])
def test_every_court_target_quotes_the_court(target: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    proc = make(target, f"COURT=x;touch {marker}")
    assert not marker.exists() and proc.returncode == 2 and "不合规" in proc.stderr, proc.stderr


def test_make_preview_checks_the_port(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    proc = make("preview", "COURT=pingtang", f"PORT=1;touch {marker}")
    assert not marker.exists() and proc.returncode == 2 and "端口" in proc.stderr, proc.stderr


@pytest.mark.parametrize("year", ["abc", "24", "2024;touch {marker}", "2024 2025"])
def test_make_checks_the_year(year: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    proc = make("check", "COURT=pingtang", f"YEAR={year.format(marker=marker)}")
    assert not marker.exists()
    assert proc.returncode == 2 and "年度" in proc.stderr and "四位数字" in proc.stderr, proc.stderr


def test_make_check_statuses_are_those_the_readme_states() -> None:
    """reportgen check exits 1 on check errors; make turns any failure into 2 and names reportgen's status."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make 命令失败时退出码一律为 2" in readme
    assert "reportgen 的退出码：0" in readme
    proc = make("check", "COURT=lanzhou-xinqu")  # a reference court whose data has check errors
    assert proc.returncode == 2
    assert "reportgen 退出码 1" in proc.stderr
    proc = make("check", "COURT=no-such-court")
    assert proc.returncode == 2 and "reportgen 退出码 2" in proc.stderr and "E-INPUT-COURT" in proc.stderr
    assert make("check").returncode == 2
