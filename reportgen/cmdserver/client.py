"""The `reportgen` command: through the command server when one runs, else in this process.

Every command pays for this module's imports: the C-level _socket, not socket (which costs 4 ms).
"""

import _socket
import marshal
import os
import sys

from reportgen.cmdserver import INT_SIZE, STALE, available, pack_int, socket_path, unpack_int

#: the descriptors passed with a command (SCM_RIGHTS carries C ints: 4 bytes, native order)
_STDIO = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2))


def main() -> int:
    argv = sys.argv[1:]
    if "server" in argv:  # cheap test first: parsing costs every served command
        managed = manage_server(argv)
        if managed is not None:
            return managed
    code = run_remote(argv)
    if code is None:
        from reportgen.cli import main as run_here

        return run_here(argv)
    sys.stderr.flush()
    os._exit(code)  # the command ran in the server: nothing to clean up here, and finalising costs 3 ms


def manage_server(argv: list[str]) -> int | None:
    """`reportgen server start|stop|status`, always run here, never by a server; None for other commands."""
    from reportgen.cli import make_parser

    args = make_parser().parse_args(argv)
    if args.command != "server":
        return None
    from reportgen.cmdserver import server

    if args.action == "start":
        return server.start(args.content, args.idle * 60)
    return server.stop() if args.action == "stop" else server.status()


def run_remote(argv: list[str]) -> int | None:
    """The command's exit status from the server; None when there is no (current) server.

    The server answers with the process id of the child that runs the command, then its status."""
    if not available():
        return None
    path = socket_path()
    if not os.path.exists(path):
        return None
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        try:
            sock.connect(path)
            payload = marshal.dumps(("run", argv, os.getcwd(), dict(os.environ)))
            sock.sendmsg([pack_int(len(payload)) + payload], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, _STDIO)])
        except OSError:  # no server, a stale socket file, or a closed standard stream
            return None
        pid = _read_int(sock)
        if pid is None or pid == STALE:  # the command was not started there: run it here
            return None
        code = _wait(sock, pid)
    finally:
        sock.close()
    if code is None:
        print("reportgen 后台服务意外中断，命令可能未完成；请停止服务（reportgen server stop）后重新运行。",
              file=sys.stderr)
        return 2
    return code


def _wait(sock: _socket.socket, pid: int) -> int | None:
    """The command's exit status; Ctrl-C reaches this process only, so it is passed on to the command."""
    while True:
        try:
            return _read_int(sock)
        except KeyboardInterrupt:
            import signal  # here: importing it costs every command 4 ms

            os.kill(pid, signal.SIGINT)


def _read_int(sock: _socket.socket) -> int | None:
    """The next number the server sends (the child's process id, then its exit status); None when it hung up."""
    data = b""
    while len(data) < INT_SIZE:
        try:
            chunk = sock.recv(INT_SIZE - len(data))
        except ConnectionError:
            return None
        if not chunk:
            return None
        data += chunk
    return unpack_int(data)
