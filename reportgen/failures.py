"""What the CLI and the batch say when a stage fails: every failure a clerk can cause becomes
Chinese findings, whichever exception carried it out (an unreadable file, data too deep or too
large for memory), so that no input ends in a traceback."""

from __future__ import annotations

from pathlib import Path

from reportgen.atomic import WriteError
from reportgen.findings import Finding, InputError, Location, display
from reportgen.textfile import os_message


def explain(exc: BaseException) -> list[Finding] | None:
    """The findings for a failure caused by the input or the machine; None for a bug in reportgen."""
    if isinstance(exc, InputError):
        return exc.findings
    if isinstance(exc, WriteError):
        return [Finding("E-OUTPUT", "error", f"无法写入：{exc.strerror}。请检查磁盘空间和文件夹权限，以及该文件是否"
                                             "正在 Word/WPS 中打开；本次生成的文件均未替换原有文件",
                        Location(display(Path(exc.filename)) if exc.filename else ""))]
    if isinstance(exc, OSError):
        return [Finding("E-INPUT-FILE", "error", os_message(exc),
                        Location(display(Path(exc.filename)) if exc.filename else ""))]
    if isinstance(exc, (RecursionError, MemoryError)):
        return [Finding("E-INPUT-LIMIT", "error", "数据或模板嵌套过深、过大，超出了程序能处理的范围；"
                                                 "请检查是否误把某个文件自己套用了自己，或粘贴了异常庞大的内容")]
    return None
