"""The code that shapes a command's outputs, and its fingerprint.

The manifest records its digest, so that an edited builder rebuilds every document; the command
server compares its signature (sizes and times: cheap enough per command), so that a server whose
code changed steps aside. The benchmark and the command server run this code but shape no output:
editing them invalidates nothing.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import reportgen

PACKAGE = Path(reportgen.__file__).resolve().parent
#: top-level names of the package that shape no output
_TOOLS = frozenset({"bench.py", "cmdserver", "__pycache__"})

Signature = tuple[tuple[str, int, int], ...]


def modules(package: Path = PACKAGE) -> list[str]:
    """Every module of the package that shapes outputs, sorted (paths relative to the package, POSIX)."""
    found, folders = [], [""]
    while folders:
        rel = folders.pop()
        for entry in os.scandir(os.path.join(package, rel)):
            name = f"{rel}/{entry.name}" if rel else entry.name
            if entry.is_dir():
                if entry.name != "__pycache__" and name not in _TOOLS:
                    folders.append(name)
            elif entry.name.endswith(".py") and name not in _TOOLS:
                found.append(name)
    return sorted(found)


def signature(package: Path = PACKAGE) -> Signature:
    """Size and modification time of each module."""
    out = []
    for name in modules(package):
        st = os.stat(os.path.join(package, name))
        out.append((name, st.st_size, st.st_mtime_ns))
    return tuple(out)


@lru_cache(maxsize=1)
def digest() -> str:
    """reportgen's version plus a digest of the modules' contents."""
    h = hashlib.sha256()
    for name in modules():
        h.update(name.encode() + b"\0" + (PACKAGE / name).read_bytes() + b"\0")
    return f"{reportgen.__version__}+{h.hexdigest()[:12]}"
