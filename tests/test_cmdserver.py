"""The command server runs commands exactly as the in-process command would, and steps aside when
its code is out of date or it is not running."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONTENT, REPO

from reportgen import fingerprint
from reportgen.cli import main as run_here
from reportgen.cmdserver import available, client

pytestmark = pytest.mark.skipif(not available(), reason="the command server needs fork and Unix sockets")
COURT = "lanzhou-xinqu"


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private socket folder (short: Unix socket paths are limited to ~100 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="rg-"))
    monkeypatch.setenv("REPORTGEN_RUNTIME_DIR", str(folder / "run"))
    yield folder / "run"
    shutil.rmtree(folder)


def reportgen(*args: str, python: list[str] | None = None, env: dict[str, str] | None = None,
              cwd: Path | None = None) -> subprocess.CompletedProcess:
    cmd = (python or [sys.executable]) + ["-m", "reportgen", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env or os.environ.copy(), cwd=cwd, timeout=120)


@pytest.fixture
def server(runtime: Path) -> Iterator[None]:
    started = reportgen("--content", str(CONTENT), "server", "start")
    assert started.returncode == 0, started.stderr
    yield
    reportgen("server", "stop")


def test_no_server_means_the_command_runs_here(runtime: Path):
    assert client.run_remote(["check", COURT]) is None


def test_server_build_is_byte_identical_to_a_build_here(server, tmp_path: Path, capfd):
    remote, local = tmp_path / "remote", tmp_path / "local"
    code = client.run_remote(["--content", str(CONTENT), "build", COURT, "-o", str(remote)])
    out, err = capfd.readouterr()
    assert code == 0
    assert "已生成" in out and "Traceback" not in err
    assert run_here(["--content", str(CONTENT), "build", COURT, "-o", str(local)]) == 0
    built = sorted(p.relative_to(remote) for p in remote.rglob("*.docx")) + \
        sorted(p.relative_to(remote) for p in remote.rglob("*.html"))
    assert len(built) == 4
    for rel in built:
        assert (remote / rel).read_bytes() == (local / rel).read_bytes(), rel


def test_server_passes_exit_status_and_messages(server, capfd):
    code = client.run_remote(["--content", str(CONTENT), "check", "no-such-court"])
    _, err = capfd.readouterr()
    assert code == 2
    assert "找不到法院“no-such-court”" in err
    code = client.run_remote(["--content", str(CONTENT), "check", COURT])
    _, err = capfd.readouterr()
    assert code == 1  # the reference data has errors the checks must flag
    assert "法庭运维费" in err
    code = client.run_remote(["--content", str(CONTENT), "build"])  # argparse's own error exit
    _, err = capfd.readouterr()
    assert code == 2 and "lanzhou-xinqu" in err


def test_server_uses_the_clients_working_folder(server, tmp_path: Path, monkeypatch, capfd):
    shutil.copytree(CONTENT / COURT, tmp_path / "content" / COURT)
    monkeypatch.chdir(tmp_path)
    assert client.run_remote(["build", COURT, "-b", "html"]) == 0
    capfd.readouterr()
    assert sorted(p.name for p in (tmp_path / "build" / COURT).rglob("*.html")) == ["forms.html", "report.html"]


def test_server_stop_and_status(server):
    assert reportgen("server", "status").returncode == 0
    assert "已停止" in reportgen("server", "stop").stdout
    assert reportgen("server", "status").returncode == 1
    assert client.run_remote(["check", COURT]) is None


def test_fingerprint_changes_when_a_module_changes(tmp_path: Path):
    (tmp_path / "a.py").write_text("x = 1\n")
    before = fingerprint.signature(tmp_path)
    (tmp_path / "a.py").write_text("x = 22\n")
    assert fingerprint.signature(tmp_path) != before


def test_stale_server_steps_aside_and_stops(runtime: Path, tmp_path: Path):
    """A server whose code changed after it started must not run the old code."""
    copy = tmp_path / "copy"
    shutil.copytree(REPO / "reportgen", copy / "reportgen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "templates", copy / "templates")
    # -S and a folder outside the repository keep its editable install out of the way of the copy
    env = {**os.environ, "PYTHONPATH": f"{copy}{os.pathsep}{sysconfig.get_paths()['purelib']}"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return reportgen(*args, python=[sys.executable, "-S"], env=env, cwd=tmp_path)

    assert run("--content", str(CONTENT), "server", "start").returncode == 0
    try:
        cli = copy / "reportgen" / "cli.py"
        cli.write_text(cli.read_text(encoding="utf-8").replace("已生成 {path}", "NEW {path}"), encoding="utf-8")
        done = run("--content", str(CONTENT), "build", COURT, "-b", "html", "-o", str(tmp_path / "out"))
        assert done.returncode == 0, done.stderr
        assert "NEW " in done.stdout  # run by the changed code, in the client's own process
        assert run("server", "status").returncode == 1
    finally:
        run("server", "stop")


COURTS_TO_INTERRUPT = 300


def test_ctrl_c_stops_the_command_the_server_runs(server, tmp_path: Path):
    """Ctrl-C reaches only the client: it must pass it on, so the build stops (status 130) cleanly."""
    from reportgen.bench import synthesize

    # enough courts that the build is still running when Ctrl-C arrives on a loaded machine (60 took
    # about a second once the builders got faster, and a loaded CI machine once finished them all)
    synthesize(tmp_path / "content", COURTS_TO_INTERRUPT)
    cmd = [sys.executable, "-m", "reportgen", "--content", str(tmp_path / "content"), "build", "--all",
           "-o", str(tmp_path / "out")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the first court is done: the build is under way in the server
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=60)
    assert "已生成" in first, first + rest
    assert proc.returncode == 130, first + rest
    assert "Traceback" not in rest
    assert f"共 {COURTS_TO_INTERRUPT} 个法院" not in rest  # stopped before the end
    assert list((tmp_path / "out").rglob("*.tmp")) == []


def test_commands_at_the_same_time_each_get_a_process(server, capsys):
    assert run_here(["--content", str(CONTENT), "check", COURT]) == 1
    alone = capsys.readouterr().err
    cmd = [sys.executable, "-m", "reportgen", "--content", str(CONTENT), "check", COURT]
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(run.returncode, err) for run in runs for _, err in [run.communicate(timeout=60)]]
    assert [code for code, _ in results] == [1, 1, 1]
    assert "兰州新区人民法院 2024 年：" in alone
    assert all(err == alone for _, err in results)


def test_an_idle_server_stops_by_itself(runtime: Path):
    """Only commands keep it alive: asking for its status does not."""
    assert reportgen("--content", str(CONTENT), "server", "start", "--idle", "0.02").returncode == 0  # 1.2 s
    deadline = time.monotonic() + 30
    while reportgen("server", "status").returncode == 0 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert reportgen("server", "status").returncode == 1
    assert not list(runtime.glob("*.sock"))
