"""The DOCX builder: the document tree poured into a reference document's styles and page setup.

As pandoc's --reference-doc: open the reference (the court's or the built-in zh-CN one), empty
its body but keep the final w:sectPr (page size, margins, footers with page numbers), write the
blocks with raw XML (python-docx lacks East Asian fonts, fields and fast tables) and save
deterministically.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError

from reportgen.builders import register
from reportgen.builders.base import Builder
from reportgen.builders.docx.package import build_time, save, set_core_properties
from reportgen.builders.docx.reference import (MARGIN_INSIDE, MARGIN_OUTSIDE, PAGE_WIDTH,
                                               default_reference_docx)
from reportgen.builders.docx.styles import StyleMap
from reportgen.builders.docx.translator import DocxTranslator
from reportgen.doctree import Document
from reportgen.warnings import Finding, Location

__all__ = ["DocxBuilder", "default_reference_docx"]


@register
class DocxBuilder(Builder):
    name = "docx"
    extension = ".docx"

    def render(self, document: Document) -> bytes:
        doc = self._open_reference()
        body = doc.element.body
        sect_pr = body.sectPr
        for child in list(body):
            if child is not sect_pr:
                body.remove(child)
        styles = StyleMap(doc.styles.element, self._warn_style)
        translator = DocxTranslator(self.context, styles, text_width(doc))
        for node in document.children:
            translator.visit(node)
        for block in translator.finish():
            if sect_pr is not None:
                sect_pr.addprevious(block)
            else:
                body.append(block)
        set_core_properties(doc, document.title, build_time())
        return save(doc)

    def _open_reference(self) -> DocxDocument:
        path = self.context.reference_doc
        if path is not None:
            try:
                return docx.Document(str(path))
            except (OSError, PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
                self.context.warnings.append(Finding(
                    "W-DOCX-REFERENCE", "warning",
                    f"无法打开参考文档（{type(exc).__name__}），已改用内置的参考文档",
                    Location(file=str(path))))
        return docx.Document(io.BytesIO(default_reference_docx()))

    def _warn_style(self, message: str) -> None:
        path = self.context.reference_doc
        self.context.warnings.append(Finding(
            "W-DOCX-STYLE", "warning", message, Location(file=str(path) if path else "")))


def text_width(doc: DocxDocument) -> int:
    """Twips between the margins of the last section (tables span the full width)."""
    section = doc.sections[-1]
    width = section.page_width
    left, right, gutter = section.left_margin, section.right_margin, section.gutter
    if width is None or left is None or right is None:
        return PAGE_WIDTH - MARGIN_INSIDE - MARGIN_OUTSIDE
    return width.twips - left.twips - right.twips - (gutter.twips if gutter else 0)

