"""A command server, as Mercurial's chg or the Gradle daemon: a resident process that has already
imported reportgen and prepared its caches forks a child per command, so a build costs only
its own work instead of half a second of interpreter start-up and imports.

Opt-in (`reportgen server start`); while it runs, the `reportgen` command hands its arguments,
working folder, environment and its stdin/stdout/stderr (SCM_RIGHTS) to it and exits with the
child's status. Without a server, or where Unix sockets are missing, commands run in-process.
This module is imported on every command: built-in modules only (struct, zlib and even
`from __future__` each cost a share of a served command's time).
"""

import os
import sys

#: a reply that tells the client to run the command itself (the server's code is out of date)
STALE = -1000
#: every number on the wire (a length, a process id, an exit status) is a signed 4-byte big-endian int
INT_SIZE = 4


def pack_int(value: int) -> bytes:
    return value.to_bytes(INT_SIZE, "big", signed=True)


def unpack_int(data: bytes) -> int:
    return int.from_bytes(data[:INT_SIZE], "big", signed=True)


def socket_path() -> str:
    """One socket per user and installation: $REPORTGEN_RUNTIME_DIR, else $XDG_RUNTIME_DIR/reportgen,
    else /tmp/reportgen-<uid>; named after the interpreter's and the package's folders (their inodes:
    unique, stable, and cheaper than hashing their paths)."""
    base = os.environ.get("REPORTGEN_RUNTIME_DIR")
    if not base:
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        base = os.path.join(runtime, "reportgen") if runtime else f"/tmp/reportgen-{os.getuid()}"
    prefix, package = os.stat(sys.prefix), os.stat(os.path.dirname(__file__))
    return os.path.join(base, f"{prefix.st_dev:x}-{prefix.st_ino:x}-{package.st_ino:x}.sock")


def available() -> bool:
    return hasattr(os, "fork") and hasattr(os, "getuid") and sys.platform != "win32"
