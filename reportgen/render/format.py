"""Number and symbol formatting per court style (domain-rules §7). Formats, never computes."""

from __future__ import annotations

import string
from decimal import Decimal

from reportgen.models import Settings
from reportgen.models.measure import Measure, parse_measure
from reportgen.rounding import q2

_SYMBOL = {"ge": "≥", "gt": "＞", "eq": "＝", "le": "≤", "lt": "＜"}
_ASCII = {"ge": ">=", "gt": ">", "eq": "=", "le": "<=", "lt": "<"}
_PROSE = {"ge": "大于等于", "gt": "大于", "eq": "等于", "le": "小于等于", "lt": "小于"}


_MARKDOWN_PUNCTUATION = {ord(c): "\\" + c for c in string.punctuation}


def markdown_text(value: object) -> str:
    """Data text as literal Markdown: every ASCII punctuation mark backslash-escaped (CommonMark
    §2.4) and line breaks flattened, so a project named "A*B*C" or "[一期](二期)" prints as typed in
    headings and sentences instead of becoming emphasis or a link."""
    return " ".join(str(value).splitlines()).translate(_MARKDOWN_PUNCTUATION)


class Formatter:
    """Bound to one court's settings; exposed to templates as filters."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def amount(self, value: Decimal | None) -> str:
        """845371.59 → "845,371.59" (元 style) or "1157.15" (万元 style); cents trimmed when zero if set."""
        if value is None:
            return ""
        value = q2(value)
        if self.settings.amount_decimals == "trim" and value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        text = f"{value:,f}" if self.settings.thousands_separator else f"{value:f}"
        return text

    def score(self, value: Decimal | None) -> str:
        """Scores with two decimals in tables ("3.57", "17.00")."""
        return "" if value is None else f"{q2(value):f}"

    def short(self, value: Decimal | None) -> str:
        """A score or weight without needless zeros, as prose and forms print them ("10", "3.57")."""
        if value is None:
            return ""
        text = f"{q2(value):f}".rstrip("0").rstrip(".")
        return text or "0"

    def percent(self, value: Decimal | None) -> str:
        return "" if value is None else f"{q2(value):f}%"

    def rate(self, value: Decimal | None) -> str:
        """Execution rate in a table: "99.83%" or "99.83" as the court prints it."""
        if value is None:
            return ""
        return self.percent(value) if self.settings.rate_style == "percent" else f"{q2(value):f}"

    def target(self, text: str | None) -> str:
        """A target with the court's operator glyphs: "≥85%" or ">=85%"; none for a judgement leaf."""
        if not text:
            return ""
        m = parse_measure(text)
        if m.kind != "number" or m.op is None:
            return text
        glyphs = _SYMBOL if self.settings.operator_style == "symbol" else _ASCII
        return f"{glyphs[m.op]}{_number(m)}{m.unit}"

    def prose(self, text: str | None) -> str:
        """A target in a sentence: "大于等于85%"."""
        if not text:
            return ""
        m = parse_measure(text)
        if m.kind != "number":
            return text
        return f"{_PROSE[m.op] if m.op else ''}{_number(m)}{m.unit}"

    def target_value(self, text: str | None) -> str:
        """A target's figure without its operator: "85%" of "≥85%"."""
        if not text:
            return ""
        m = parse_measure(text)
        return f"{_number(m)}{m.unit}" if m.kind == "number" else text

    def actual(self, text: str | None, target: Measure | None = None) -> str:
        """An actual value in prose, with the target's unit when the clerk wrote a bare number."""
        if not text:
            return ""
        m = parse_measure(text)
        if m.kind == "number" and not m.unit and target is not None and target.unit:
            return f"{text}{target.unit}"
        return text


def _number(m: Measure) -> str:
    assert m.value is not None
    return f"{m.value:f}"

