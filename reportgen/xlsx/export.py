"""Write a court's year as a workbook the clerk fills in (openpyxl), byte-identical for the same data."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.loader import CourtYear
from reportgen.rounding import q2
from reportgen.scoring import Level1, Scored, ScoredIndicator, YearResult
from reportgen.scoring.metrics import METRICS
from reportgen.workbook import workbook_bytes
from reportgen.xlsx import layout as L

_THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(bold=True, size=14)
BLOCK_FONT = Font(bold=True, size=12, color="1F3864")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
LABEL_FILL = PatternFill("solid", fgColor="EDF1F9")
#: Computed cells: grey, italic, locked. The 说明 sheet says what the colour means.
COMPUTED_FILL = PatternFill("solid", fgColor="E7E6E6")
COMPUTED_FONT = Font(italic=True, color="595959")
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)

#: Column width units a Chinese character takes, to size the rows of long texts.
CHAR_WIDTH = 1.7
_WIDTHS = {"text": 16.0, "long": 36.0, "number": 11.0, "integer": 10.0, "date": 12.0, "choice": 12.0}
_SOURCE_LABELS = {"stated": "按填写", "rule": "按规则计算", "default": "定性默认档", "missing": "未填"}

INSTRUCTIONS = (
    "填写说明",
    "1. 白色格子可以填写；灰色斜体格子（得分率、合计、等级等）由系统计算，只读，导入时不读取，"
    "导入后运行 make check 重新计算。",
    "2. 三级指标表下方留有空行：在空行里填写即新增一个指标（也可以插入行），“序号”一栏留空。"
    "不要删除已有指标的行，也不要改动“序号”。",
    "3. 文字中的 {{ year }}、{{ target }} 等是自动替换的占位符，请原样保留。文字可以分段（Alt+回车换行）。",
    "4. “保存位置”写有 .md 文件的文字，导入时写回该文件；其余写回数据文件（.toml），原有注释和排列保持不变。",
    "5. 金额单位见“单位信息”表的设置（数据文件中的金额单位），只填数字，不要写公式或单位。",
    "6. 填好后保存为 .xlsx，运行：reportgen xlsx import <法院代号> <本文件>；有问题时会指出工作表和单元格，"
    "此时不改动任何数据文件。然后运行 make check、make report。",
)


def export_workbook(cy: CourtYear, scores: YearResult) -> bytes:
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = L.INFO_SHEET
    _info_sheet(info, cy)
    scored: dict[str, Scored | None] = {L.DEPARTMENT_SHEET: scores.department}
    scored |= {L.project_sheet(i + 1): s for i, s in enumerate(scores.projects)}
    for bound in L.bound_sheets(cy):
        ws = wb.create_sheet(bound.name)
        _SheetWriter(ws, cy, bound, scored.get(bound.name), scores.metrics).write()
    wb.properties.creator = "reportgen"
    wb.properties.lastModifiedBy = "reportgen"
    wb.properties.title = f"{cy.court.name} {cy.year} 年度绩效自评数据"
    return workbook_bytes(wb)


def _info_sheet(ws: Worksheet, cy: CourtYear) -> None:
    ws["A1"] = f"{cy.court.name} {cy.year} 年度绩效自评数据（reportgen 导出）"
    ws["A1"].font = TITLE_FONT
    for key, row in L.META_ROWS.items():
        ws.cell(row, 1, {"court": "法院代号", "year": "年度"}[key]).fill = LABEL_FILL
        ws.cell(row, 2, cy.slug if key == "court" else cy.year)
    row = max(L.META_ROWS.values()) + 2
    for line in INSTRUCTIONS:
        ws.cell(row, 1, line).alignment = WRAP
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=8)
        ws.row_dimensions[row].height = 18 * max(1, math.ceil(len(line) / 60))
        row += 1
    ws.cell(row, 1, "灰色斜体 = 系统计算（只读）").fill = COMPUTED_FILL
    ws.cell(row, 1).font = COMPUTED_FONT
    ws.column_dimensions["A"].width = 14
    for col in "BCDEFGH":
        ws.column_dimensions[col].width = 12
    ws.protection.sheet = True


def _cell_value(field: L.Field, value: Any) -> Any:
    if value is None:
        return None
    if field.kind == "choice":
        return L.CHOICE_LABELS.get(str(value), str(value))
    return value


def _number_format(field: L.Field) -> str:
    if field.kind in ("number", "integer"):
        return "#,##0.00" if field.money else "General"
    return "yyyy-mm-dd" if field.kind == "date" else "@"


class _SheetWriter:
    """Draws one sheet's blocks from the top, one blank row between blocks."""

    def __init__(self, ws: Worksheet, cy: CourtYear, bound: L.Bound, scored: Scored | None,
                 metrics: dict[str, Decimal]) -> None:
        self.ws, self.cy, self.bound, self.scored, self.metrics = ws, cy, bound, scored, metrics
        self.row = 1
        self.validations: dict[tuple[str, ...], DataValidation] = {}
        self.width = 1 + L.FORM_SPAN + 1  # label, value span, source
        self.tall: dict[int, str] = {}  # form rows with a long text: their height follows the merged width

    def write(self) -> None:
        ws = self.ws
        name = getattr(self.bound.model, "name", "")
        ws.cell(1, 1, f"{self.bound.name}：{name}" if name else self.bound.name).font = TITLE_FONT
        ws.cell(L.FILE_ROW, 1, "数据文件").fill = LABEL_FILL
        self._computed(ws.cell(L.FILE_ROW, 2, L.relative(self.bound.path, self.cy.court_dir)))
        ws.merge_cells(start_row=L.FILE_ROW, start_column=2, end_row=L.FILE_ROW, end_column=1 + L.FORM_SPAN)
        self.row = 4
        for block in self.bound.sheet.blocks:
            if isinstance(block, L.Form):
                if L.shown(block, self.bound):
                    self._form(block)
            elif isinstance(block, L.Table):
                self._table(block)
            elif self.scored is not None:
                self._summary(block, self.scored)
        self._columns()
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=self.width)
        ws.protection.sheet = True
        for flag in ("insertRows", "deleteRows", "formatRows", "formatColumns", "formatCells"):
            setattr(ws.protection, flag, False)  # False = allowed while protected
        ws.page_setup.orientation = "landscape"

    def _title(self, title: str) -> None:
        self.ws.cell(self.row, 1, title).font = BLOCK_FONT
        self.row += 1

    def _computed(self, cell: Cell) -> Cell:
        cell.fill, cell.font, cell.border, cell.alignment = COMPUTED_FILL, COMPUTED_FONT, BORDER, WRAP
        return cell

    def _header(self, cell: Cell, help_text: str = "") -> None:
        cell.fill, cell.font, cell.border, cell.alignment = HEADER_FILL, Font(bold=True), BORDER, WRAP
        if help_text:
            cell.comment = _note(help_text)

    def _editable(self, cell: Cell, field: L.Field, value: Any) -> None:
        cell.value = _cell_value(field, value)
        if isinstance(cell.value, str):
            cell.data_type = "s"  # "=100%" is a target, not a formula
        cell.number_format = _number_format(field)
        cell.protection, cell.border, cell.alignment = UNLOCKED, BORDER, WRAP
        dv = self._validation(field)
        if dv is not None:
            dv.add(cell)

    def _validation(self, field: L.Field, choices: tuple[str, ...] | None = None) -> DataValidation | None:
        """One validation per kind and list, shared by every cell that needs it."""
        if field.kind == "choice" or choices is not None:
            values = choices if choices is not None else tuple(L.CHOICE_LABELS.get(c, c) for c in field.choices)
            key: tuple[str, ...] = ("list", *values)
            if len(",".join(values)) > 250 or any("," in v or '"' in v for v in values):
                return None  # Excel's limits for a list written in the rule; beyond them the file would not open
            if key not in self.validations:
                self.validations[key] = DataValidation(
                    "list", formula1='"' + ",".join(values) + '"', allow_blank=True, showErrorMessage=True,
                    errorStyle="stop" if choices is None else "warning",
                    errorTitle="不在可选范围", error="请从下拉列表中选择。")
        elif field.kind in ("number", "integer"):
            key = (field.kind,)
            if key not in self.validations:
                self.validations[key] = DataValidation(
                    "decimal" if field.kind == "number" else "whole", operator="greaterThanOrEqual", formula1="0",
                    allow_blank=True, showErrorMessage=True, errorTitle="应填数字",
                    error="这里只能填数字（不带单位，不要写文字或公式）。" if field.kind == "number" else "这里只能填整数。")
        elif field.kind == "date":
            key = ("date",)
            if key not in self.validations:
                self.validations[key] = DataValidation(
                    "date", operator="greaterThan", formula1="1", allow_blank=True, showErrorMessage=True,
                    errorTitle="应填日期", error="请填日期，如 2025-01-23。")
        else:
            return None
        dv = self.validations[key]
        if dv not in self.ws.data_validations.dataValidation:
            self.ws.add_data_validation(dv)
        return dv

    def _text_source(self, path: tuple[str | int, ...]) -> str:
        source = self.bound.src.text_source(*path)
        return L.relative(source.path, self.cy.court_dir) if source else ""

    # -- blocks --

    def _form(self, form: L.Form) -> None:
        self._header(self.ws.cell(self.row, 2 + L.FORM_SPAN, L.SOURCE_HEADER), "文字保存在这个文件中，导入时写回该文件")
        self._title(form.title)
        ws = self.ws
        for row in L.form_rows(form, L.value_at(self.bound.model, form.path), self.bound.sheet.placed):
            label = ws.cell(self.row, 1, row.label)
            label.fill, label.border, label.alignment = LABEL_FILL, BORDER, WRAP
            if row.field.help:
                label.comment = _note(row.field.help)
            value = L.value_at(self.bound.model, row.path)
            self._editable(ws.cell(self.row, 2), row.field, value)
            for col in range(3, 2 + L.FORM_SPAN):
                ws.cell(self.row, col).border = BORDER
            ws.merge_cells(start_row=self.row, start_column=2, end_row=self.row, end_column=1 + L.FORM_SPAN)
            source = self._text_source(row.path)
            if source:
                self._computed(ws.cell(self.row, 2 + L.FORM_SPAN, source))
            if row.field.kind == "long" and value:
                self.tall[self.row] = str(value)
            self.row += 1
        self.row += 1

    def _table(self, table: L.Table) -> None:
        self._title(table.title)
        ws = self.ws
        columns = table.columns()
        items: list[Any] = list(getattr(self.bound.model, table.key))
        header = self.row
        self._header(ws.cell(header, 1, L.INDEX_HEADER), "数据文件中的顺序号；新增的行请留空")
        for col, field in enumerate(columns, start=2):
            self._header(ws.cell(header, col, field.label), field.help)
        for col, label in enumerate(table.computed, start=2 + len(columns)):
            self._header(ws.cell(header, col, label), "系统计算，只读")
            ws.cell(header, col).fill = COMPUTED_FILL
        self.width = max(self.width, 1 + len(columns) + len(table.computed))
        computed = self._row_values(table)
        level1 = self._level1_choices(table)
        for index in range(len(items) + table.spare):
            r = header + 1 + index
            item = items[index] if index < len(items) else None
            self._computed(ws.cell(r, 1, index + 1 if item is not None else None))
            for col, field in enumerate(columns, start=2):
                cell = ws.cell(r, col)
                self._editable(cell, field, getattr(item, field.key) if item is not None else None)
                if field.key == "level1" and level1 is not None:
                    dv = self._validation(field, level1)
                    assert dv is not None
                    dv.add(cell)
                source = self._text_source((table.key, index, field.key)) if item is not None else ""
                if source:
                    cell.comment = _note(f"这段文字保存在 {source}，导入时写回该文件", height=60)
            longest = max((_lines(str(getattr(item, f.key) or ""), int(_WIDTHS["long"] / CHAR_WIDTH))
                           for f in columns if f.kind == "long"), default=1) if item is not None else 1
            if longest > 1:
                ws.row_dimensions[r].height = min(409, 16 * longest)
            values = computed(index) if item is not None else ()
            for col, value in enumerate(values, start=2 + len(columns)):
                self._computed(ws.cell(r, col, value)).number_format = "0.00" if isinstance(value, Decimal) else "@"
            for col in range(2 + len(columns) + len(values), 2 + len(columns) + len(table.computed)):
                self._computed(ws.cell(r, col))
        self.row = header + 1 + len(items) + table.spare + 1

    def _level1_choices(self, table: L.Table) -> tuple[str, ...] | None:
        """The 一级 names a row may take: the declared groups and those the rows already use."""
        if table.key != "indicators":
            return None
        ev = self.bound.model
        names = [g.name for g in getattr(ev, "groups", [])] + [i.level1 for i in getattr(ev, "indicators", [])]
        return tuple(dict.fromkeys(n for n in names if n)) or None

    def _row_values(self, table: L.Table) -> Callable[[int], tuple[Any, ...]]:
        """The computed columns of a data row, by its position in the file."""
        scored = self.scored
        if scored is None or not table.computed:
            return lambda index: ()
        if table.key == "indicators":
            by_index = {s.index: s for s in scored.indicators}
            return lambda index: _indicator_values(by_index[index]) if index in by_index else ()
        groups = {g.group_index: g for g in scored.groups if g.group_index is not None}
        return lambda index: _group_values(groups[index]) if index in groups else ()

    def _summary(self, block: L.Summary, scored: Scored) -> None:
        self._title(block.title)
        ex = scored.execution
        rows: list[tuple[str, Any]] = [
            ("年初预算数", ex.initial), ("全年预算数", ex.budget), ("全年执行数", ex.spent),
            ("预算执行率（%）", ex.rate), ("预算执行率得分", ex.score), ("总分", q2(scored.total)),
            ("得分率（%）", scored.rate), ("自评等级", scored.grade),
        ]
        if self.bound.sheet is L.DEPARTMENT:
            rows += [(f"{label}（%）", self.metrics.get(name)) for name, (label, _parts) in METRICS.items()]
        for label, value in rows:
            cell = self.ws.cell(self.row, 1, label)
            cell.fill, cell.border = LABEL_FILL, BORDER
            self._computed(self.ws.cell(self.row, 2, value)).number_format = "#,##0.00" \
                if isinstance(value, Decimal) else "@"
            self.row += 1
        self.row += 1

    def _columns(self) -> None:
        ws = self.ws
        ws.column_dimensions["A"].width = 24
        widest = max((t.columns() for t in self.bound.sheet.blocks if isinstance(t, L.Table)), key=len, default=[])
        for col, field in enumerate(widest, start=2):
            ws.column_dimensions[get_column_letter(col)].width = _WIDTHS[field.kind]
        for col in range(2 + len(widest), self.width + 1):
            ws.column_dimensions[get_column_letter(col)].width = 12
        ws.column_dimensions[get_column_letter(2 + L.FORM_SPAN)].width = max(
            ws.column_dimensions[get_column_letter(2 + L.FORM_SPAN)].width or 0, 24)
        span = sum(ws.column_dimensions[get_column_letter(c)].width or 13 for c in range(2, 2 + L.FORM_SPAN))
        for row, text in self.tall.items():
            ws.row_dimensions[row].height = min(409, 16 * _lines(text, max(10, int(span / CHAR_WIDTH))))


def _note(text: str, height: int = 90) -> Comment:
    """A cell's note, signed reportgen, sized for a few lines of Chinese."""
    return Comment(text, "reportgen", width=240, height=height)


def _indicator_values(s: ScoredIndicator) -> tuple[Any, ...]:
    return (s.score, s.rate, _SOURCE_LABELS[s.source])


def _group_values(g: Level1) -> tuple[Any, ...]:
    return (g.row_weight, g.score, g.rate)


def _lines(text: str, per_line: int) -> int:
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def default_output(cy: CourtYear, build: Path = Path("build")) -> Path:
    return build / cy.slug / str(cy.year) / f"{cy.slug}-{cy.year}-数据.xlsx"
