"""`reportgen preview`: a real server process driven with plain HTTP requests and headless Chromium."""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CONTENT, REPO

from reportgen.cli import main

CHROMIUM = next((p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))), None)
START_TIMEOUT = 60


@dataclass
class Preview:
    process: subprocess.Popen[str]
    url: str
    court: Path

    def get(self, path: str = "/") -> str:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
            assert response.status == 200
            return str(response.read().decode("utf-8"))

    def wait_for(self, predicate: Callable[[str], bool], seconds: float) -> tuple[str, float]:
        """The page once `predicate(page)` holds, and how long that took; fails after `seconds`."""
        start = time.monotonic()
        while True:
            page = self.get()
            if predicate(page):
                return page, time.monotonic() - start
            if time.monotonic() - start > seconds:
                pytest.fail(f"the page did not change within {seconds} s")
            time.sleep(0.1)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "lanzhou-xinqu", content / "lanzhou-xinqu")
    process = subprocess.Popen([sys.executable, "-m", "reportgen", "--content", str(content), "preview",
                                "lanzhou-xinqu", "--port", "0"], cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    line = process.stdout.readline()  # the first line names the address, once the server listens
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert match, f"no address in {line!r}; stderr: {process.stderr.read() if process.poll() is not None else ''}"
    yield Preview(process, match.group(0), content / "lanzhou-xinqu")
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=10)  # also closes the pipes


def test_serves_the_document_with_its_findings_and_their_places(preview):
    page = preview.get()
    assert "<iframe" in page and "srcdoc=" in page
    document = html.unescape(re.search(r'srcdoc="([^"]*)"', page).group(1))
    assert "兰州新区人民法院2024年度" in document and "部门整体支出绩效自评情况分析" in document
    aside = page[page.index('<aside id="findings">'):]
    assert "W-TEXT-CLAIM" in aside
    assert re.search(r"department\.toml:\d+", aside), aside[:500]
    assert re.search(r"<h2>数据核对：\d+ 个错误，\d+ 个警告</h2>", aside)
    assert preview.get("/raw/report").startswith("<!DOCTYPE html>")
    assert "forms" in page and '<a href="/doc/forms">' in page


def test_an_edited_text_shows_within_three_seconds(preview):
    before = preview.get("/version")
    text = preview.court / "2024" / "text" / "publication.md"
    text.write_text("本报告已于新的日期在本院网站公开。\n", encoding="utf-8")
    page, seconds = preview.wait_for(lambda p: "本报告已于新的日期在本院网站公开。" in html.unescape(p), 3.0)
    assert seconds < 3.0
    assert int(preview.get("/version")) > int(before)
    assert f'data-version="{preview.get("/version")}"' in page


def test_a_data_error_shows_as_its_message_and_the_preview_recovers(preview):
    year = preview.court / "2024" / "department.toml"
    good = year.read_text(encoding="utf-8")
    year.write_text(re.sub(r"^\[finance\]$", "[finance", good, count=1, flags=re.M), encoding="utf-8")
    page, _ = preview.wait_for(lambda p: 'id="blocking"' in p, 5.0)
    blocking = page[page.index('id="blocking"'):page.index("</section>")]
    assert "department.toml:" in blocking and "TOML" in blocking
    assert "Traceback" not in page and "<iframe" not in page
    year.write_text(good, encoding="utf-8")
    preview.wait_for(lambda p: "<iframe" in p, 5.0)


def test_ctrl_c_stops_cleanly(preview):
    preview.get()
    preview.process.send_signal(signal.SIGINT)
    assert preview.process.wait(15) == 0
    err = preview.process.stderr.read()
    assert "预览已停止" in err and "Traceback" not in err and "KeyboardInterrupt" not in err


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_chromium_renders_the_page_with_document_and_findings(preview, tmp_path):
    run = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'chromium'}", "--virtual-time-budget=3000", "--dump-dom",
                          preview.url], capture_output=True, text=True, timeout=90)
    dom = run.stdout
    assert '<aside id="findings">' in dom and "W-TEXT-CLAIM" in dom
    assert "部门整体支出绩效自评情况分析" in html.unescape(dom)
    assert "实时预览中" in dom  # the reload script ran and reached /version (no "预览已停止")


def _other_address() -> str | None:
    """An address of this machine other than loopback, where the preview must not answer."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent, the kernel picks the outgoing address
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_only_this_machine_can_connect(preview):
    other = _other_address()
    if other is None:
        pytest.skip("this machine has no address besides loopback")
    port = int(preview.url.rsplit(":", 1)[1].strip("/"))
    with socket.socket() as s, pytest.raises(OSError):
        s.settimeout(3)
        s.connect((other, port))


def test_a_port_in_use_or_an_unknown_court_is_said_in_chinese(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--content", str(CONTENT), "preview", "example-tribunal", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"无法在端口 {port} 上启动预览" in err and "PORT=" in err
    assert main(["--content", str(CONTENT), "preview", "no-such-court"]) == 2
    assert "找不到法院“no-such-court”" in capsys.readouterr().err


def test_the_preview_shows_a_court_s_own_page_shell(tmp_path):
    """A court's templates/html/page.html.j2 is used in the preview as in the build: the clerk sees
    the page she will publish."""
    from reportgen.preview.snapshot import take

    content = tmp_path / "content"
    shutil.copytree(CONTENT / "pingtang", content / "pingtang")
    shell = content / "pingtang" / "templates" / "html"
    shell.mkdir(parents=True)
    (shell / "page.html.j2").write_text("<!DOCTYPE html><html><head><title>{{ title }}</title></head>"
                                        "<body><header>本院页眉</header>{{ body }}</body></html>", encoding="utf-8")
    (document,) = take(content, "pingtang", None).documents
    page = document.html.decode("utf-8")
    assert "<header>本院页眉</header>" in page and "243313.19" in page
