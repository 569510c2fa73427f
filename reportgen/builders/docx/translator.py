"""Turns document-tree blocks into body elements (w:p, w:tbl) using the reference styles."""

from __future__ import annotations

from dataclasses import replace

from docx.oxml.ns import qn
from lxml import etree

from reportgen.builders.base import BuildContext, Translator
from reportgen.builders.docx import oxml
from reportgen.builders.docx.chart import ChartPart, chart_paragraph, chart_part
from reportgen.builders.docx.styles import StyleMap
from reportgen.builders.docx.tables import TableStyle, build_table
from reportgen.doctree import Chart, Heading, Inline, PageBreak, Paragraph, Table, expand_grid

BODY_SIZE_PT = 16.0
TBL = qn("w:tbl")
P = qn("w:p")


class DocxTranslator(Translator):
    """Collects body blocks in `self.blocks`; formatting comes from styles, not direct runs."""

    def __init__(self, context: BuildContext, styles: StyleMap, text_width: int) -> None:
        super().__init__(context)
        self.styles = styles
        self.text_width = text_width
        self.blocks: list[etree._Element] = []
        self.parts: list[ChartPart] = []  # parts the body refers to, besides the skeleton's

    def visit_heading(self, node: Heading) -> None:
        level = min(max(node.level, 1), 4)
        semantic = f"heading{level}"
        style = self.styles.resolve(semantic)
        # without a real heading style, keep the outline level so navigation still works
        outline = None if self.styles.has(semantic) else level - 1
        ppr = oxml.para_props(style, outline_level=outline)
        runs = [oxml.text_run(node.number)] if node.number else []
        self.blocks.append(oxml.paragraph(ppr, runs + _runs(node.inlines)))

    def visit_paragraph(self, node: Paragraph) -> None:
        ppr = oxml.para_props(self.styles.resolve(node.style), align=node.align)
        self.blocks.append(oxml.paragraph(ppr, _runs(node.inlines)))

    def visit_pagebreak(self, node: PageBreak) -> None:
        self.blocks.append(oxml.page_break())

    def visit_chart(self, node: Chart) -> None:
        number = len(self.parts) + 1
        self.parts.append(chart_part(node, number))
        self.blocks.append(chart_paragraph(node, self.parts[-1], number, self.text_width,
                                           self.styles.resolve("table")))
        if node.caption:
            ppr = oxml.para_props(self.styles.resolve("caption"))
            self.blocks.append(oxml.paragraph(ppr, [oxml.text_run(node.caption)]))

    def visit_table(self, node: Table) -> None:
        if not node.widths and node.rows:  # no widths given: equal columns
            node = replace(node, widths=[1] * sum(c.colspan for c in node.rows[0]))
        try:
            grid = expand_grid(node)
        except ValueError as exc:
            name = f"“{node.caption}”" if node.caption else ""
            self.warn(node, "E-DOCX-TABLE", "error", f"表格{name}无法排版，已跳过：{exc}")
            return
        if self.blocks and self.blocks[-1].tag == P:
            oxml.keep_with_next(self.blocks[-1])  # "具体如下表：" never ends a page without its table
        if node.caption:
            ppr = oxml.para_props(self.styles.resolve("caption"))
            self.blocks.append(oxml.paragraph(ppr, [oxml.text_run(node.caption)]))
        elif self.blocks and self.blocks[-1].tag == TBL:
            # two adjacent tables would merge into one in Word
            self.blocks.append(oxml.paragraph(oxml.para_props(self.styles.resolve("table"))))
        self.blocks.append(build_table(node, grid, self.text_width, self._table_style(node)))

    def finish(self) -> list[etree._Element]:
        """The blocks, ending in a paragraph as Word does (a body may not end with a table)."""
        if self.blocks and self.blocks[-1].tag == TBL:
            self.blocks.append(oxml.paragraph(oxml.para_props(self.styles.resolve("table"))))
        return self.blocks

    def _table_style(self, node: Table) -> TableStyle:
        semantic = "form-table" if node.style == "form" else "table"
        size = BODY_SIZE_PT if node.font_size == "body" else None
        return TableStyle(self.styles.resolve(semantic), size)


def _runs(inlines: list[Inline]) -> list[etree._Element]:
    return [oxml.text_run(i.text, oxml.run_props(bold=True if i.bold else None, italic=i.italic))
            for i in inlines]
