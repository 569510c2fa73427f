"""PDF builder: the DOCX converted by LibreOffice headless, so that the PDF is laid out as Word lays it.

Each conversion runs with a profile of its own (-env:UserInstallation), so parallel builds never
share LibreOffice's lock or settings. LibreOffice takes the PDF's title and author from the DOCX's
core properties and embeds (subsets of) every font. It stamps the current time and a random file
ID (and a checksum over them); all are replaced, at equal length, by the build date and a digest of the DOCX, so the same
inputs give the same bytes.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from reportgen.builders import register
from reportgen.builders.base import Builder
from reportgen.builders.docx import DocxBuilder
from reportgen.builders.docx.package import build_time
from reportgen.doctree import Document
from reportgen.findings import Finding, InputError, Location

#: where LibreOffice installs itself when it is not on PATH
INSTALL_PLACES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/usr/local/bin/soffice",
    "/opt/libreoffice*/program/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "C:/Program Files/LibreOffice/program/soffice.exe",
    "C:/Program Files (x86)/LibreOffice/program/soffice.exe",
)
MISSING = ("未找到 LibreOffice，无法生成 PDF。请先安装 LibreOffice（免费）："
           "Ubuntu/Debian 运行 sudo apt-get install libreoffice-writer fonts-noto-cjk；"
           "macOS 运行 brew install --cask libreoffice；Windows 从 https://zh-cn.libreoffice.org 下载安装。"
           "装好后重新运行；Word 与网页文件不需要 LibreOffice。")
#: seconds one conversion may take (a first run creates the profile)
TIMEOUT = 300
_CREATION_DATE = re.compile(rb"/CreationDate\(D:[^)]*\)")
_FILE_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]+)")  # LibreOffice's own, over the time-stamped file


def find_soffice() -> str | None:
    """LibreOffice's soffice on PATH or in its usual install places; None when absent."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in INSTALL_PLACES:
        for candidate in sorted(glob.glob(pattern), reverse=True):  # the newest /opt/libreoffice* first
            if os.access(candidate, os.X_OK):
                return candidate
    return None


def missing_converter() -> InputError:
    return InputError([Finding("E-PDF-CONVERTER", "error", MISSING, Location())])


def convert(docx: bytes, title: str) -> bytes:
    """The PDF of `docx` by LibreOffice, made reproducible."""
    soffice = find_soffice()
    if soffice is None:
        raise missing_converter()
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx)
        command = [soffice, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--nologo", "--convert-to", "pdf:writer_pdf_Export",
                   "--outdir", tmp, str(source)]
        try:
            done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT,
                                  env={**os.environ, "HOME": tmp}, check=False)
        except subprocess.TimeoutExpired:
            raise _failed(title, f"LibreOffice 超过 {TIMEOUT} 秒仍未完成") from None
        except OSError as exc:
            raise _failed(title, f"无法运行 {soffice}：{exc.strerror}") from None
        try:
            pdf = (Path(tmp) / "document.pdf").read_bytes()
        except OSError:
            said = done.stderr.decode("utf-8", "replace").strip() or done.stdout.decode("utf-8", "replace").strip()
            raise _failed(title, f"LibreOffice 未输出 PDF（退出状态 {done.returncode}：{said[-300:]}）") from None
    return reproducible(pdf, hashlib.md5(docx, usedforsecurity=False).hexdigest().upper().encode())


def reproducible(pdf: bytes, digest: bytes) -> bytes:
    """The build date for LibreOffice's clock time and `digest` for its random ID, each at the same
    length so that the cross-reference offsets stay right."""
    stamp = build_time().strftime("D:%Y%m%d%H%M%SZ").encode()

    def date(m: re.Match[bytes]) -> bytes:
        fixed = b"/CreationDate(" + stamp + b")"
        return fixed.ljust(len(m.group(0)), b" ") if len(fixed) <= len(m.group(0)) else m.group(0)

    def file_id(m: re.Match[bytes]) -> bytes:
        whole = m.group(0)
        for part in m.groups():
            whole = whole.replace(part, (digest * 2)[: len(part)])
        return whole

    return _CHECKSUM.sub(file_id, _FILE_ID.sub(file_id, _CREATION_DATE.sub(date, pdf)))


def _failed(title: str, why: str) -> InputError:
    return InputError([Finding("E-PDF-CONVERT", "error", f"“{title}”转换为 PDF 失败：{why}。"
                               "Word 文件不受影响；可关闭正在运行的 LibreOffice 后重试", Location())])


@register
class PdfBuilder(Builder):
    name = "pdf"
    extension = ".pdf"

    def render(self, document: Document) -> bytes:
        return convert(DocxBuilder(self.context).render(document), document.title)
