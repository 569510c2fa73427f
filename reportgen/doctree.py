"""The document tree every builder renders: small typed nodes, no format-specific detail.

Styles are semantic names (`title`, `caption`, `form-title` …) that each builder maps to its own
formatting. Heading numbers (一、（一）1.（1）) are computed into the tree, so both formats agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

Align = Literal["left", "center", "right", "justify"]

#: metadata of the fields that are not what a node is: where it came from, or what a builder measured
PROVENANCE = {"provenance": True}


@dataclass
class Node:
    """A block of the tree; `line` is where it starts in the Markdown it was parsed from (1-based;
    None for a node built in code), so that a builder's warning can name it, as MyST's nodes do."""

    line: int | None = field(default=None, kw_only=True, compare=False, metadata=PROVENANCE)


@dataclass
class Text:
    text: str
    bold: bool = False
    italic: bool = False


Inline = Text


@dataclass
class Heading(Node):
    level: int  # 1–4
    inlines: list[Inline]
    number: str = ""  # "一、", "（一）", "1.", "（1）"; empty when unnumbered

    @property
    def plain(self) -> str:
        return self.number + "".join(i.text for i in self.inlines)


@dataclass
class Paragraph(Node):
    inlines: list[Inline]
    style: str = "body"  # body, title, subtitle, caption, note, signature, form-title, form-meta
    align: Align | None = None

    @property
    def plain(self) -> str:
        inlines = self.inlines
        return inlines[0].text if len(inlines) == 1 else "".join([i.text for i in inlines])


@dataclass
class Cell:
    """An origin cell of a table; `rowspan`/`colspan` cover the slots to its right and below."""

    blocks: list[Paragraph]
    rowspan: int = 1
    colspan: int = 1
    align: Align | None = None
    header: bool = False
    vertical: bool = False  # labels set in vertical text (年度总体目标, 绩效指标)

    @property
    def plain(self) -> str:
        blocks = self.blocks
        return blocks[0].plain if len(blocks) == 1 else "\n".join([p.plain for p in blocks])


@dataclass
class Table(Node):
    rows: list[list[Cell]]  # origin cells only, in reading order
    caption: str = ""
    #: a court's relative column widths; empty: fitted to the cells' text (builders/widths.py)
    widths: list[int] = field(default_factory=list)
    header_rows: int = 0  # repeated at the top of each page
    style: str = "grid"  # grid, form
    font_size: str = "table"  # table (smaller) or body
    #: closing rows (总分 and the 自评结论 after it, 合计): the first never starts a page without the row before
    total_rows: int = 0
    #: the cells' measures and fitted widths (builders/widths.py), measured once for every builder
    measures: dict[object, Any] = field(default_factory=dict, compare=False, repr=False, metadata=PROVENANCE)

    @property
    def ncols(self) -> int:
        """The court's widths say how many columns; without them the first row does."""
        if self.widths or not self.rows:
            return len(self.widths)
        return sum(c.colspan for c in self.rows[0])


@dataclass
class PageBreak(Node):
    pass


@dataclass
class Bar:
    label: str
    value: str  # a decimal number as text (the tree holds no floats): where the bar ends
    text: str  # the value as the document prints it ("95.00%")


@dataclass
class Chart(Node):
    """A horizontal bar chart (the 一级指标 score rates): bars from 0 to `maximum`."""

    bars: list[Bar]
    caption: str = ""
    maximum: str = "100"


Block = Heading | Paragraph | Table | PageBreak | Chart


@dataclass
class Document:
    title: str
    children: list[Block]
    kind: str = "report"  # report, forms, declaration
    lang: str = "zh-CN"
    date: datetime.date | None = None  # when it was filled in or written: its core properties' date
    source: str = field(default="", compare=False, metadata=PROVENANCE)  # the Markdown's name, for messages
    author: str = ""  # the court: DOCX core properties, hence the PDF's author


class Slot(NamedTuple):
    """One grid position of an expanded table: the cell covering it and whether it is the origin.
    A tuple: tables make tens of thousands of slots per court, and a frozen dataclass is 3× slower to make."""

    cell: Cell
    origin: bool
    row0: int  # origin row
    col0: int  # origin column


def head_is_closed(table: Table) -> bool:
    """No cell merged from a header row reaches down into the body."""
    head = table.header_rows
    return all(r + cell.rowspan <= head for r, row in enumerate(table.rows[:head]) for cell in row)


def close_header(table: Table) -> None:
    """Cut a label merged from a header row down into the body (绩效指标) where the header ends.

    The header rows repeat on each page, and a merge starting inside them is drawn again over the
    labels below on every continuation page. The header keeps an empty cell, the body the label.
    """
    head = table.header_rows
    if not head or head >= len(table.rows) or head_is_closed(table):
        return
    columns = {id(cell): c for cell, _, c in place(table)}
    moved: list[tuple[int, Cell]] = []  # (column, the label's body part)
    for r, row in enumerate(table.rows[:head]):
        for i, cell in enumerate(row):
            if r + cell.rowspan > head:
                moved.append((columns[id(cell)], Cell(cell.blocks, r + cell.rowspan - head, cell.colspan,
                                                      cell.align, True, cell.vertical)))
                row[i] = Cell([], head - r, cell.colspan, header=cell.header)
    first = table.rows[head]
    starts = [columns[id(c)] for c in first]
    for column, part in sorted(moved, key=lambda m: m[0]):
        at = sum(1 for s in starts if s < column)
        first.insert(at, part)
        starts.insert(at, column)


def place(table: Table) -> list[tuple[Cell, int, int]]:
    """Each origin cell with its row and column, placed as pandoc's GridTable places them, every slot
    covered exactly once: expand_grid's check without building its slots (a parse checks every table).

    Raises ValueError when spans overlap or a row does not fill the column count.
    """
    ncols, nrows = table.ncols, len(table.rows)
    covered = [0] * ncols  # rows each column stays covered by a cell from above, this row included
    placed: list[tuple[Cell, int, int]] = []
    unfilled: int | None = None  # rows are checked after every span is placed, as the grid's slots were
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while c < ncols and covered[c]:
                c += 1
            if c + cell.colspan > ncols or r + cell.rowspan > nrows:
                raise ValueError(f"表格第{r + 1}行的单元格超出表格范围")
            for k in range(c, c + cell.colspan):  # a span from above meets this row first, so here
                if covered[k]:
                    raise ValueError(f"表格第{r + 1}行第{k + 1}列被两个单元格占用")
                covered[k] = cell.rowspan
            placed.append((cell, r, c))
            c += cell.colspan
        if unfilled is None and not all(covered):
            unfilled = r
        covered = [k - 1 if k else 0 for k in covered]
    if unfilled is not None:
        raise ValueError(f"表格第{unfilled + 1}行的单元格数与列数（{ncols}）不符")
    return placed


def expand_grid(table: Table) -> list[list[Slot]]:
    """Every grid position with the cell covering it (see place()).

    Raises ValueError when spans overlap or a row does not fill the column count.
    """
    grid: list[list[Slot | None]] = [[None] * table.ncols for _ in table.rows]
    for cell, r, c in place(table):
        for dr in range(cell.rowspan):
            slots = grid[r + dr]
            for dc in range(cell.colspan):
                slots[c + dc] = Slot(cell, dr == 0 and dc == 0, r, c)
    return grid  # type: ignore[return-value]  # every slot filled, checked by place()
