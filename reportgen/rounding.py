"""Decimal arithmetic for money, rates and scores: the one place that rounds."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def q2(value: Decimal) -> Decimal:
    """Round half up to two places: every score, rate and amount goes through here."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a percentage rounded to 2 places; None when whole is 0."""
    if whole == 0:
        return None
    return q2(part / whole * HUNDRED)


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def to_decimal(value: object) -> Decimal:
    """Accept int, Decimal or a numeric string such as "845,371.59"; never a float."""
    if isinstance(value, bool):
        raise ValueError("应为数字，不能是 true/false")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):  # only reachable from callers that bypass our loaders
        raise ValueError("数字须以精确小数给出")
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER.match(text):
            try:
                return Decimal(text.replace(",", ""))
            except InvalidOperation:
                pass
        raise ValueError(f"“{value}”不是数字")
    raise ValueError("应为数字")
