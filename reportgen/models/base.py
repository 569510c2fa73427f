"""Shared pydantic building blocks: strict models, exact numbers, text from Markdown files."""

from __future__ import annotations

import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
)

from reportgen.rounding import to_decimal
from reportgen.sourcemap import SourceRef
from reportgen.textfile import TextFileError, os_message, read_text


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never vanish silently. `_source` is where the loader read
    the model (file, table, line of each field), so a finding about it can name the line."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_default=True)
    _source: SourceRef | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        """Equal data are equal wherever they were read from: the location is left out."""
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable, as pydantic's own models


#: No figure of a court's budget, weight or score comes near this; beyond 28 digits Decimal cannot even round it.
LIMIT = Decimal(10) ** 12
#: Amounts are written to the cent and rates to a few places; more digits are a typo, and with the limit
#: above they keep every quotient within what Decimal can round.
MAX_PLACES = 6


def _plausible(value: Decimal) -> Decimal:
    # 1e999999999 written out in full would take a gigabyte: such a number is shown as it is written
    if not value.is_finite():
        raise ValueError("不能是无穷大或非数字")
    shown = f"{value:f}" if abs(value.adjusted()) <= 40 else f"{value:.6E}"
    if value.copy_abs() >= LIMIT:
        raise ValueError(f"数字 {shown} 大得不合理（应小于 1 万亿），请核对位数和金额单位")
    if value.is_zero():  # 0E-999999999 is zero, but written out in full it takes a gigabyte as well
        if abs(value.as_tuple().exponent) > 40:  # type: ignore[arg-type]
            raise ValueError(f"数字 {shown} 的写法不合理，请写 0")
        return value
    if value.adjusted() < -MAX_PLACES or value.normalize().as_tuple().exponent < -MAX_PLACES:  # type: ignore[operator]
        raise ValueError(f"数字 {shown} 的小数位太多（最多 {MAX_PLACES} 位），请核对")
    return value


Num = Annotated[
    Decimal,
    BeforeValidator(to_decimal),
    AfterValidator(_plausible),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^[+-]?[\d,]+(\.\d+)?$"}]}),
]
"""An exact number: money, a weight or a score. TOML/JSON numbers are read as Decimal."""

NonNegative = Annotated[Num, Field(ge=0)]

#: Marks a field whose value belongs to one year's results: `new-year` empties it in the new year's files.
PER_YEAR: dict[str, Any] = {"per_year": True}


def per_year_keys(*models: type[BaseModel]) -> frozenset[str]:
    """The names of every field marked PER_YEAR in these models and the models nested in them."""
    found: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("per_year"):
                found.add(name)
            for nested in nested_models(info.annotation):
                walk(nested)

    for model in models:
        walk(model)
    return frozenset(found)


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in nested_models(arg)]


#: A name or value that fits a table cell; longer prose belongs in a text field.
SHORT = 100


def _read_text(value: Any, info: ValidationInfo) -> Any:
    """`{file = "x.md"}` is replaced by that file's text, relative to the data file.

    The file must stay inside the court's folder (`root`, given resolved), so data cannot reach other files.
    """
    if isinstance(value, dict) and set(value) == {"file"}:
        context = info.context or {}
        base = Path(context.get("base_dir", "."))
        root = Path(context["root"]) if "root" in context else base.resolve()
        name = str(value["file"])
        try:
            path = (base / name).resolve()
        except (OSError, RuntimeError) as exc:  # a link loop (RuntimeError before 3.13), a name too long
            message = os_message(exc) if isinstance(exc, OSError) else "符号链接绕成了循环，无法打开"
            raise ValueError(f"文本文件“{name}”{message}") from None
        missing = ValueError(f"找不到文本文件“{name}”（路径相对于本数据文件所在文件夹 {base}，且须在法院文件夹内）")
        if not path.is_relative_to(root):
            raise missing
        try:
            os.lstat(path)
        except FileNotFoundError:
            raise missing from None
        except OSError as exc:
            raise ValueError(f"文本文件“{name}”{os_message(exc)}") from None
        try:
            text = read_text(path)
        except TextFileError as exc:
            where = f"第{exc.line}行：" if exc.line else "："
            raise ValueError(f"文本文件“{name}”{where}{exc.message}") from None
        files = context.get("files")
        if files is not None:
            files.append(path)
        texts = context.get("texts")
        if texts is not None:
            texts[name] = (path, text)  # the loader names this file and its lines in later messages
        return text.strip()
    return value


Text = Annotated[
    str,
    BeforeValidator(_read_text),
    WithJsonSchema({
        "anyOf": [
            {"type": "string"},
            {"type": "object", "properties": {"file": {"type": "string"}}, "required": ["file"],
             "additionalProperties": False},
        ]
    }),
]


def is_text(annotation: Any, metadata: Iterable[Any] = ()) -> bool:
    """Whether a field is a `Text` (given its annotation and pydantic's metadata of it): the checks
    that read the prose and the workbook's layout both find the texts of a model by this."""
    marks = [*metadata, *getattr(annotation, "__metadata__", ())]
    return any(isinstance(m, BeforeValidator) and m.func is _read_text for m in marks)
"""Free text, inline or as `{file = "narrative/x.md"}`."""
