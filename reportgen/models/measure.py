"""Parse the target and actual values of an indicator as clerks write them.

A target is an operator, a number and a unit ("≥5000平方米", ">=85百分比", "＝0次"), a bare
number ("14 人"), a date ("2024年12月31日") or a word ("健全"). The raw text is kept for
display; the parsed parts drive scoring and checks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

Op = Literal["ge", "gt", "eq", "le", "lt"]

OPERATORS: dict[str, Op] = {
    ">=": "ge", "≥": "ge", "≧": "ge", "＞＝": "ge", "＞=": "ge",
    "<=": "le", "≤": "le", "≦": "le", "＜＝": "le", "＜=": "le",
    ">": "gt", "＞": "gt",
    "<": "lt", "＜": "lt",
    "==": "eq", "=": "eq", "＝": "eq",
}
_OP_PATTERN = "|".join(re.escape(k) for k in sorted(OPERATORS, key=len, reverse=True))
_QUANT = re.compile(rf"^\s*(?P<op>{_OP_PATTERN})?\s*(?P<num>[+-]?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[^\d\s]*)\s*$")
_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")

#: Unit spellings that mean the same thing.
UNIT_ALIASES = {"百分比": "%", "％": "%", "个百分点": "%"}
#: Money units and their value in 元.
MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10000)}


def normalise_unit(unit: str) -> str:
    return UNIT_ALIASES.get(unit, unit)


@dataclass(frozen=True)
class Measure:
    """One parsed target or actual value."""

    text: str
    kind: Literal["number", "date", "word"]
    op: Op | None = None
    value: Decimal | None = None
    unit: str = ""
    date: dt.date | None = None

    @property
    def is_money(self) -> bool:
        return self.kind == "number" and self.unit in MONEY_UNITS

    def in_yuan(self) -> Decimal | None:
        if not self.is_money or self.value is None:
            return None
        return self.value * MONEY_UNITS[self.unit]


@lru_cache(maxsize=4096)
def parse_measure(text: str) -> Measure:
    """A text's measure (immutable), parsed once per process: the formatting filters parse each
    target and actual again, hundreds of times a court."""
    raw = text.strip()
    m = _QUANT.match(raw)
    if m:
        op = OPERATORS[m["op"]] if m["op"] else None
        return Measure(raw, "number", op, Decimal(m["num"].replace(",", "")), normalise_unit(m["unit"]))
    d = _DATE.match(raw)
    if d:
        try:
            return Measure(raw, "date", date=dt.date(int(d[1]), int(d[2]), int(d[3])))
        except ValueError:
            pass
    return Measure(raw, "word")


# -- qualitative tiers (domain-rules §5.4) --

Tier = Literal["full", "partial", "poor"]

#: Labels written in 实际完成值 for a qualitative indicator, and the band each stands for.
TIER_LABELS: dict[str, Tier] = {
    "达成年度指标": "full", "达成预期指标": "full", "100%-80%(含)": "full", "100%-80%（含）": "full",
    "部分达成年度指标并具有一定效果": "partial", "部分达成预期指标": "partial",
    "80%-60%(含)": "partial", "80%-60%（含）": "partial",
    "未达成年度指标且效果较差": "poor", "未达成预期指标": "poor", "60%-0%": "poor",
}
#: Score band of each tier as fractions of the weight: [low, high).
TIER_BANDS: dict[Tier, tuple[Decimal, Decimal]] = {
    "full": (Decimal("0.8"), Decimal("1")),
    "partial": (Decimal("0.6"), Decimal("0.8")),
    "poor": (Decimal("0"), Decimal("0.6")),
}


def tier_of(actual: str | None) -> Tier | None:
    return TIER_LABELS.get((actual or "").replace(" ", "")) if actual else None
