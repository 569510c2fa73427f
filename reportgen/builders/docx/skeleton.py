"""The reference document read once per process.

Opening the reference with python-docx and serialising all its parts again cost a sixth of each
document's build, though only two parts differ between documents: the main document and the core
properties. A skeleton keeps every other part as bytes, and the document element with an empty
body; each document fills a copy of that body.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from copy import deepcopy
from datetime import datetime
from functools import lru_cache

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from lxml import etree

from reportgen.builders.docx.chart import ChartPart
from reportgen.builders.docx.package import Member, deflate, entries, set_core_properties, zip_members
from reportgen.builders.docx.reference import (
    MARGIN_BOTTOM,
    MARGIN_INSIDE,
    MARGIN_OUTSIDE,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
)
from reportgen.builders.docx.styles import StyleIndex

CONTENT_TYPES = "[Content_Types].xml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


class Skeleton:
    """Takes ownership of `doc`: its body is emptied but for the final section properties."""

    def __init__(self, doc: DocxDocument) -> None:
        _ = doc.core_properties  # python-docx adds the part when the reference lacks one
        core = next(p for p in doc.part.package.iter_parts() if p.content_type == CT.OPC_CORE_PROPERTIES)
        self._document_name = doc.part.partname.membername
        self._core_name = core.partname.membername
        per_document = {self._document_name, self._core_name}
        all_entries = entries(doc)
        self._members = [(name, None if name in per_document else deflate(name, blob)) for name, blob in all_entries]
        self._rels_name = doc.part.partname.rels_uri.membername
        self._blobs = {name: blob for name, blob in all_entries if name in (CONTENT_TYPES, self._rels_name)}
        self._core = core.element
        self.text_width = _text_width(doc)
        self.text_height = _text_height(doc)
        body = doc.element.body
        for child in list(body):
            if child is not body.sectPr:
                body.remove(child)
        marker = etree.Comment("body")
        body.insert(0, marker)
        self._head, _, self._tail = serialize_part_xml(doc.element).partition(b"<!--body-->")
        body.remove(marker)
        self.styles = StyleIndex.of(doc.styles.element)

    def package(self, blocks: Iterable[str], title: str, author: str, when: datetime,
                parts: Sequence[ChartPart] = ()) -> bytes:
        """The reference's package with `blocks` as the body, the given title and dates, and the
        extra `parts` (charts) the body refers to, declared and related."""
        document = self._head + "".join(blocks).encode("utf-8") + self._tail
        core = deepcopy(self._core)
        set_core_properties(CoreProperties(core), title, author, when)
        replaced = {self._document_name: deflate(self._document_name, document),
                    self._core_name: deflate(self._core_name, serialize_part_xml(core))}
        if parts:
            replaced |= self._declare(tuple((p.name, p.content_type, p.rel_type, p.rel_id, p.target) for p in parts))
        members = [replaced.get(name) or member for name, member in self._members]
        return zip_members([m for m in members if m is not None] + [deflate(p.name, p.blob) for p in parts])

    @lru_cache(maxsize=8)  # noqa: B019 (one skeleton per reference document, kept for the process anyway)
    def _declare(self, parts: tuple[tuple[str, str, str, str, str], ...]) -> dict[str, Member]:
        """[Content_Types].xml and the document's relationships with `parts` (name, content type,
        relationship type, id and target) added; the same for every report with one chart, so made once."""
        types = etree.fromstring(self._blobs[CONTENT_TYPES])
        rels = etree.fromstring(self._blobs[self._rels_name])
        for name, content_type, rel_type, rel_id, target in parts:
            etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/{name}", ContentType=content_type)
            etree.SubElement(rels, f"{{{RELS_NS}}}Relationship", Id=rel_id, Type=rel_type, Target=target)
        return {CONTENT_TYPES: deflate(CONTENT_TYPES, serialize_part_xml(types)),
                self._rels_name: deflate(self._rels_name, serialize_part_xml(rels))}


@lru_cache(maxsize=8)
def open_skeleton(data: bytes) -> Skeleton:
    """The skeleton of the .docx `data`, made once per process for the same bytes.
    Raises what python-docx raises for a file that is not a Word document."""
    return Skeleton(docx.Document(io.BytesIO(data)))


def _text_width(doc: DocxDocument) -> int:
    """Twips between the margins of the last section (tables span the full width)."""
    section = doc.sections[-1]
    width = section.page_width
    left, right, gutter = section.left_margin, section.right_margin, section.gutter
    if width is None or left is None or right is None:
        return PAGE_WIDTH - MARGIN_INSIDE - MARGIN_OUTSIDE
    return int(width.twips - left.twips - right.twips - (gutter.twips if gutter else 0))


def _text_height(doc: DocxDocument) -> int:
    """Twips between the top and bottom margins of the last section."""
    section = doc.sections[-1]
    height, top, bottom = section.page_height, section.top_margin, section.bottom_margin
    if height is None or top is None or bottom is None:
        return PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    return int(height.twips - abs(top.twips) - abs(bottom.twips))
