"""The official scoring rules (domain-rules §5), each a pure function of Decimals."""

from __future__ import annotations

from decimal import Decimal

from reportgen.models.measure import TIER_BANDS, Measure, Tier
from reportgen.models.settings import Settings
from reportgen.rounding import HUNDRED, ZERO, q2


def execution_score(budget: Decimal, spent: Decimal, weight: Decimal, cap: bool) -> tuple[Decimal, Decimal]:
    """(执行率 %, 得分) = B / A, B / A × 分值; the caller guarantees A > 0."""
    ratio = spent / budget
    score = ratio * weight
    if cap:
        score = min(score, weight)
    return q2(ratio * HUNDRED), q2(score)


def comparable(target: Measure, actual: Measure) -> tuple[Decimal, Decimal]:
    """Target and actual values on one scale: 元 and 万元 are converted, negatives count as 0 [S8]."""
    assert target.value is not None and actual.value is not None
    t_yuan, a_yuan = target.in_yuan(), actual.in_yuan()
    if t_yuan is not None and a_yuan is not None:
        return t_yuan, max(a_yuan, ZERO)
    return target.value, max(actual.value, ZERO)


def met(target: Measure, actual: Measure) -> bool:
    """Whether a quantitative actual meets its target, by the operator."""
    t, a = comparable(target, actual)
    if target.op == "le":
        return a <= t
    if target.op == "lt":
        return a < t
    if target.op == "gt":
        return a > t
    if target.op == "ge":
        return a >= t
    return a >= t if t > 0 else a <= 0  # "=0次": only none at all meets it


def quantitative_score(target: Measure, actual: Measure, weight: Decimal, settings: Settings) -> Decimal:
    """Score of a 定量 indicator from its operator, target and actual value."""
    t, a = comparable(target, actual)
    if target.op in ("le", "lt"):
        return q2(_reverse(t, a, weight, settings))
    if met(target, actual):  # positive and equal: any actual that meets the target earns full marks
        return q2(weight)
    if t == 0:
        return q2(ZERO)
    return q2(a / t * weight)


def _reverse(t: Decimal, a: Decimal, weight: Decimal, settings: Settings) -> Decimal:
    if a <= t:
        return weight
    if t == 0:
        return ZERO
    if settings.reverse_rule == "ratio":
        return t / a * weight
    if a >= 2 * t:
        return ZERO
    return (1 - (a - t) / t) * weight


def qualitative_default(tier: Tier | None, weight: Decimal, settings: Settings) -> Decimal | None:
    """The score a 定性 indicator gets when none is stated: only the top tier has a default."""
    if tier == "full":
        return q2(weight * settings.qualitative_default)
    return None


def in_band(tier: Tier, score: Decimal, weight: Decimal) -> bool:
    low, high = TIER_BANDS[tier]
    if tier == "full":
        return weight * low <= score <= weight
    return weight * low <= score < weight * high


def grade(total: Decimal, settings: Settings) -> str:
    for g in sorted(settings.grades, key=lambda g: g.min, reverse=True):
        if total >= g.min:
            return g.label
    return settings.grades[-1].label
