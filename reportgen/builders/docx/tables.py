"""Tables as one lxml pass over the expanded grid.

python-docx's cell API rebuilds the cell matrix on each access and is quadratic
(python-openxml/python-docx#174); building w:tbl directly is linear and lets us write the merge
markup Word expects: gridSpan on the origin with covered cells absent, vMerge restart on the
origin and a bare vMerge on each covered cell, which stays in its row with an empty paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from reportgen.builders.docx import oxml
from reportgen.doctree import Cell, Slot, Table

#: 7 mm: single-spaced table text would otherwise touch the borders
ROW_MIN_HEIGHT = 397
#: Tables up to this many rows are kept on one page; longer ones keep at least their header
#: with the first body row, so no page ends with a lone header.
KEEP_TOGETHER_ROWS = 20


@dataclass(frozen=True)
class TableStyle:
    """What the table needs from the reference document: a paragraph style and a size override."""

    paragraph_style: str | None
    size_pt: float | None = None  # None: the paragraph style's own size


def column_widths(relative: list[int], total: int) -> list[int]:
    """Twips per grid column, proportional to `relative` and summing exactly to `total`."""
    weights = [max(w, 0) for w in relative] or [1]
    if sum(weights) == 0:
        weights = [1] * len(weights)
    whole = sum(weights)
    widths = [total * w // whole for w in weights]
    # hand the rounding remainder to the widest columns first (stable for equal widths)
    order = sorted(range(len(widths)), key=lambda i: (-weights[i], i))
    for i in order[: total - sum(widths)]:
        widths[i] += 1
    return widths


def build_table(table: Table, grid: list[list[Slot]], text_width: int,
                style: TableStyle) -> etree._Element:
    widths = column_widths(table.widths, text_width)
    tbl = oxml.el("w:tbl")
    tbl.append(oxml.table_props(sum(widths)))
    tbl.append(oxml.table_grid(widths))
    keep_until = len(grid) - 1 if len(grid) <= KEEP_TOGETHER_ROWS else table.header_rows + 1
    for r, row in enumerate(grid):
        header = r < table.header_rows
        keep = r < keep_until  # w:keepNext in every paragraph of a row keeps it with the next row
        tr = oxml.sub(tbl, "w:tr")
        tr.append(oxml.row_props(header=header, min_height=ROW_MIN_HEIGHT))
        c = 0
        while c < len(row):
            slot = row[c]
            cell = slot.cell
            span = cell.colspan
            width = sum(widths[c:c + span])
            if slot.origin:
                merge = "restart" if cell.rowspan > 1 else None
                tc = _cell(width, span, merge)
                tc.extend(_cell_paragraphs(cell, header, style, keep))
            else:  # below the origin of a vertical merge: a placeholder in this row
                tc = _cell(width, span, "continue")
                tc.append(oxml.paragraph(oxml.para_props(style.paragraph_style, keep_next=keep)))
            tr.append(tc)
            c += span
    return tbl


def _cell(width: int, span: int, merge: str | None) -> etree._Element:
    tc = oxml.el("w:tc")
    tc.append(oxml.cell_props(width, span, merge))
    return tc


def _cell_paragraphs(cell: Cell, header: bool, style: TableStyle, keep: bool) -> list[etree._Element]:
    default_align = cell.align or ("center" if header or cell.header or cell.vertical else None)
    paragraphs = []
    for block in cell.blocks or []:
        ppr = oxml.para_props(style.paragraph_style, align=block.align or default_align, keep_next=keep)
        runs = []
        for inline in block.inlines:
            rpr = oxml.run_props(size_pt=style.size_pt, bold=True if header or inline.bold else None,
                                 italic=inline.italic)
            make = oxml.stacked_run if cell.vertical else oxml.text_run
            runs.append(make(inline.text, rpr))
        if cell.vertical:  # one character per line across inline boundaries too
            for run in runs[:-1]:
                oxml.sub(run, "w:br")
        paragraphs.append(oxml.paragraph(ppr, runs))
    if not paragraphs:  # a w:tc must hold at least one paragraph
        paragraphs.append(oxml.paragraph(oxml.para_props(style.paragraph_style, align=default_align,
                                                         keep_next=keep)))
    return paragraphs
