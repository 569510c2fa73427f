"""Read a text file as a clerk saved it: UTF-8 (a BOM is fine), no control characters XML cannot hold."""

from __future__ import annotations

import re
from pathlib import Path

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


def read_text(path: Path) -> str:
    raw = path.read_bytes()
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
