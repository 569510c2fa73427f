"""A command server, as Mercurial's chg or the Gradle daemon: a resident process that has already
imported reportgen and prepared its caches forks a child per command, so a build costs only
its own work instead of half a second of interpreter start-up and imports.

Opt-in (`reportgen server start`); while it runs, the `reportgen` command hands its arguments,
working folder, environment and its stdin/stdout/stderr (SCM_RIGHTS) to it and exits with the
child's status. Without a server, or where Unix sockets are missing, commands run in-process.
This module is imported on every command: standard library only, nothing slow.
"""

from __future__ import annotations

import os
import struct
import sys
import zlib

#: a reply that tells the client to run the command itself (the server's code is out of date)
STALE = -1000
HEADER = struct.Struct("!i")


def socket_path() -> str:
    """One socket per user and installation: $REPORTGEN_RUNTIME_DIR, else $XDG_RUNTIME_DIR/reportgen,
    else /tmp/reportgen-<uid>; named after the interpreter and the package folder."""
    base = os.environ.get("REPORTGEN_RUNTIME_DIR")
    if not base:
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        base = os.path.join(runtime, "reportgen") if runtime else f"/tmp/reportgen-{os.getuid()}"
    key = zlib.crc32(f"{sys.prefix}\0{os.path.dirname(os.path.dirname(__file__))}".encode())
    return os.path.join(base, f"{key:08x}.sock")


def available() -> bool:
    return hasattr(os, "fork") and hasattr(os, "getuid") and sys.platform != "win32"
