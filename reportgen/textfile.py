"""Read a file a clerk saved: a regular file of sane size; as text, UTF-8 (a BOM is fine) without
control characters XML cannot hold."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

#: No data file, text or template comes near this; a larger one is a mistake (or /dev/zero behind a link).
TEXT_LIMIT = 8 * 2**20
#: A reference.docx may carry a letterhead picture or two.
DOCX_LIMIT = 64 * 2**20

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""Characters a Word file (XML 1.0) cannot hold; tab, newline and carriage return are fine."""


def control_message(char: str) -> str:
    return f"含有不可见的控制字符 U+{ord(char):04X}，Word 文件无法保存它，请删除"


_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|!--)")


def html_tag(text: str) -> tuple[int, str] | None:
    """(line, tag) of the first HTML tag: Markdown is read with HTML off, so a tag is printed as it is."""
    tag = _HTML.search(text)
    return (text.count("\n", 0, tag.start()) + 1, tag[0][:40]) if tag else None


def html_message(tag: str) -> str:
    return f"含有 HTML 标签“{tag}”：HTML 在这里不起作用，会作为文字原样印进 Word 和网页，请删除（加粗请写 **文字**）"


class TextFileError(ValueError):
    def __init__(self, code: str, message: str, line: int | None) -> None:
        super().__init__(message)
        self.code, self.message, self.line = code, message, line


_OS_MESSAGES = {
    errno.ENOENT: "文件不存在（或是指向不存在文件的快捷方式/符号链接）",
    errno.ELOOP: "符号链接绕成了循环，无法打开",
    errno.ENAMETOOLONG: "文件名或路径太长，请改短",
    errno.EACCES: "没有读取权限，请检查文件权限",
    errno.EPERM: "没有读取权限，请检查文件权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
}


def os_message(exc: OSError) -> str:
    """What the system said, in Chinese: said of the file the message names."""
    known = _OS_MESSAGES.get(exc.errno or 0)
    return known or f"无法读取（系统提示：{exc.strerror or exc}）"


def read_file(path: Path | str, limit: int = TEXT_LIMIT) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A folder, a pipe (which would block
    forever), a device (/dev/zero never ends), a dangling or looping link and any read error are a
    TextFileError E-INPUT-FILE. One open and one fstat, as a plain read does."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))  # no pipes on Windows
    except OSError as exc:
        raise TextFileError("E-INPUT-FILE", os_message(exc), None) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise TextFileError("E-INPUT-FILE", _OS_MESSAGES[errno.EISDIR], None)
        if not stat.S_ISREG(st.st_mode):
            raise TextFileError("E-INPUT-FILE", "不是普通文件（是管道、设备之类），无法读取，请换成普通文件", None)
        if st.st_size > limit:
            raise TextFileError("E-INPUT-FILE", f"文件太大（{st.st_size // 2**20} MB，最多 {limit // 2**20} MB），"
                                                "请检查是否放错了文件", None)
        chunks, size = [], 0
        while chunk := os.read(fd, max(st.st_size + 1 - size, 65536)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # grew while being read
                raise TextFileError("E-INPUT-FILE", f"文件太大（最多 {limit // 2**20} MB）", None)
        return b"".join(chunks)
    except OSError as exc:
        raise TextFileError("E-INPUT-FILE", os_message(exc), None) from None
    finally:
        os.close(fd)


def read_text(path: Path) -> str:
    raw = read_file(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "看起来是 GBK/GB2312 编码" if _decodes_as_gbk(raw) else "含有无法识别的字节"
        raise TextFileError("E-INPUT-ENCODING",
                            f"文件不是 UTF-8 编码（{hint}）。请在编辑器中选择“UTF-8”另存后重试", line) from None
    text = text.removeprefix("\ufeff")  # Windows Notepad's BOM is harmless here
    bad = CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise TextFileError("E-INPUT-CONTROL", control_message(bad.group()), line)
    return text


def _decodes_as_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True
