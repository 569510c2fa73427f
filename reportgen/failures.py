"""What the CLI and the batch say when a stage fails: every failure a clerk can cause becomes
Chinese findings, whichever exception carried it out (an unreadable file, data too deep or too
large for memory), so that no input ends in a traceback."""

from __future__ import annotations

import errno
from pathlib import Path

from reportgen.atomic import WriteError
from reportgen.findings import Finding, InputError, Location, display
from reportgen.textfile import os_message

_WRITE_MESSAGES = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EACCES: "没有写入权限，或文件正被其他程序占用",
    errno.EPERM: "没有写入权限，或文件正被其他程序占用",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.ENOTDIR: "输出路径中有一部分是文件，不是文件夹",
    errno.EEXIST: "输出路径中有一部分是文件，不是文件夹",
    errno.ENAMETOOLONG: "路径太长",
}
"""Why a write failed, in Chinese; messages of our own (a folder in an output's place) are Chinese already."""


def explain(exc: BaseException) -> list[Finding] | None:
    """The findings for a failure caused by the input or the machine; None for a bug in reportgen."""
    if isinstance(exc, InputError):
        return exc.findings
    if isinstance(exc, WriteError):
        why = _WRITE_MESSAGES.get(exc.errno or 0) or exc.strerror
        return [Finding("E-OUTPUT", "error", f"无法写入：{why}。请检查磁盘空间和文件夹权限，以及该文件是否"
                                             "正在 Word/WPS 中打开；本次生成的文件均未替换原有文件", _named(exc))]
    if isinstance(exc, OSError):
        return [Finding("E-INPUT-FILE", "error", os_message(exc), _named(exc))]
    if isinstance(exc, (RecursionError, MemoryError)):
        return [Finding("E-INPUT-LIMIT", "error", "数据或模板嵌套过深、过大，超出了程序能处理的范围；"
                                                 "请检查是否误把某个文件自己套用了自己，或粘贴了异常庞大的内容")]
    return None


def _named(exc: OSError) -> Location:
    """The file the system's error names, as a finding shows it (none when it names none)."""
    return Location(display(Path(exc.filename)) if exc.filename else "")
