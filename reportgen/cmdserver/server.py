"""The resident process: prepare once, then fork a child per command.

Each child starts from the prepared parent, so commands never see one another's state; the
parent only forks. A child that finds the package's code changed since the server started
answers STALE (the client then runs the command itself) and stops the server.
"""

from __future__ import annotations

import contextlib
import gc
import io
import marshal
import os
import select
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportgen import fingerprint
from reportgen.cmdserver import INT_SIZE, STALE, available, pack_int, socket_path, unpack_int

#: the server stops after this many idle seconds unless told otherwise
DEFAULT_IDLE = 1800


def prepare(content: Path | None, warm_courts: int = 3) -> Callable[[], None]:
    """What every command would otherwise pay for: imports, the built-in Word reference document,
    the default templates compiled, and the first-use caches of a few real builds (thrown away).
    Then gc.freeze(): children must not copy the prepared heap just to scan it for garbage.

    Returns the throwaway build each spare child runs before it waits for a command."""
    import reportgen.batch
    import reportgen.newyear  # noqa: F401
    from reportgen.build import build_court
    from reportgen.builders.docx.reference import default_reference_docx
    from reportgen.builders.docx.skeleton import open_skeleton
    from reportgen.cli import make_parser
    from reportgen.loader import list_courts
    from reportgen.render.environment import precompile_default_templates

    def build(courts: list[str]) -> None:
        with tempfile.TemporaryDirectory(prefix="reportgen-warm-") as out:
            for slug in courts:
                try:
                    build_court(content, slug, None, Path(out), force=True)  # type: ignore[arg-type]
                except Exception:  # a court that does not build warms nothing; its users see why
                    continue

    make_parser()
    open_skeleton(default_reference_docx())
    precompile_default_templates()
    courts = list_courts(content)[:warm_courts] if content else []
    build(courts)
    gc.collect()
    gc.freeze()
    return lambda: build(courts[:1])


class Server:
    """The parent keeps two spare children ready: forked, warmed by a throwaway build (so that the
    pages a build writes are already their own, not shared copy-on-write: 10 ms of every command),
    and waiting in accept(). The child that takes a connection tells the parent, which forks the
    next spare at once; with two, a command that follows another at once still finds one warmed."""

    #: what a spare tells the parent: it took a command, answered a query, or the server must stop
    COMMAND, QUERY, STOP = b"C", b"Q", b"S"
    SPARES = 2

    def __init__(self, path: str, idle: float, warm: Callable[[], None]) -> None:
        self.path, self.idle, self.warm = path, idle, warm
        self.started = fingerprint.signature()

    def serve(self) -> None:
        listener = _listen(self.path)
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        spares: dict[int, int] = {}  # the pipe end each spare reports on → its pid
        failures, last_command = 0, time.monotonic()
        try:
            while failures < 3:  # spares that die unused: something is broken, stop serving
                while len(spares) < self.SPARES:
                    pid, news = self._fork_spare(listener, list(spares))
                    spares[news] = pid
                ready, _, _ = select.select(list(spares), [], [],
                                            max(0.0, last_command + self.idle - time.monotonic()))
                if not ready:
                    return  # idle: the waiting spares are killed below
                news = ready[0]
                message = os.read(news, 1)
                os.close(news)
                del spares[news]  # it has a client and finishes by itself, or it died
                if not message:  # the spare died unused
                    failures += 1
                    continue
                failures = 0
                if message == self.STOP:
                    return
                if message == self.COMMAND:
                    last_command = time.monotonic()
        finally:
            for pid in spares.values():  # still waiting for a command: nothing of a user's is lost
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            listener.close()
            Path(self.path).unlink(missing_ok=True)

    def _fork_spare(self, listener: socket.socket, others: list[int]) -> tuple[int, int]:
        """(pid of the spare, the pipe end on which it reports); `others` are the other spares'
        pipe ends, which are the parent's business only."""
        news, tell = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(news)
            for other in others:
                os.close(other)
            code = 1
            try:
                code = self._spare(listener, tell)
            finally:
                os._exit(code)
        os.close(tell)
        return pid, news

    def _spare(self, listener: socket.socket, tell: int) -> int:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        self.warm()
        conn, _ = listener.accept()
        listener.close()
        with conn:
            try:
                request, fds = _receive(conn)
            except Exception:  # a malformed request is dropped; the server goes on serving
                os.write(tell, self.QUERY)
                return 0
            if request[0] == "stop" or (request[0] == "run" and fingerprint.signature() != self.started):
                # stopped, or its code changed (the client then runs the command itself): answer first,
                # since the parent stops as soon as it hears
                conn.sendall(pack_int(0 if request[0] == "stop" else STALE))
                os.write(tell, self.STOP)
                return 0
            if request[0] == "status":
                os.write(tell, self.QUERY)
                conn.sendall(pack_int(os.getppid()))
                return 0
            os.write(tell, self.COMMAND)
            return self._command(conn, request, fds)

    def _command(self, conn: socket.socket, request: tuple[Any, ...], fds: list[int]) -> int:
        _, argv, cwd, env = request
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        sys.stdout = _writer(1)
        sys.stderr = _writer(2)
        conn.sendall(pack_int(os.getpid()))  # for the client to pass on Ctrl-C
        code = _run(argv)
        sys.stdout.flush()
        sys.stderr.flush()
        conn.sendall(pack_int(code))
        return 0


def _run(argv: list[str]) -> int:
    """The command as `reportgen` would run it, including argparse's exits and crashes."""
    from reportgen.cli import main

    try:
        return main(argv)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1
    except BaseException:  # what an in-process run would show: the traceback, status 1
        traceback.print_exc()
        return 1


def _writer(fd: int) -> io.TextIOWrapper:
    """Buffered as Python buffers its own streams: stderr by line, stdout by line on a terminal,
    neither with PYTHONUNBUFFERED (the command's environment is already in os.environ)."""
    return io.TextIOWrapper(io.FileIO(fd, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                            line_buffering=fd == 2 or os.isatty(fd),
                            write_through=bool(os.environ.get("PYTHONUNBUFFERED")))


def _receive(conn: socket.socket) -> tuple[tuple[Any, ...], list[int]]:
    """The request and the descriptors sent with it (closed again if the request is unusable)."""
    data, ancdata, _, _ = conn.recvmsg(1 << 16, socket.CMSG_SPACE(3 * 4))
    fds: list[int] = []
    for level, kind, payload in ancdata:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds += [int.from_bytes(payload[i:i + 4], sys.byteorder, signed=True) for i in range(0, len(payload) - 3, 4)]
    try:
        size = unpack_int(data)
        data = data[INT_SIZE:]
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                raise EOFError("request cut short")
            data += chunk
        request = marshal.loads(data)
        if request[0] == "run" and len(fds) != 3:
            raise ValueError("a command needs stdin, stdout and stderr")
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    return request, fds


def _listen(path: str) -> socket.socket:
    """Bind in a folder only this user can enter; refuse a folder someone else controls."""
    folder = os.path.dirname(path)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    st = os.stat(folder)
    if st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o077:
        raise SystemExit(f"后台服务目录 {folder} 不属于当前用户或可被他人访问，已拒绝使用")
    if os.path.exists(path):
        if _request(path, "status") is not None:
            raise SystemExit(f"后台服务已在运行（{path}）")
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(16)
    return listener


def _request(path: str, kind: str) -> int | None:
    """Send a control request ("status", "stop"); None when no server answers."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(path)
            payload = marshal.dumps((kind,))
            sock.sendall(pack_int(len(payload)) + payload)
            reply = sock.recv(INT_SIZE)
    except OSError:
        return None
    return unpack_int(reply) if len(reply) == INT_SIZE else None


# -- `reportgen server start|stop|status` ---------------------------------------------------


def start(content: Path, idle: float = DEFAULT_IDLE, wait: float = 30) -> int:
    """Start a server in the background, warmed on `content`, and wait until it answers."""
    if not available():
        print("本系统不支持后台服务（需要 Unix 套接字），命令将照常直接运行。", file=sys.stderr)
        return 2
    path = socket_path()
    pid = _request(path, "status")
    if pid is None:
        log = Path(path).with_suffix(".log")
        log.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # the same interpreter and flags (-S, -I) as this command, so it imports the same reportgen
        flags = [f"-{flag}" for flag, on in (("S", sys.flags.no_site), ("I", sys.flags.isolated)) if on]
        with open(log, "wb") as err:
            proc = subprocess.Popen([sys.executable, *flags, "-m", "reportgen.cmdserver.server", "--idle", str(idle),
                                     "--warm", str(content.resolve())],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                    start_new_session=True, cwd="/")
        deadline = time.monotonic() + wait
        while (pid := _request(path, "status")) is None and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if pid is None:
            print(f"后台服务未能启动（详见 {log}）；命令仍可直接运行。", file=sys.stderr)
            return 2
    print(f"reportgen 后台服务运行中（进程 {pid}，{path}）；闲置 {idle / 60:g} 分钟后自动退出。")
    return 0


def stop() -> int:
    path = socket_path()
    if _request(path, "stop") is None:
        print("没有正在运行的后台服务。")
        return 0
    for _ in range(100):
        if not os.path.exists(path):
            break
        time.sleep(0.02)
    print("reportgen 后台服务已停止。")
    return 0


def status() -> int:
    pid = _request(socket_path(), "status")
    print(f"reportgen 后台服务运行中（进程 {pid}）。" if pid else "没有正在运行的后台服务。")
    return 0 if pid else 1


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m reportgen.cmdserver.server")
    parser.add_argument("--idle", type=float, default=DEFAULT_IDLE)
    parser.add_argument("--warm", type=Path, help="a content folder whose first courts warm the caches")
    args = parser.parse_args(argv)
    warm = prepare(args.warm)
    Server(socket_path(), args.idle, warm).serve()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
