"""Atomic writes: temporary files in the target folder, renamed into place only when all are
written. A failed build never leaves a half-written document, and a full disk or a locked folder
leaves every previous output of the build as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class WriteError(OSError):
    """An output could not be written: the system's error, naming the output, not a temporary file."""

    @classmethod
    def of(cls, exc: OSError, path: Path) -> WriteError:
        return cls(exc.errno, exc.strerror or str(exc), str(path))


def write_bytes(path: Path, data: bytes) -> None:
    write_all([(path, data)])


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write several files as one: every temporary file first, then the renames (which do not
    fail for want of space). On any failure the temporary files are removed."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            temps.append((_write_temp(path, data), path))
        for tmp, path in temps:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise WriteError.of(exc, path) from exc
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)


def _write_temp(path: Path, data: bytes) -> str:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError.of(exc, path) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteError.of(exc, path) from exc
        raise
    return tmp
