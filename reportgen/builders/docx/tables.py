"""Tables as one pass over the expanded grid, written as WordprocessingML text.

python-docx's cell API rebuilds the cell matrix on each access and is quadratic
(python-openxml/python-docx#174); building w:tbl directly is linear and lets us write the merge
markup Word expects: gridSpan on the origin with covered cells absent, vMerge restart on the
origin and a bare vMerge on each covered cell, which stays in its row with an empty paragraph.

Columns are fitted to the text (builders/widths.py). Pagination follows from estimated row
heights: a table is kept on one page only when it fits in what is left of the page; otherwise
it breaks between rows with its header repeated, tall rows may split, the header stays with the
first body row and the closing rows (总分) with the row before them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportgen.builders.docx import oxml
from reportgen.builders.widths import Extent, fit_page
from reportgen.doctree import Cell, Slot, Table

#: 6 mm for 五号 (in proportion for other sizes): single-spaced table text would otherwise touch the borders
ROW_MIN_HEIGHT = 340
ROW_MIN_HEIGHT_SIZE_PT = 10.5
#: the left and right cell margins of oxml.table_props
CELL_MARGIN = 40
#: single-spaced lines take about this many font sizes in the CJK fonts readers substitute
LINE_HEIGHT_EM = 1.45
#: rows estimated taller than this (twips, about a quarter page) may split across pages
SPLIT_ROW_HEIGHT = 1200


@dataclass(frozen=True)
class TableStyle:
    """What the table needs from the reference document: a paragraph style, its size and pitch."""

    paragraph_style: str | None
    size_pt: float | None = None  # None: the paragraph style's own size
    style_size_pt: float = 10.5  # what the size is without an override
    exact_line: int | None = None  # the style's line pitch (twips) when exact (the forms'), else None


@dataclass(frozen=True)
class Layout:
    widths: list[int]  # twips per grid column
    row_heights: list[int]  # estimated, twips
    size_pt: float | None  # the size of the table's text when not the style's
    #: each row's least height (w:trHeight): LibreOffice never grows a row for vertical text, so the
    #: last row a vertical label spans is given what the label needs (年度总体目标 beside empty goals)
    floors: list[int]

    @property
    def height(self) -> int:
        return sum(self.row_heights)


def column_widths(relative: list[float], total: int) -> list[int]:
    """Twips per grid column, proportional to `relative` and summing exactly to `total`."""
    weights = [max(w, 0) for w in relative] or [1]
    if sum(weights) == 0:
        weights = [1] * len(weights)
    whole = sum(weights)
    widths = [int(total * w // whole) for w in weights]
    # hand the rounding remainder to the widest columns first (stable for equal widths)
    order = sorted(range(len(widths)), key=lambda i: (-weights[i], i))
    for i in order[: total - sum(widths)]:
        widths[i] += 1
    return widths


def layout(table: Table, grid: list[list[Slot]], text_width: int, style: TableStyle) -> Layout:
    fit, size = fit_page(table, text_width / 20, style.size_pt or style.style_size_pt, 2 * CELL_MARGIN / 20)
    widths = column_widths(fit.widths, text_width)
    override = size if size != style.style_size_pt else None
    em = 20 * size
    line = style.exact_line or LINE_HEIGHT_EM * em
    heights, floors = _row_heights(fit.cells, len(grid), widths, em, line)
    return Layout(widths, heights, override, floors)


def _row_heights(cells: list[Extent], rows: int, widths: list[int], em: float,
                 line: float) -> tuple[list[int], list[int]]:
    """Estimated heights, and the least heights vertical labels need (`line`: the pitch, twips)."""
    least = round(ROW_MIN_HEIGHT * em / (20 * ROW_MIN_HEIGHT_SIZE_PT))
    heights = [least] * rows
    floors = [least] * rows
    spanned: list[tuple[int, int, float, bool]] = []
    for cell in cells:
        if cell.vertical:
            need = cell.lines[0] * em + line
        else:
            inner = max((sum(widths[cell.col:cell.col + cell.colspan]) - 2 * CELL_MARGIN) / em, 1.0)
            need = sum(max(1, math.ceil(w * 1.05 / inner)) for w in cell.lines) * line + 2 * CELL_MARGIN
        if cell.rowspan == 1:
            if need > heights[cell.row]:
                heights[cell.row] = math.ceil(need)
            if cell.vertical:
                floors[cell.row] = max(floors[cell.row], math.ceil(need))
        else:
            spanned.append((cell.row, cell.rowspan, need, cell.vertical))
    for r, span, need, vertical in spanned:  # a merged cell taller than its rows lengthens the last one
        short = need - sum(heights[r:r + span])
        if short > 0:
            heights[r + span - 1] += math.ceil(short)
            if vertical:
                floors[r + span - 1] = max(floors[r + span - 1], heights[r + span - 1])
    return heights, floors


def build_table(table: Table, grid: list[list[Slot]], plan: Layout, style: TableStyle,
                whole: bool, keep_last: bool = False) -> str:
    """`whole`: the table fits on what is left of its page and is kept on it; `keep_last`: the
    last row stays with the paragraph after the table (when it cannot split)."""
    widths = plan.widths
    parts = ["<w:tbl>", oxml.table_props(sum(widths)), oxml.table_grid(widths)]
    last = len(grid) - 1
    before_total = last - table.total_rows if table.total_rows else -1  # stays with the 总分 row
    splits = [h > SPLIT_ROW_HEIGHT for h in plan.row_heights]
    for r, row in enumerate(grid):
        header = r < table.header_rows
        # w:keepNext in every paragraph of a row keeps it with the next row: the header with the
        # first body row (unless that row may split, then a part of it follows the header anyway).
        # A row that may split never keeps: readers then move all of it to the next page.
        if r == last:
            keep = keep_last and not splits[r]
        else:
            keep = not splits[r] and (whole or r == before_total or (r <= table.header_rows and not splits[r + 1]))
        parts += ["<w:tr>", oxml.row_props(header, not splits[r], plan.floors[r])]
        c = 0
        while c < len(row):
            slot = row[c]
            cell = slot.cell
            span = cell.colspan
            width = sum(widths[c:c + span])
            # LibreOffice never splits a row with vertical text: there a label is stacked instead
            vertical = cell.vertical and not splits[r]
            if slot.origin:
                merge = "restart" if cell.rowspan > 1 else None
                parts += ["<w:tc>", oxml.cell_props(width, span, merge, "center", vertical)]
                parts += _cell_paragraphs(cell, header, style.paragraph_style, plan.size_pt, keep,
                                          stacked=cell.vertical and not vertical)
            else:  # below the origin of a vertical merge: a placeholder in this row
                parts += ["<w:tc>", oxml.cell_props(width, span, "continue", "center", vertical),
                          oxml.paragraph(oxml.para_props(style.paragraph_style, keep_next=keep))]
            parts.append("</w:tc>")
            c += span
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _cell_paragraphs(cell: Cell, header: bool, paragraph_style: str | None, size_pt: float | None,
                     keep: bool, stacked: bool = False) -> list[str]:
    """`stacked`: a vertical label as one character a line (where vertical text would keep its row whole)."""
    default_align = cell.align or ("center" if header or cell.header or cell.vertical else None)
    paragraphs = []
    for block in cell.blocks or []:
        ppr = oxml.para_props(paragraph_style, align=block.align or default_align, keep_next=keep)
        runs = [oxml.text_run("\n".join(inline.text) if stacked else inline.text,
                              oxml.run_props(size_pt=size_pt, bold=True if header or inline.bold else None,
                                             italic=inline.italic))
                for inline in block.inlines]
        paragraphs.append(oxml.paragraph(ppr, runs))
    if not paragraphs:  # a w:tc must hold at least one paragraph
        paragraphs.append(oxml.paragraph(oxml.para_props(paragraph_style, align=default_align,
                                                         keep_next=keep)))
    return paragraphs
