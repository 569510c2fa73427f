"""Block directives: fenced blocks ```{name} args``` whose body is data, one function per directive.

A directive returns tree blocks; its body is validated by its own pydantic model, so a bad table
is a clear message, never a half-built table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, with_config
from typing_extensions import TypedDict

from reportgen import doctree as dt

Directive = Callable[[str, str], list[dt.Block]]
DIRECTIVES: dict[str, Directive] = {}


class DirectiveError(ValueError):
    pass


def directive(name: str) -> Callable[[Directive], Directive]:
    """Add a directive; a name registered twice is a programming error."""

    def register(fn: Directive) -> Directive:
        if name in DIRECTIVES:
            raise ValueError(f"directive {name!r} is already registered by {DIRECTIVES[name].__qualname__}")
        DIRECTIVES[name] = fn
        return fn
    return register


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


S = TypeVar("S", bound=_Spec)


@with_config(ConfigDict(extra="forbid"))
class CellSpec(TypedDict, total=False):
    """A cell's text and dt.Cell's own fields, whose defaults fill what the JSON leaves out. A dict,
    not a model: validating a court's ~1500 cells into models took 3.5 ms of its 25 ms parse, into
    dicts 1 ms."""

    text: str
    rowspan: Annotated[int, Field(ge=1)]
    colspan: Annotated[int, Field(ge=1)]
    align: Literal["left", "center", "right", "justify"] | None
    header: bool
    vertical: bool


class TableSpec(_Spec):
    caption: str = ""
    widths: list[int] = Field(default_factory=list)  # empty: fitted to the text
    header_rows: int = Field(0, ge=0)
    total_rows: int = Field(0, ge=0)
    style: Literal["grid", "form"] = "grid"
    rows: list[list[CellSpec]] = Field(min_length=1)


def _body(model: type[S], body: str, what: str) -> S:
    """A directive's JSON body, validated by its model; anything wrong is one DirectiveError."""
    try:
        return model.model_validate(json.loads(body))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise DirectiveError(f"{what}数据有误：{exc}") from None


def _cell(text: str = "", **marks: Any) -> dt.Cell:
    """A cell of one paragraph a line (most have one line: no split, no list comprehension for them).
    A blank line separates paragraphs, as in Markdown, and is no empty paragraph of its own: in a
    form's 自评结论 those cost three lines each."""
    if "\n" in text:
        blocks = [dt.Paragraph([dt.Text(line)], style="cell") for line in text.split("\n") if line.strip()] \
            or [dt.Paragraph([dt.Text("")], style="cell")]
    else:
        blocks = [dt.Paragraph([dt.Text(text)], style="cell")]
    return dt.Cell(blocks, **marks)


@directive("table")
def table(args: str, body: str) -> list[dt.Block]:
    """```{table}``` with a JSON TableSpec body: spans that no Markdown table syntax can carry."""
    spec = _body(TableSpec, body, "表格")
    rows = [[_cell(**c) for c in row] for row in spec.rows]
    node = dt.Table(rows, spec.caption or args, spec.widths, spec.header_rows, spec.style,
                    total_rows=spec.total_rows)
    if node.widths and len(node.widths) != node.ncols:
        raise DirectiveError(f"表格有{node.ncols}列，却给了{len(node.widths)}个列宽")
    try:
        dt.place(node)
    except ValueError as exc:
        raise DirectiveError(str(exc)) from None
    dt.close_header(node)
    return [node]


PARA_STYLES = {"title", "subtitle", "caption", "note", "signature", "form-title", "form-meta", "body"}


@directive("para")
def para(args: str, body: str) -> list[dt.Block]:
    """```{para} style``` — each line a paragraph of that semantic style (title lines, signatures)."""
    style = args.strip() or "body"
    if style not in PARA_STYLES:
        raise DirectiveError(f"未知的段落样式“{style}”，可用：{'、'.join(sorted(PARA_STYLES))}")
    return [dt.Paragraph([dt.Text(line.strip())], style=style) for line in body.splitlines() if line.strip()]


class BarSpec(_Spec):
    label: str
    value: Decimal = Field(ge=0)
    text: str = ""


class ChartSpec(_Spec):
    caption: str = ""
    maximum: Decimal = Field(Decimal(100), gt=0)
    bars: list[BarSpec] = Field(min_length=1)


@directive("chart")
def chart(args: str, body: str) -> list[dt.Block]:
    """```{chart}``` with a JSON ChartSpec body: a bar chart (inline SVG in HTML, a native chart in DOCX)."""
    spec = _body(ChartSpec, body, "图表")
    bars = [dt.Bar(b.label, f"{b.value:f}", b.text or f"{b.value:f}") for b in spec.bars]
    return [dt.Chart(bars, spec.caption or args, f"{spec.maximum:f}")]


@directive("pagebreak")
def pagebreak(args: str, body: str) -> list[dt.Block]:
    return [dt.PageBreak()]
