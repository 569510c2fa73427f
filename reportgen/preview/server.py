"""The preview's web server (127.0.0.1 only) and its watcher: watchfiles reports a change in the
court's folder or the templates, the year is rendered again, and the pages poll /version to reload.

The server runs in a thread; the watcher in the main thread, where Ctrl-C ends it cleanly.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles

from reportgen.loader import court_dir
from reportgen.preview.page import render_page
from reportgen.preview.snapshot import Snapshot, take
from reportgen.render.environment import DEFAULT_TEMPLATES

HOST = "127.0.0.1"  # never reachable from another machine: the data are the court's own
DEBOUNCE_MS = 150


class State:
    """The current snapshot and its version, replaced whole by the watcher, read by the handlers."""

    def __init__(self, content: Path, slug: str, year: int | None) -> None:
        self.content, self.slug, self.year = content, slug, year
        self.lock = threading.Lock()
        self.version = 0
        self.snapshot = take(content, slug, year)

    def refresh(self) -> Snapshot:
        snap = take(self.content, self.slug, self.year)
        with self.lock:
            self.snapshot, self.version = snap, self.version + 1
        return snap

    def current(self) -> tuple[Snapshot, int]:
        with self.lock:
            return self.snapshot, self.version


def handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            snap, version = state.current()
            path = self.path.split("?", 1)[0]
            if path == "/version":
                self._send(str(version).encode(), "text/plain; charset=utf-8")
            elif path == "/" or path.startswith("/doc/"):
                self._send(render_page(snap, version, path.removeprefix("/doc/") or None), "text/html; charset=utf-8")
            elif path.startswith("/raw/") and (doc := next((d for d in snap.documents
                                                            if d.kind == path.removeprefix("/raw/")), None)):
                self._send(doc.html, "text/html; charset=utf-8")
            else:
                self._send("没有这个页面；请打开 /".encode(), "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)

        def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the terminal shows rebuilds, not every poll

    return Handler


def _said(snap: Snapshot) -> str:
    if snap.blocking:
        return f"暂时无法显示：{snap.blocking[0].message}"
    errors = sum(f.severity == "error" for f in snap.findings)
    return f"已更新：{len(snap.documents)} 份文件，{errors} 个错误，{len(snap.findings) - errors} 个警告"


def _stamp(folders: list[Path]) -> list[tuple[str, int, int]]:
    """Every file of the folders with its size and modification time (a few hundred files)."""
    found = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                found.append((path, st.st_size, st.st_mtime_ns))
    return found


def serve(content: Path, slug: str, year: int | None, port: int) -> int:
    """Serve until Ctrl-C; exit status 2 when the port cannot be used. A court that does not exist
    raises InputError at once; any later problem with its data is shown in the page."""
    folder = court_dir(content, slug)
    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # its English notes, e.g. on Ctrl-C
    state = State(content, slug, year)
    try:
        server = ThreadingHTTPServer((HOST, port), handler(state))
    except OSError as exc:
        print(f"无法在端口 {port} 上启动预览（{exc.strerror}）：可能已有一个预览在运行；"
              f"请关闭它，或换一个端口，例如 make preview COURT={slug} PORT={port + 1}", file=sys.stderr)
        return 2
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="preview-http", daemon=True)
    thread.start()
    watched = [folder] + ([DEFAULT_TEMPLATES] if DEFAULT_TEMPLATES.is_dir() else [])
    before = _stamp(watched)
    announced = False
    try:
        # The first (empty) yield says the watcher runs: only then is the address given, and a file
        # saved while the first rendering ran is caught by comparing the folders with before.
        for changes in watchfiles.watch(*watched, debounce=DEBOUNCE_MS, step=50, rust_timeout=200,
                                        yield_on_timeout=True, raise_interrupt=False):
            if not announced:
                if _stamp(watched) != before:
                    state.refresh()
                print(f"预览地址：http://{HOST}:{server.server_address[1]}/  "
                      "（在浏览器中打开；保存文件后页面自动刷新，按 Ctrl-C 停止）", flush=True)
                print(_said(state.snapshot), file=sys.stderr, flush=True)
                announced = True
            if changes:
                print(_said(state.refresh()), file=sys.stderr, flush=True)
    finally:
        server.shutdown()
        server.server_close()
    print("预览已停止。", file=sys.stderr)
    return 0
