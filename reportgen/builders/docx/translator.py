"""Turns document-tree blocks into body elements (w:p, w:tbl) using the reference styles.

It follows roughly where on the page each block lands (heights estimated from the built-in
styles' sizes and line pitch), so that a table is kept on one page only where it fits on what is
left of it. A page break is w:pageBreakBefore on the next paragraph, never a paragraph of its
own that Word may carry over as an empty line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportgen.builders.base import BuildContext, Translator
from reportgen.builders.docx import oxml
from reportgen.builders.docx.chart import BAR_HEIGHT_EMU, CHART_MARGIN_EMU, ChartPart, chart_paragraph, chart_part
from reportgen.builders.docx.reference import MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT
from reportgen.builders.docx.styles import StyleMap, spec_for
from reportgen.builders.docx.tables import Layout, TableStyle, build_table, layout
from reportgen.doctree import Chart, Heading, Inline, PageBreak, Paragraph, Slot, Table, expand_grid

BODY_SIZE_PT = 16.0
EMU_PER_TWIP = 635


class PageTracker:
    """Where the next block starts on its page, in twips from the top of the text area."""

    def __init__(self, text_width: int, text_height: int) -> None:
        self.width, self.height = text_width, text_height
        self.used = 0

    @property
    def room(self) -> int:
        return self.height - self.used

    def new_page(self) -> None:
        self.used = 0

    def advance(self, height: int) -> None:
        self.used += height
        if self.used > self.height:  # flowed on: what spills over starts the next page
            self.used = self.used % self.height if self.height else 0

    def paragraph(self, semantic: str, text: str) -> int:
        spec = spec_for(semantic)
        em = spec.size_pt * 20
        per_line = max(self.width / em, 1)
        # a character an em: close enough for where a page ends, and cheap on long paragraphs
        lines = max(1, math.ceil((len(text) + spec.indent.first_chars / 100) / per_line))
        pitch = spec.spacing.line if spec.spacing.rule != "auto" else spec.spacing.line / 240 * em * 1.3
        return int(lines * pitch + spec.spacing.before + spec.spacing.after)


@dataclass
class _TableBlock:
    """A table, written once the block after it is known: a form's 联系人 line keeps its last row."""

    node: Table
    grid: list[list[Slot]]
    plan: Layout
    style: TableStyle
    fits: bool  # on what is left of its page: then kept whole
    keep_last: bool = False

    def xml(self) -> str:
        return build_table(self.node, self.grid, self.plan, self.style, self.fits, self.keep_last)


class DocxTranslator(Translator):
    """Collects body blocks in `self.blocks`; formatting comes from styles, not direct runs."""

    def __init__(self, context: BuildContext, styles: StyleMap, text_width: int,
                 text_height: int = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) -> None:
        super().__init__(context)
        self.styles = styles
        self.text_width = text_width
        self.page = PageTracker(text_width, text_height)
        self.blocks: list[str | _TableBlock] = []  # paragraphs as WordprocessingML text
        self.parts: list[ChartPart] = []  # parts the body refers to, besides the skeleton's
        self.break_before = False

    def _paragraph(self, semantic: str, text: str, runs: list[str], **props: object) -> None:
        if self.break_before:
            props["page_break_before"] = True
            self.break_before = False
            self.page.new_page()
        ppr = oxml.para_props(self.styles.resolve(semantic), **props)
        self.blocks.append(oxml.paragraph(ppr, runs))
        self.page.advance(self.page.paragraph(semantic, text))

    def visit_heading(self, node: Heading) -> None:
        level = min(max(node.level, 1), 4)
        semantic = f"heading{level}"
        # without a real heading style, keep the outline level so navigation still works
        outline = None if self.styles.has(semantic) else level - 1
        runs = [oxml.text_run(node.number)] if node.number else []
        self._paragraph(semantic, node.plain, runs + _runs(node.inlines), outline_level=outline)

    def visit_paragraph(self, node: Paragraph) -> None:
        if node.style == "form-meta" and self.blocks and isinstance(self.blocks[-1], _TableBlock) \
                and not self.break_before:
            self.blocks[-1].keep_last = True  # 联系人 stays with its form
        self._paragraph(node.style, node.plain, _runs(node.inlines), align=node.align)

    def visit_pagebreak(self, node: PageBreak) -> None:
        self.break_before = True

    def visit_chart(self, node: Chart) -> None:
        if self.break_before:  # the page break goes before the chart
            self._paragraph("table", "", [])
        number = len(self.parts) + 1
        self.parts.append(chart_part(node, number))
        self.blocks.append(chart_paragraph(node, self.parts[-1], number, self.text_width,
                                           self.styles.resolve("table")))
        self.page.advance((BAR_HEIGHT_EMU * len(node.bars) + CHART_MARGIN_EMU) // EMU_PER_TWIP)
        if node.caption:
            self._paragraph("caption", node.caption, [oxml.text_run(node.caption)])

    def visit_table(self, node: Table) -> None:
        try:
            grid = expand_grid(node)
        except ValueError as exc:
            name = f"“{node.caption}”" if node.caption else ""
            self.warn(node, "E-DOCX-TABLE", "error", f"表格{name}无法排版，已跳过：{exc}")
            return
        if self.blocks and isinstance(self.blocks[-1], str) and not self.break_before:
            self.blocks[-1] = oxml.keep_with_next(self.blocks[-1])  # "具体如下表：" never ends a page without its table
        if node.caption:
            self._paragraph("caption", node.caption, [oxml.text_run(node.caption)])
        elif self.break_before or (self.blocks and isinstance(self.blocks[-1], _TableBlock)):
            # two adjacent tables would merge into one in Word
            self._paragraph("table", "", [])
        style = self._table_style(node)
        plan = layout(node, grid, self.text_width, style)
        self.blocks.append(_TableBlock(node, grid, plan, style, plan.height <= self.page.room))
        self.page.advance(plan.height)

    def finish(self) -> list[str]:
        """The body's blocks, ending in a paragraph as Word does (a body may not end with a table)."""
        if self.blocks and isinstance(self.blocks[-1], _TableBlock):
            self.blocks.append(oxml.paragraph(oxml.para_props(self.styles.resolve("table"))))
        return [block if isinstance(block, str) else block.xml() for block in self.blocks]

    def _table_style(self, node: Table) -> TableStyle:
        semantic = "form-table" if node.style == "form" else "table"
        size = BODY_SIZE_PT if node.font_size == "body" else None
        spec = spec_for(semantic)
        exact = spec.spacing.line if spec.spacing.rule == "exact" else None
        return TableStyle(self.styles.resolve(semantic), size, spec.size_pt, exact)


def _runs(inlines: list[Inline]) -> list[str]:
    return [oxml.text_run(i.text, oxml.run_props(bold=True if i.bold else None, italic=i.italic))
            for i in inlines]
