"""Read a filled-in workbook back into the court's data files (the files themselves are edited by tomledit).

Every cell is checked first and every problem is reported with its sheet and cell; the changed
TOML files (edited with tomlkit, so comments, order and formatting stay) are validated with the
models, and only then written, all at once. A cell equal to the data changes nothing, so an
unchanged workbook leaves every file byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tomllib
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomlkit
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from reportgen.atomic import write_all
from reportgen.findings import FieldPath, Finding, InputError, Location, display, input_error
from reportgen.loader import CourtYear, load
from reportgen.messages import field_path, validation_message
from reportgen.rounding import to_decimal
from reportgen.textfile import CONTROL, DOCX_LIMIT, TextFileError, control_message, read_file
from reportgen.xlsx import layout as L
from reportgen.xlsx import tomledit

_CHOICE_VALUES = {label: value for value, label in L.CHOICE_LABELS.items()}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls and password-protected workbooks


def open_workbook(path: Path) -> Workbook:
    """The workbook, or E-XLSX-FILE saying what the file is instead."""
    try:
        raw = read_file(path, DOCX_LIMIT)  # a regular file of sane size: a pipe or /dev/zero is refused, not read
    except TextFileError as exc:
        raise input_error("E-XLSX-FILE", f"无法读取文件：{exc.message}", path) from None
    if not raw:
        raise input_error("E-XLSX-FILE", "文件是空的（0 字节），请重新保存工作簿后再导入", path)
    if raw.startswith(_OLE_MAGIC):
        raise input_error("E-XLSX-FILE", "这是旧版 .xls 文件或设了打开密码的工作簿：请在 Excel/WPS 中取消密码，"
                                         "另存为“Excel 工作簿（*.xlsx）”后再导入", path)
    if not zipfile.is_zipfile(io.BytesIO(raw)) and not raw.startswith(b"PK"):  # PK: a zip cut short, damaged
        raise input_error("E-XLSX-FILE", "不是 Excel 工作簿（.xlsx）：请用 reportgen xlsx export 导出的文件，"
                                         "在 Excel/WPS 中另存为“Excel 工作簿（*.xlsx）”", path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # extensions openpyxl does not read (slicers, …) do not matter here
            return load_workbook(io.BytesIO(raw), data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged package; all mean the same to a clerk
        raise input_error("E-XLSX-FILE", "工作簿已损坏，无法打开：请在 Excel/WPS 中打开并另存为 .xlsx 后重试，"
                                         "或重新导出", path) from None


@dataclass
class Edit:
    """A changed cell: the value for a field path of one data file."""

    cell: str  # 项目01!G12
    path: FieldPath
    value: Any


@dataclass
class NewItem:
    """A filled-in row without 序号: a new element of a list, inserted after `after` (-1: first)."""

    key: str
    after: int
    values: dict[str, tuple[str, Any]]  # field → (cell, value)
    row: int


@dataclass
class SheetEdits:
    bound: L.Bound
    edits: list[Edit] = field(default_factory=list)
    new: list[NewItem] = field(default_factory=list)
    cells: dict[FieldPath, str] = field(default_factory=dict)  # every bound cell, to name validation errors
    level1: list[tuple[str, str]] = field(default_factory=list)  # (cell, name) of edited or new 一级 cells
    groups: list[str] = field(default_factory=list)  # the 一级 names of the groups table as filled in


class _Reader:
    def __init__(self, wb: Workbook, source: Path, court_dir: Path) -> None:
        self.wb, self.file, self.court_dir = wb, display(source), court_dir
        self.errors: list[Finding] = []

    def error(self, code: str, message: str, where: str) -> None:
        self.errors.append(Finding(code, "error", message, Location(self.file, None, where)))

    # -- cells --

    def value(self, ws: Worksheet, row: int, col: int, f: L.Field) -> tuple[bool, Any]:
        """(ok, value) of a cell as the field's type; a problem is recorded and gives ok False."""
        cell = ws.cell(row, col)
        where = f"{ws.title}!{cell.coordinate}"
        raw = cell.value
        if isinstance(raw, str):
            raw = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
        if raw is None or raw == "":
            return True, None
        if f.kind in ("text", "long", "choice"):
            text = _as_text(raw, cell.number_format)
            bad = CONTROL.search(text)
            if bad:
                self.error("E-XLSX-TEXT", f"“{f.label}”{control_message(bad.group())}", where)
                return False, None
            if f.kind == "choice":
                value = _CHOICE_VALUES.get(text, text)
                if value not in f.choices:
                    shown = "、".join(L.CHOICE_LABELS.get(c, c) for c in f.choices)
                    self.error("E-XLSX-CHOICE", f"“{f.label}”填的“{text}”不是可选的值，应为：{shown}（可从下拉列表中选）", where)
                    return False, None
                return True, value
            return True, text
        if f.kind in ("number", "integer"):
            number = _as_number(raw)
            if number is None or (f.kind == "integer" and number != number.to_integral_value()):
                kind = "整数" if f.kind == "integer" else "数字"
                self.error("E-XLSX-NUMBER", f"“{f.label}”应填{kind}（不带单位和文字），现为“{raw}”", where)
                return False, None
            return True, int(number) if f.kind == "integer" else number
        date = _as_date(raw)
        if date is None:
            self.error("E-XLSX-DATE", f"“{f.label}”应填日期，如 2025-01-23，现为“{raw}”", where)
            return False, None
        return True, date

    def merged_into(self, ws: Worksheet, row: int, col: int) -> tuple[int, int, int, int] | None:
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
                return rng.min_row, rng.min_col, rng.max_row, rng.max_col
        return None

    # -- sheets --

    def sheet(self, bound: L.Bound) -> SheetEdits | None:
        if bound.name not in self.wb.sheetnames:
            self.error("E-XLSX-SHEET", f"缺少工作表“{bound.name}”（{display(bound.path)}）：请用重新导出的工作簿填写，"
                                       "不要删除或改名工作表", bound.name)
            return None
        ws = self.wb[bound.name]
        written, expected = ws.cell(L.FILE_ROW, 2).value, L.relative(bound.path, self.court_dir)
        if written != expected:  # a project file added or renamed since the export: its sheets moved
            self.error("E-XLSX-SHEET", f"工作表“{bound.name}”是 {written} 的，而现在“{bound.name}”对应 {expected}"
                                       "（导出后项目文件有增减或改名）：请重新导出，把填好的内容抄过去后再导入",
                       f"{ws.title}!B{L.FILE_ROW}")
            return None
        titles = _block_rows(ws, bound.sheet)
        out = SheetEdits(bound)
        blocks = [b for b in bound.sheet.blocks if not isinstance(b, L.Summary)
                  and (not isinstance(b, L.Form) or L.shown(b, bound))]
        for block in blocks:
            if block.title not in titles:
                self.error("E-XLSX-HEADER", f"找不到“{block.title}”一栏（其标题应在 A 列）：请不要删除或改写各栏的标题",
                           ws.title)
                continue
            start = titles[block.title] + 1
            end = min([r for r in titles.values() if r >= start] + [ws.max_row + 1])
            if isinstance(block, L.Form):
                self.form(ws, block, start, end, out)
            else:
                self.table(ws, block, start, end, out)
        self.level1(out)
        return out

    def form(self, ws: Worksheet, form: L.Form, start: int, end: int, out: SheetEdits) -> None:
        current = L.value_at(out.bound.model, form.path)
        rows = {r.label: r for r in L.form_rows(form, current, out.bound.sheet.placed)}
        seen: set[str] = set()
        for row in range(start, end):
            label = ws.cell(row, 1).value
            label = label.strip() if isinstance(label, str) else label
            if label not in rows:
                continue
            spec = rows[label]
            seen.add(label)
            out.cells[spec.path] = f"{ws.title}!B{row}"
            if self.merged_into(ws, row, 2) != (row, 2, row, 1 + L.FORM_SPAN):
                span = f"B{row}:{get_column_letter(1 + L.FORM_SPAN)}{row}"
                lost = next((c for c in range(3, 2 + L.FORM_SPAN) if ws.cell(row, c).value not in (None, "")), None)
                if lost is not None:  # unmerged but empty beside B: nothing is lost, nothing to say
                    at = ws.cell(row, lost).coordinate
                    self.error("E-XLSX-MERGE", f"“{label}”一行的合并单元格 {span} 被拆开了，文字填到了 {at}："
                                               f"请把内容移回 B{row} 并重新合并 {span}", f"{ws.title}!{at}")
                    continue
            ok, value = self.value(ws, row, 2, spec.field)
            if ok and not _same(spec.field, value, L.value_at(out.bound.model, spec.path)):
                out.edits.append(Edit(f"{ws.title}!B{row}", spec.path, value))
        for label, spec in rows.items():
            if label not in seen and L.value_at(out.bound.model, spec.path) not in (None, ""):
                self.error("E-XLSX-HEADER", f"“{form.title}”中“{label}”一行不见了：请不要删除已有内容的行（要清空请只清空内容）",
                           f"{ws.title}!A{start - 1}")

    def table(self, ws: Worksheet, table: L.Table, start: int, end: int, out: SheetEdits) -> None:
        header = {str(ws.cell(start, c).value).strip(): c for c in range(1, ws.max_column + 1)
                  if ws.cell(start, c).value is not None}
        columns = {f.key: f for f in table.columns()}
        missing = [label for label in (L.INDEX_HEADER, *(f.label for f in columns.values())) if label not in header]
        if missing:
            self.error("E-XLSX-HEADER", f"“{table.title}”的表头（第{start}行）缺少：{'、'.join(missing)}。"
                                        "请不要删除或改写表头，可重新导出后再填", f"{ws.title}!A{start}")
            return
        items: list[Any] = list(getattr(out.bound.model, table.key))
        seen: dict[int, int] = {}
        last = -1
        for row in range(start + 1, end):
            index_cell = ws.cell(row, header[L.INDEX_HEADER])
            values: dict[str, tuple[str, Any]] = {}
            ok = True
            for f in columns.values():
                col = header[f.label]
                where = f"{ws.title}!{ws.cell(row, col).coordinate}"
                source = self._table_cell(ws, row, col, where)
                if source is None:
                    ok = False
                    continue
                good, value = self.value(ws, source[0], source[1], f)
                ok = ok and good
                values[f.key] = (where, value)
            index = _as_number(index_cell.value) if index_cell.value not in (None, "") else None
            if index is None and index_cell.value not in (None, ""):
                self.error("E-XLSX-ROW", f"“{L.INDEX_HEADER}”一栏被改成了“{index_cell.value}”：请恢复原来的序号（新增的行留空）",
                           f"{ws.title}!{index_cell.coordinate}")
                continue
            if index is None:
                if any(v is not None for _w, v in values.values()):
                    out.new.append(NewItem(table.key, last, values, row))
                    self._note_names(table, values, out, None)
                continue
            i = int(index) - 1
            if not 0 <= i < len(items) or i in seen or index != int(index):
                again = f"与第{seen[i]}行重复" if i in seen else f"不在 1～{len(items)} 之间"
                self.error("E-XLSX-ROW", f"序号 {index_cell.value} {again}：请恢复原来的序号（新增的行序号留空）",
                           f"{ws.title}!{index_cell.coordinate}")
                continue
            seen[i] = row
            last = i
            self._note_names(table, values, out, items[i])
            if not ok:
                continue
            for key, (where, value) in values.items():
                path = (table.key, i, key)
                out.cells[path] = where
                if not _same(columns[key], value, getattr(items[i], key)):
                    out.edits.append(Edit(where, path, value))
        for i, item in enumerate(items):
            if i not in seen:
                name = getattr(item, "name", None) or getattr(item, "source", "")
                self.error("E-XLSX-ROW", f"“{table.title}”中序号 {i + 1}（{name}）的行不见了：已有的行不能删除，"
                                         "请恢复该行（可重新导出后再填）", f"{ws.title}!A{start}")

    def _note_names(self, table: L.Table, values: dict[str, tuple[str, Any]], out: SheetEdits, item: Any) -> None:
        """The groups' names, and a 一级 name typed anew (in a new row, or changed), for the check of 一级 names."""
        if table.key == "groups" and values.get("name", ("", None))[1]:
            out.groups.append(values["name"][1])
        elif table.key == "indicators":
            where, name = values.get("level1", ("", None))
            if name and (item is None or name != item.level1):
                out.level1.append((where, name))

    def level1(self, out: SheetEdits) -> None:
        """An edited or new 一级 name must be one of the sheet's groups, when it declares any (a declaration
        does not, and any name stands there)."""
        groups = dict.fromkeys(out.groups)
        for where, name in out.level1 if groups else ():
            if name not in groups:
                self.error("E-XLSX-LEVEL1", f"一级指标“{name}”不在本表【一级指标】中（有：{'、'.join(groups)}）："
                                            "请从下拉列表中选择，或先在【一级指标】表中添加", where)

    def _table_cell(self, ws: Worksheet, row: int, col: int, where: str) -> tuple[int, int] | None:
        """The cell whose value stands here: itself, or the top of a merge down one column (一级 merged over
        its rows); a merge across columns would blend two fields and is refused."""
        merged = self.merged_into(ws, row, col)
        if merged is None:
            return row, col
        top, left, _bottom, right = merged
        if left != right:
            self.error("E-XLSX-MERGE", f"单元格被横向合并（{ws.cell(top, left).coordinate}:{ws.cell(top, right).coordinate}），"
                                       "几栏的内容混在了一起：请取消合并，每栏分别填写", where)
            return None
        return top, left


def _block_rows(ws: Worksheet, sheet: L.Sheet) -> dict[str, int]:
    wanted = {b.title for b in sheet.blocks}
    found: dict[str, int] = {}
    for row in range(1, ws.max_row + 1):
        value = ws.cell(row, 1).value
        if isinstance(value, str) and value.strip() in wanted and value.strip() not in found:
            found[value.strip()] = row
    return found


def _as_text(raw: Any, number_format: str) -> str:
    """A cell's text; a number or date Excel made of typed text is written back as the clerk typed it."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, dt.datetime | dt.date):
        return f"{raw.year}年{raw.month}月{raw.day}日"
    number = Decimal(str(raw))
    if "%" in number_format:
        return f"{(number * 100).normalize():f}%"
    return f"{number.normalize():f}" if number == number.to_integral_value() else str(number)


def _as_number(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return Decimal(str(raw))  # the shortest text of the float: what Excel shows and the clerk typed
    if isinstance(raw, str):
        try:
            return to_decimal(raw.strip())
        except ValueError:
            return None
    return None


def _as_date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    m = re.fullmatch(r"(\d{4})[-./年]?(\d{1,2})[-./月]?(\d{1,2})日?", text)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def _same(f: L.Field, new: Any, old: Any) -> bool:
    if f.kind in ("text", "long", "choice"):
        return (new or "") == (str(old) if old is not None else "")
    return bool(new == old)


# -- applying the edits --

@dataclass
class _File:
    bound: L.Bound
    doc: tomlkit.TOMLDocument
    cells: dict[FieldPath, str]  # as _cells_after() numbers them


def _apply(sheet: SheetEdits, reader: _Reader, md: dict[Path, tuple[str, str]], year: int) -> _File | None:
    """The sheet's edits applied to its data file (tomlkit); texts kept in Markdown files are collected in `md`."""
    bound = sheet.bound
    edits = []
    for edit in sheet.edits:
        source = bound.src.text_source(*edit.path)
        if source is None:
            edits.append(edit)
            continue
        new = edit.value or ""  # a { file = … } text: the clerk's words go back to its Markdown file
        if source.path in md and md[source.path][1] != new:
            reader.error("E-XLSX-TEXT", f"这段文字与 {md[source.path][0]} 保存在同一个文件 {display(source.path)}，"
                                        "两处却改得不一样：请改成相同的文字，或只改其中一处", edit.cell)
        md[source.path] = (edit.cell, new)
    if not edits and not sheet.new:
        return None
    if bound.path.suffix == ".json":
        reader.error("E-XLSX-JSON", f"数据文件 {display(bound.path)} 是 JSON 格式，导入只能写回 TOML 文件："
                                    "请把它改写为同名 .toml 文件后再导入", bound.name)
        return None
    doc = tomlkit.parse(tomledit.read(bound.path)[1])
    for edit in edits:
        tomledit.set_value(doc, edit.path, edit.value, year)
    positions = _positions(sheet)
    for key, new, position in positions:
        tomledit.insert_table(doc, key, position, {name: value for name, (_where, value) in new.values.items()})
    return _File(bound, doc, _cells_after(sheet, positions))


def _positions(sheet: SheetEdits) -> list[tuple[str, NewItem, int]]:
    """Where each new row lands in its list: after the existing row above it, in sheet order (ascending)."""
    out = []
    for key in dict.fromkeys(n.key for n in sheet.new):
        existing = len(getattr(sheet.bound.model, key))
        order: list[tuple[int, int, NewItem | None]] = [(i, 0, None) for i in range(existing)]
        order += [(n.after, 1, n) for n in sheet.new if n.key == key]
        order.sort(key=lambda o: (o[0], o[1], o[2].row if o[2] else 0))
        out += [(key, item, position) for position, (_after, _new, item) in enumerate(order) if item is not None]
    return out


def _cells_after(sheet: SheetEdits, positions: list[tuple[str, NewItem, int]]) -> dict[FieldPath, str]:
    """Every bound cell by its field path once the new rows are at their `positions` (existing rows move down)."""
    cells = dict(sheet.cells)
    for key in dict.fromkeys(n.key for n in sheet.new):
        shift = {i: i + sum(1 for k, n, _p in positions if k == key and n.after < i)
                 for i in range(len(getattr(sheet.bound.model, key)))}
        cells = {((key, shift[p[1]], *p[2:]) if p[0] == key and isinstance(p[1], int) else p): c
                 for p, c in cells.items()}
    for key, new, position in positions:
        cells |= {(key, position, name): where for name, (where, _v) in new.values.items()}
        cells[(key, position)] = next(iter(new.values.values()))[0]
    return cells


def _validate(file: _File, cy: CourtYear, reader: _Reader) -> None:
    """The changed file as the loader will read it, against its model; problems named by their cell."""
    data = tomllib.loads(tomlkit.dumps(file.doc), parse_float=Decimal)
    context = {"base_dir": str(file.bound.path.parent), "root": str(cy.court_dir.resolve())}
    try:
        type(file.bound.model).model_validate(data, context=context)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = _cell_of(loc, file.cells) or f"{file.bound.name} [{field_path(loc)}]"
            reader.error("E-XLSX-SCHEMA", validation_message(err), where)


def _cell_of(loc: tuple[str | int, ...], cells: dict[FieldPath, str]) -> str | None:
    """The cell of a field path, or of the nearest row or table it belongs to."""
    return next((cells[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in cells), None)


def import_workbook(content: Path, slug: str, source: Path, year: int | None = None) -> list[Path]:
    """Update the court's files from the workbook; returns the files changed (none for an unchanged workbook)."""
    wb = open_workbook(source)
    chosen = _meta(wb, source, slug, year)
    cy = load(content, slug, chosen, with_previous=False)
    reader = _Reader(wb, source, cy.court_dir)
    sheets = [s for s in (reader.sheet(b) for b in L.bound_sheets(cy)) if s is not None]
    if reader.errors:
        raise InputError(reader.errors)
    md: dict[Path, tuple[str, str]] = {}
    files = [f for s in sheets if (f := _apply(s, reader, md, cy.year)) is not None]
    for file in files:
        _validate(file, cy, reader)
    if reader.errors:
        raise InputError(reader.errors)
    out = [(f.bound.path, tomledit.encode(f.bound.path, tomlkit.dumps(f.doc))) for f in files]
    out += [(path, tomledit.encode(path, tomledit.markdown(path, text))) for path, (_cell, text) in md.items()]
    out = [(path, data) for path, data in out if path.read_bytes() != data]
    write_all(out)
    return [path for path, _data in out]


def _meta(wb: Workbook, source: Path, slug: str, year: int | None) -> int:
    """The workbook's court and year (说明 sheet) must be those imported into."""
    if L.INFO_SHEET not in wb.sheetnames:
        raise input_error("E-XLSX-SHEET", f"缺少工作表“{L.INFO_SHEET}”：这不是 reportgen 导出的工作簿，"
                                          "请先运行 reportgen xlsx export 导出，在导出的文件里填写", source)
    ws = wb[L.INFO_SHEET]
    court = ws.cell(L.META_ROWS["court"], 2).value
    written = _as_number(ws.cell(L.META_ROWS["year"], 2).value)
    where = Location(display(source), None, f"{L.INFO_SHEET}!B{L.META_ROWS['court']}")
    year_where = Location(where.file, None, f"{L.INFO_SHEET}!B{L.META_ROWS['year']}")
    if court != slug:
        raise InputError([Finding("E-XLSX-COURT", "error", f"这个工作簿是法院“{court}”的，不是“{slug}”的：请核对法院代号", where)])
    if written is None:
        raise InputError([Finding("E-XLSX-COURT", "error", "工作簿中的年度不见了：请重新导出", year_where)])
    if year is not None and year != int(written):
        raise InputError([Finding("E-XLSX-COURT", "error", f"这个工作簿是 {int(written)} 年的，不是 {year} 年的："
                                  f"请去掉 --year，或导入 {year} 年导出的工作簿", year_where)])
    return int(written)

