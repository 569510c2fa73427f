"""The workbook's layout, written once: export draws it and import reads it back by the same rules.

Every editable cell is bound to a field path of one data file. The fields of a block are derived
from the pydantic models (their order, type and description), so a field added to a model appears
in the workbook without a second list here; only the headers a clerk knows from the 自评表 are named.

A sheet is a column of blocks, each starting with its title in column A (【项目资金】…). Import finds
the blocks by these titles, so rows a clerk inserts inside a table shift nothing.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from reportgen.findings import FieldPath
from reportgen.loader import CourtYear
from reportgen.models import Court, Department, Finance, FundRow, Group, Indicator, Project, YearFile
from reportgen.models.base import is_text
from reportgen.models.year import DeclarationText, ReportText
from reportgen.scoring.metrics import METRICS
from reportgen.sourcemap import SourceRef

Kind = Literal["text", "long", "number", "integer", "date", "choice"]

#: Headers as the 自评表 prints them, where a field's description says more than a header should.
LABELS: dict[type[BaseModel], dict[str, str]] = {
    Indicator: {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "年度指标值",
                "actual": "实际完成值", "weight": "分值", "score": "得分", "reason": "未完成原因分析",
                "remark": "备注", "kind": "定量/定性", "text": "报告说明文字"},
    Group: {"name": "一级指标", "weight": "分值", "text": "说明文字"},
}
#: Columns in the order of the 自评表; a model's other fields follow in model order.
FIRST: dict[type[BaseModel], tuple[str, ...]] = {
    Indicator: ("level1", "level2", "name", "target", "actual", "weight", "score", "reason", "remark"),
    Project: ("name", "code"),
}
#: Choice values shown in Chinese (both ways); other choices are shown as the data writes them.
CHOICE_LABELS = {"quantitative": "定量", "qualitative": "定性"}
#: Extra choice lists for plain text fields.
FIELD_CHOICES: dict[tuple[type[BaseModel], str], tuple[str, ...]] = {(Indicator, "metric"): tuple(METRICS)}



@dataclass(frozen=True)
class Field:
    """One model field as a cell: how it is written, checked and read."""

    key: str
    label: str
    kind: Kind
    help: str = ""
    choices: tuple[str, ...] = ()
    money: bool = False


@dataclass(frozen=True)
class ListField:
    """A list of values or of small models, one row per element (自评工作程序（1）…)."""

    key: str
    label: str
    item: Field | tuple[Field, ...]  # a scalar, or the fields of each element's model


@dataclass(frozen=True)
class Nested:
    """A model inside the model ([finance] in a department): its fields are rows of the same form,
    unless a form of their own places them."""

    key: str
    label: str
    model: type[BaseModel]
    optional: bool  # shown only when the file has it


def _unwrap(annotation: Any) -> Any:
    """The type under Optional[...] and Annotated[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _label(model: type[BaseModel], key: str, info: FieldInfo) -> str:
    named = LABELS.get(model, {}).get(key)
    if named:
        return named
    head = (info.description or key).split("；")[0].split("，")[0]
    before, _, after = head.partition("：")
    return after if before in ("报告", "自评表", "申报表") else before


def scalar_field(model: type[BaseModel], key: str, info: FieldInfo, annotation: Any, money: bool) -> Field | None:
    """A field as a cell, or None when it is not a single value (a list or a table)."""
    label, hint = _label(model, key, info), info.description or ""
    base = _unwrap(annotation)
    if typing.get_origin(base) is Literal:
        return Field(key, label, "choice", hint, tuple(str(v) for v in typing.get_args(base)))
    if base is str:
        if is_text(annotation, info.metadata):
            return Field(key, label, "long", hint)
        return Field(key, label, "choice" if (model, key) in FIELD_CHOICES else "text", hint,
                     FIELD_CHOICES.get((model, key), ()))
    if base is Decimal:
        return Field(key, label, "number", hint, money=money)
    if base is int:
        return Field(key, label, "integer", hint)
    if base is dt.date:
        return Field(key, label, "date", hint)
    return None


Entry = Field | ListField | Nested


def fields_of(model: type[BaseModel], money: bool = False) -> list[Entry]:
    """The model's fields that a clerk fills in, in model order; `stated_*` (what a printed document
    showed, kept only to be checked against) and tables of their own are left out."""
    out: list[Entry] = []
    for key, info in model.model_fields.items():
        if key.startswith("stated_"):
            continue
        found = scalar_field(model, key, info, info.annotation, money)
        if found is not None:
            out.append(found)
            continue
        base = _unwrap(info.annotation)
        if isinstance(base, type) and issubclass(base, BaseModel):
            optional = type(None) in typing.get_args(info.annotation)
            out.append(Nested(key, _label(model, key, info), base, optional))
        elif typing.get_origin(base) is list:
            (item,) = typing.get_args(base)
            inner = _unwrap(item)
            label = _label(model, key, info)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                if inner not in TABLE_MODELS:
                    subfields = tuple(f for f in fields_of(inner) if isinstance(f, Field))
                    out.append(ListField(key, label, subfields))
            else:
                element = scalar_field(model, key, info, item, money)
                if element is not None and element.kind != "choice":
                    out.append(ListField(key, label, element))
    return out


F = typing.TypeVar("F", Field, Entry)


def in_order(model: type[BaseModel], fields: list[F]) -> list[F]:
    """The 自评表's order first (FIRST), then model order."""
    first = FIRST.get(model, ())
    return sorted(fields, key=lambda f: first.index(f.key) if f.key in first else len(first))


# -- blocks --

@dataclass(frozen=True)
class Form:
    """Label/value rows for the fields of a model at `path` in the file; `texts` picks the long texts or the rest."""

    title: str
    model: type[BaseModel]
    path: FieldPath = ()
    texts: bool | None = None  # True: long texts only; False: everything else; None: all
    money: bool = False
    #: optional models (year.toml's [report]) are shown when present or when this document kind is built
    document: str | None = None
    skip: tuple[str, ...] = ()  # fields not for the workbook (a court's settings)

    def wants(self, f: Field) -> bool:
        return self.texts is None or (f.kind == "long") == self.texts


@dataclass(frozen=True)
class Table:
    """One row per element of the list `key` (indicators, funds, groups); new rows become new elements."""

    title: str
    key: str
    model: type[BaseModel]
    computed: tuple[str, ...] = ()  # headers of columns computed at export, never read back
    money: bool = False
    spare: int = 3  # empty rows under the table, ready to be filled in (more can be inserted)

    def columns(self) -> list[Field]:
        return in_order(self.model, [f for f in fields_of(self.model, self.money) if isinstance(f, Field)])


@dataclass(frozen=True)
class Summary:
    """Read-only figures computed at export: funds totals, execution rate, total, grade."""

    title: str


Block = Form | Table | Summary

TABLE_MODELS = (Indicator, Group, FundRow)
#: The first column of a table: the row's position in the data file; empty in a new row.
INDEX_HEADER = "序号"
#: Header of the column of a form saying where a text is kept (a Markdown file), in its title row.
SOURCE_HEADER = "保存位置"
#: Form rows span the value columns B…H, so a long text has room.
FORM_SPAN = 7

INDICATOR_COMPUTED = ("采用得分", "得分率", "计分方式")
GROUP_COMPUTED = ("三级指标分值合计", "得分", "得分率")

_EVALUATION_TABLES = (
    Table("【一级指标】", "groups", Group, GROUP_COMPUTED),
    Table("【三级指标】", "indicators", Indicator, INDICATOR_COMPUTED, spare=10),
)
SUMMARY = Summary("【自评结果（导出时计算，只读）】")


@dataclass(frozen=True)
class Sheet:
    blocks: tuple[Block, ...]

    @property
    def placed(self) -> frozenset[FieldPath]:
        """Nested models that have a form of their own on this sheet."""
        return frozenset(b.path for b in self.blocks if isinstance(b, Form) and b.path)


COURT = Sheet((Form("【单位信息】", Court, skip=("settings",)),))
YEAR = Sheet((
    Form("【年度】", YearFile),
    Form("【报告文字】", ReportText, ("report",), document="report"),
    Form("【申报文字】", DeclarationText, ("declaration",), document="declaration"),
))
DEPARTMENT = Sheet((
    Form("【基本信息】", Department, texts=False),
    Form("【决算数据】", Finance, ("finance",), money=True),
    Form("【文字】", Department, texts=True),
    SUMMARY,
    *_EVALUATION_TABLES,
))
PROJECT = Sheet((
    Form("【基本信息】", Project, texts=False),
    Table("【项目资金】", "funds", FundRow, money=True),
    Form("【文字】", Project, texts=True),
    SUMMARY,
    *_EVALUATION_TABLES,
))

INFO_SHEET = "说明"
COURT_SHEET = "单位信息"
YEAR_SHEET = "年度文字"
DEPARTMENT_SHEET = "部门整体"
#: Meta cells of the 说明 sheet that tie a workbook to its court and year.
META_ROWS = {"court": 3, "year": 4}
#: Row of every data sheet whose cell B names its data file, relative to the court folder.
FILE_ROW = 2


def project_sheet(number: int) -> str:
    return f"项目{number:02d}"


# -- rows of a form, shared by both directions --

@dataclass(frozen=True)
class FormRow:
    label: str
    path: FieldPath  # inside the file
    field: Field


def form_rows(form: Form, value: BaseModel | None, placed: frozenset[FieldPath] = frozenset()) -> list[FormRow]:
    """The rows of a form for the model as it is now: a list shows its elements and one spare, a nested
    model its fields (labelled 部门决算：本年收入…) unless `placed` elsewhere or optional and absent."""
    return _rows(form, form.model, form.path, value, "", placed)


def _rows(form: Form, model: type[BaseModel], path: FieldPath, value: BaseModel | None, prefix: str,
          placed: frozenset[FieldPath]) -> list[FormRow]:
    rows: list[FormRow] = []
    for f in in_order(model, fields_of(model, form.money)):
        if path == form.path and f.key in form.skip:
            continue
        if isinstance(f, Nested):
            inner = getattr(value, f.key, None)
            if (*path, f.key) not in placed and (inner is not None or not f.optional):
                rows += _rows(form, f.model, (*path, f.key), inner, f"{prefix}{f.label}：", placed)
            continue
        if isinstance(f, Field):
            if form.wants(f):
                rows.append(FormRow(prefix + f.label, (*path, f.key), f))
            continue
        items = getattr(value, f.key, None) or []
        if isinstance(f.item, Field):
            if form.wants(f.item):
                rows += [FormRow(f"{prefix}{f.label}（{i + 1}）", (*path, f.key, i), f.item)
                         for i in range(len(items) + 1)]
        elif form.texts is None or form.texts == all(sub.kind == "long" for sub in f.item):
            # an element's fields stay together: with the texts only when all of them are texts
            rows += [FormRow(f"{prefix}{f.label}（{i + 1}）{sub.label}", (*path, f.key, i, sub.key), sub)
                     for i in range(len(items) + 1) for sub in f.item]
    return rows


def value_at(model: BaseModel | None, path: FieldPath) -> Any:
    """The validated value at a field path, None where the path does not exist (yet)."""
    current: Any = model
    for step in path:
        if current is None:
            return None
        if isinstance(step, int):
            current = current[step] if step < len(current) else None
        else:
            current = getattr(current, step, None)
    return current


# -- which sheet holds which data file --

@dataclass(frozen=True)
class Bound:
    """A sheet of the workbook and the data file (and model) it edits."""

    name: str
    sheet: Sheet
    model: BaseModel
    src: SourceRef

    @property
    def path(self) -> Path:
        return self.src.path


def relative(path: Path, court_dir: Path) -> str:
    """A file as the workbook names it: relative to the court folder, with forward slashes."""
    return path.resolve().relative_to(court_dir.resolve()).as_posix()


def bound_sheets(cy: CourtYear) -> list[Bound]:
    """The sheets of a court's year in workbook order: court, year texts, department, projects."""
    pairs: list[tuple[str, Sheet, BaseModel | None]] = [
        (COURT_SHEET, COURT, cy.court), (YEAR_SHEET, YEAR, cy.data.info),
        (DEPARTMENT_SHEET, DEPARTMENT, cy.data.department),
        *((project_sheet(i + 1), PROJECT, p) for i, p in enumerate(cy.data.projects)),
    ]
    out = []
    for name, sheet, model in pairs:
        src = cy.source_of(model) if model is not None else None
        if model is not None and src is not None:
            out.append(Bound(name, sheet, model, src))
    return out


def shown(form: Form, bound: Bound) -> bool:
    """Whether a form appears: an optional model only when present or when its document is built."""
    if form.document is None or value_at(bound.model, form.path) is not None:
        return True
    documents = getattr(bound.model, "documents", ())
    return form.document in documents
