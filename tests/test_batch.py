"""`reportgen build --all`: every court in parallel; a broken court never stops the others."""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT

from reportgen import batch
from reportgen import build as build_module
from reportgen.cli import main


@pytest.fixture
def courts(tmp_path: Path) -> tuple[Path, Path]:
    """Two good courts and one whose project file has a TOML syntax error."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "pingtang", content / "pingtang")
    shutil.copytree(CONTENT / "example-tribunal", content / "tribunal")
    shutil.copytree(CONTENT / "pingtang", content / "broken")
    project = content / "broken" / "2024" / "projects" / "01-dianli-xitong-weixiu-gaizao.toml"
    project.write_text(project.read_text(encoding="utf-8").replace('code = "PT2024-01"', 'code = PT2024-01'),
                       encoding="utf-8")
    (content / "notes").mkdir()  # not a court: no court.toml
    return content, tmp_path / "build"


def run_all(content: Path, out: Path, *extra: str) -> int:
    return main(["--content", str(content), "build", "--all", "-b", "html", "-o", str(out), *extra])


def test_broken_court_does_not_stop_the_others(courts, capsys):
    content, out = courts
    assert run_all(content, out) == 2
    assert (out / "pingtang" / "2024" / "forms.html").is_file()
    assert (out / "tribunal" / "2025" / "declaration.html").is_file()
    assert not (out / "broken").exists()
    err = capsys.readouterr().err
    summary = err[err.index("汇总"):]
    assert "broken：失败" in summary
    assert "01-dianli-xitong-weixiu-gaizao.toml" in summary and "TOML 语法错误" in summary
    assert "pingtang 2024：已生成 1 个文件" in summary and "1 个错误，20 个警告" in summary
    assert "tribunal 2025：已生成 1 个文件" in summary
    assert "失败 1 个（broken）" in summary
    assert "notes" not in summary
    # Not a terminal: one plain progress line per court, no carriage returns.
    assert "\r" not in err
    assert sorted(line.split("] ")[1].split("：")[0] for line in err.splitlines() if line.startswith("[")) == \
        ["broken", "pingtang", "tribunal"]


def test_second_run_skips_good_courts_and_still_fails(courts, capsys):
    content, out = courts
    run_all(content, out)
    html = out / "pingtang" / "2024" / "forms.html"
    mtime = html.stat().st_mtime_ns
    capsys.readouterr()
    assert run_all(content, out) == 2
    summary = capsys.readouterr().err
    assert "pingtang 2024：未变化，跳过 1 个文件" in summary and "1 个错误，20 个警告" in summary
    assert "tribunal 2025：未变化，跳过" in summary and "broken：失败" in summary
    assert html.stat().st_mtime_ns == mtime
    assert run_all(content, out, "-E") == 2
    assert html.stat().st_mtime_ns != mtime


def test_all_good_exits_zero_and_w_counts_findings(courts):
    content, out = courts
    shutil.rmtree(content / "broken")
    assert run_all(content, out) == 0
    assert run_all(content, out, "-W") == 1  # pingtang's data has errors and warnings


def test_an_exception_in_one_court_is_reported(courts, monkeypatch):
    content, out = courts
    real = build_module.build_court

    def flaky(content: Path, slug: str, *args, **kwargs):
        if slug == "tribunal":
            raise ZeroDivisionError("division by zero")
        return real(content, slug, *args, **kwargs)

    monkeypatch.setattr(build_module, "build_court", flaky)
    outcomes = {o.slug: o for o in batch.build_all(content, out, ("html",), workers=1)}
    assert outcomes["tribunal"].failure and "程序内部错误 ZeroDivisionError" in outcomes["tribunal"].failure[0]
    assert outcomes["pingtang"].written and outcomes["pingtang"].failure is None
    assert outcomes["broken"].failure and "TOML 语法错误" in outcomes["broken"].failure[0]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers must inherit the patch")
def test_a_crashing_worker_takes_down_only_its_court(courts, monkeypatch):
    content, out = courts
    real = build_module.build_court

    def crash(content: Path, slug: str, *args, **kwargs):
        if slug == "tribunal":
            os._exit(70)  # as a segfault or the OOM killer would
        return real(content, slug, *args, **kwargs)

    monkeypatch.setattr(build_module, "build_court", crash)
    outcomes = {o.slug: o for o in batch.build_all(content, out, ("html",), workers=2)}
    assert outcomes["tribunal"].failure and "意外退出" in outcomes["tribunal"].failure[0]
    assert outcomes["pingtang"].failure is None and (out / "pingtang" / "2024" / "forms.html").is_file()
    assert outcomes["broken"].failure and "TOML 语法错误" in outcomes["broken"].failure[0]


def test_progress_bar_redraws_in_place_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = batch.Progress(2, stream)
    progress.update(batch.Outcome("a", written=[Path("x")]))
    progress.update(batch.Outcome("b", failure=["坏了"]))
    progress.close()
    text = stream.getvalue()
    assert text.startswith("\r生成中 [") and "2/2 b" in text and text.endswith("\n")
    assert text.count("\n") == 1


def test_court_or_all_is_required(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["build"])
    assert exc.value.code == 2
    assert "请指定一个法院代号" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["build", "pingtang", "--all"])


def test_empty_content_folder(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    assert run_all(tmp_path / "content", tmp_path / "build") == 2
    assert "没有任何法院" in capsys.readouterr().err
