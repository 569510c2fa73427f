"""Chinese messages for pydantic validation errors: what is wrong and what to write instead."""

from __future__ import annotations

from typing import Any

_TYPES = {
    "decimal": "数字", "int": "整数", "string": "文字（加引号）", "bool": "true 或 false",
    "list": "列表 [ … ]", "dict": "表 { … }", "model": "表 { … }", "date": "日期，如 2025-01-23",
}


def validation_message(error: dict[str, Any]) -> str:
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
        return f"“{value}”不是允许的值，应为：{str(ctx.get('expected', '')).replace(' or ', '、').replace(', ', '、')}"
    if kind == "finite_number":
        return "不能是无穷大或非数字"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}（现为 {value}）"
    if kind in ("string_too_short", "too_short"):
        return "不能为空"
    if kind.startswith("date"):
        return f"“{value}”不是有效日期，请写成 2025-01-23"
    for key, name in _TYPES.items():
        if kind.startswith(key):
            return f"类型不对：应为{name}，现为“{value}”"
    return f"取值不合要求（{error['msg']}）"


def field_path(loc: tuple[Any, ...]) -> str:
    """("indicators", 3, "score") → "indicators[3].score"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
