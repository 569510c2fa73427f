"""All-or-nothing writes: every file of a build is written to a temporary file in its folder,
each target is checked to be replaceable, and only then are they renamed into place, the old
version of each kept as a hard link until all are in. A full disk, a folder where an output should
be or a file Windows keeps locked leaves every previous output of the build as it was."""

from __future__ import annotations

import errno
import os
import stat
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
    """Write several files as one. Temporary files first (the disk may fill up), then a check that
    no target is a folder, then the renames; should a rename fail all the same (a file locked by
    Word), the ones done are undone from the kept old versions. Temporary files never remain."""
    temps: list[tuple[str, Path]] = []
    kept: list[tuple[Path, str | None]] = []  # replaced targets, each with its old version (None: was new)
    try:
        for path, data in files:
            temps.append((_write_temp(path, data), path))
        for _tmp, path in temps:
            _check_replaceable(path)
        for tmp, path in temps:
            old = _keep_old(path, tmp)
            try:
                os.replace(tmp, path)
            except OSError as exc:
                _undo([(path, old)] if old is not None else [])  # a kept link, or the old file renamed away
                raise WriteError.of(exc, path) from exc
            kept.append((path, old))
    except BaseException:
        _undo(kept)
        raise
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
    for _path, old in kept:
        if old is not None:
            Path(old).unlink(missing_ok=True)


def _check_replaceable(path: Path) -> None:
    """A target that is a folder (or a pipe, a device) cannot be replaced by a file: found before any rename."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteError.of(exc, path) from exc
    if stat.S_ISDIR(mode):
        raise WriteError(errno.EISDIR, "该位置是一个文件夹，不是文件，请移走或改名", str(path))
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise WriteError(errno.EINVAL, "该位置不是普通文件，请移走或改名", str(path))


def _keep_old(path: Path, tmp: str) -> str | None:
    """A hard link to the target's current version, named after its (unique) temporary file, to put it
    back if a later rename fails; None when there is none. Without hard links (FAT) it is renamed."""
    if not os.path.lexists(path):
        return None
    old = tmp.removesuffix(".tmp") + ".old"
    try:
        os.link(path, old, follow_symlinks=False)
    except OSError:
        try:
            os.replace(path, old)
        except OSError as exc:
            raise WriteError.of(exc, path) from exc
    return old


def _undo(kept: list[tuple[Path, str | None]]) -> None:
    """Put back the old version of every target already replaced, last first."""
    for path, old in reversed(kept):
        try:
            if old is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(old, path)
                Path(old).unlink(missing_ok=True)  # renaming a link onto its own file does nothing
        except OSError:
            pass  # nothing better to do: the error that stopped the build is reported


def _write_temp(path: Path, data: bytes) -> str:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # named by the folder in the way (a file where a folder should be)
        raise WriteError.of(exc, Path(exc.filename) if exc.filename else path.parent) from exc
    try:
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
