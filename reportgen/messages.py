"""Chinese messages for pydantic validation errors: what is wrong and what to write instead."""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

_TYPES = {
    "decimal": "数字", "int": "整数", "string": "文字（加引号）", "bool": "true 或 false",
    "list": "列表 [ … ]", "dict": "表 { … }", "model": "表 { … }", "date": "日期，如 2025-01-23",
}


def validation_message(error: ErrorDetails) -> str:
    kind: str = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "缺少必填项，请补上"
    if kind == "extra_forbidden":
        return "未知的键（可能是拼写错误），请删除或改正"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", "、").replace(", ", "、").replace("'", "")
        return f"“{value}”不是允许的值，应为：{expected}"
    if kind == "finite_number":
        return "不能是无穷大或非数字"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}（现为 {value}）"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}（现为 {value}）"
    if kind == "string_too_long":
        return f"太长（{len(str(value))} 字），这一项最多 {ctx.get('max_length')} 字，请检查是否误粘贴了整段文字"
    if kind in ("string_too_short", "too_short"):
        return "不能为空"
    if kind.startswith("date"):
        return f"“{value}”不是有效日期，请写成 2025-01-23"
    for key, name in _TYPES.items():
        if kind.startswith(key):
            hint = "；一组一组的表要写成 [[名称]]（两对方括号）" if key == "list" and isinstance(value, dict) else ""
            return f"类型不对：应为{name}，现为{_describe(value)}{hint}"
    return f"取值不合要求（{error['msg']}）"


def _describe(value: Any) -> str:
    """A value as the clerk wrote it, not as Python prints it."""
    if isinstance(value, dict):
        return "表 { … }"
    if isinstance(value, list):
        return "列表 [ … ]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"“{value}”"


def field_path(loc: tuple[Any, ...]) -> str:
    """("indicators", 3, "score") → "indicators[3].score"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
