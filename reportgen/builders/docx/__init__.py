"""The DOCX builder: the document tree poured into a reference document's styles and page setup.

Core properties are dated from the data (fill date, report date), else SOURCE_DATE_EPOCH.
As pandoc's --reference-doc: the reference (the court's or the built-in zh-CN one), read once
per process, gives every part but the body, and its final w:sectPr (page size, margins, footers
with page numbers); the blocks are written as raw XML (python-docx lacks East Asian fonts, fields
and fast tables) and the package is saved deterministically.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, time

from docx.opc.exceptions import PackageNotFoundError

from reportgen.builders import register
from reportgen.builders.base import Builder
from reportgen.builders.docx.package import build_time
from reportgen.builders.docx.reference import default_reference_docx
from reportgen.builders.docx.skeleton import Skeleton, open_skeleton
from reportgen.builders.docx.styles import StyleMap
from reportgen.builders.docx.translator import DocxTranslator
from reportgen.doctree import Document
from reportgen.findings import Finding, Location
from reportgen.textfile import DOCX_LIMIT, TextFileError, read_file

__all__ = ["DocxBuilder", "default_reference_docx"]


@register
class DocxBuilder(Builder):
    name = "docx"
    extension = ".docx"

    def render(self, document: Document) -> bytes:
        skeleton = self._skeleton()
        styles = StyleMap(skeleton.styles, self._warn_style)
        translator = DocxTranslator(self.context, styles, skeleton.text_width, skeleton.text_height)
        translator.translate(document)
        when = build_time() if document.date is None else \
            datetime.combine(document.date, time(), tzinfo=UTC)
        return skeleton.package(translator.finish(), document.title, document.author, when, translator.parts)

    def _skeleton(self) -> Skeleton:
        path = self.context.reference_doc
        if path is not None:
            try:
                return open_skeleton(read_file(path, DOCX_LIMIT))
            except TextFileError as exc:
                why = exc.message
            except (OSError, PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
                why = f"不是有效的 Word 文件（{type(exc).__name__}）"
            self.context.warnings.append(Finding(
                "W-DOCX-REFERENCE", "warning", f"无法打开参考文档：{why}，已改用内置的参考文档",
                Location(file=str(path))))
        return open_skeleton(default_reference_docx())

    def _warn_style(self, message: str) -> None:
        path = self.context.reference_doc
        self.context.warnings.append(Finding(
            "W-DOCX-STYLE", "warning", message, Location(file=str(path) if path else "")))
