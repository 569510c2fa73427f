"""Targets and actuals that cannot be scored as written: an operator without a number, a rate target that
no rate can exceed, a quantitative target "met" by a word, nothing delivered under a ceiling yet full marks,
and a scoring band written where the result belongs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from reportgen.checks import CheckContext, check
from reportgen.checks.prose import typed
from reportgen.findings import Finding
from reportgen.models import Evaluation
from reportgen.models.measure import OPERATORS, tier_of
from reportgen.rounding import HUNDRED
from reportgen.scoring import ScoredIndicator

_OPERATOR = "|".join(re.escape(k) for k in sorted(OPERATORS, key=len, reverse=True))
_NO_NUMBER = re.compile(rf"^\s*(?:{_OPERATOR}|大于等于|小于等于|大于|小于|等于|不低于|不高于|不少于|不超过)\D*$")

#: A rate that cannot exceed 100%: a share of a whole. Rates of change, of completion against a plan,
#: of spending and of control against a quota can.
_RATE_NAME = re.compile(r"(?:率|满意度|比例|占比)[”\"]?$")
_UNBOUNDED = re.compile(r"(?:增长|增幅|变动|变化|提高|提升|下降|降低|减少|完成|执行|控制|节约|超额)率[”\"]?$")
#: The same, stated in prose ("审限内结案率≥100%", "满意度达到100%以上"): a figure of 100 or more first, then its name.
_PROSE_AT_LEAST = re.compile(r"(?:≥|>=|＞＝|≧|大于等于|不低于|不少于)\s*(\d{3,}(?:\.\d+)?)\s*[%％]"
                             r"|(?<![\d.])(\d{3,}(?:\.\d+)?)\s*[%％]\s*(?:及以上|以上)")
_NAME_BEFORE = re.compile(r"([\u4e00-\u9fff“”]{1,20}?(?:率|满意度|比例|占比)[”]?)(?:达到|为|在)?$")

#: Words of a reason that say the thing was not delivered at all.
_NOT_DELIVERED = re.compile(r"(?:未|没有|未能)(?:实施|开展|采购|购买|发生|执行|支出|使用|进场|启动|签订|招标|购置)"
                            r"|取消|(?:内容|项目)(?:发生)?变更|停止|暂停")
_BAND = "%"  # a tier label that carries a percentage is a scoring band ("100%-80%(含)"), not a result


def _bounded(name: str) -> bool:
    return bool(_RATE_NAME.search(name)) and not _UNBOUNDED.search(name)


def _above_100(op: str | None, value: Decimal) -> bool:
    """Whether a rate target asks for more than 100%, or for "at least 100%" (which only 100% meets)."""
    return (value > HUNDRED and op not in ("le", "lt")) or (value == HUNDRED and op in ("ge", "gt"))


@check
def targets_and_actuals(ctx: CheckContext) -> Iterator[Finding]:
    results = ctx.results_due
    for label, ev, sc in ctx.evaluations():
        bands: list[ScoredIndicator] = []
        for s in sc.indicators:
            yield from _target(ctx, label, ev, s)
            if results and s.actual is not None:
                yield from _actual(ctx, label, ev, s, bands)
        if bands:
            names = "、".join(f"“{s.name}”" for s in bands)
            yield ctx.finding("W-ACTUAL-BAND",
                              f"{label}有 {len(bands)} 个定性指标的实际完成值写的是计分档次“{bands[0].indicator.actual}”而不是完成结果："
                              f"{names}；请写实际完成情况，或写“达成年度指标”“部分达成年度指标并具有一定效果”等结论",
                              ev, "indicators", bands[0].index, "actual")


def _target(ctx: CheckContext, label: str, ev: Evaluation, s: ScoredIndicator) -> Iterator[Finding]:
    ind = s.indicator
    if ind.target is None:  # a leaf scored by judgement has no target
        return
    if _NO_NUMBER.match(ind.target):
        yield ctx.finding("E-TARGET-NO-NUMBER",
                          f"{label}“{s.name}”年度指标值“{ind.target}”只有运算符没有数字，无法计分；请写成“≥90%”“≤5万元”这样的完整数值",
                          ev, "indicators", s.index, "target")
    elif "%" in ind.target or "百分比" in ind.target:
        t = ind.parsed_target
        if t.kind == "number" and t.unit == "%" and t.value is not None and _bounded(s.name) and _above_100(t.op, t.value):
            yield ctx.finding("W-TARGET-ABOVE-100",
                              f"{label}“{s.name}”是比率，最高为100%，年度指标值“{ind.target}”{_why(t.value)}；请改为“=100%”或实际可达的目标",
                              ev, "indicators", s.index, "target")


def _actual(ctx: CheckContext, label: str, ev: Evaluation, s: ScoredIndicator,
            bands: list[ScoredIndicator]) -> Iterator[Finding]:
    """The actual used for scoring (s.actual: the computed metric, else the data's) read only as far as needed."""
    ind, a, path, what = s.indicator, s.actual, ("indicators", s.index), f"{label}“{s.name}”"
    assert a is not None
    if a.kind == "word":
        if ind.parsed_target.kind == "number" and ind.is_quantitative:
            yield ctx.finding("W-ACTUAL-WORD",
                              f"{what}是定量指标（年度指标值 {ind.target}），实际完成值却只写“{ind.actual}”，得分无法核实；"
                              "请填写实际完成的数值，单位与年度指标值相同", ev, *path, "actual")
        elif _BAND in a.text and tier_of(a.text) is not None and not ind.is_quantitative:
            bands.append(s)
    elif a.value == 0 and s.score is not None and s.score >= s.weight:
        target = ind.parsed_target
        if target.op in ("le", "lt") and (target.is_money or "成本" in ind.level1 + ind.level2):
            said = next((m for m in (_NOT_DELIVERED.search(typed(getattr(ind, f))) for f in ("reason", "remark", "measure"))
                         if m), None)
            if said:
                yield ctx.finding("W-ZERO-DELIVERED",
                                  f"{what}实际完成值为 {ind.actual}，按“{ind.target}”计了满分 {s.score} 分，但原因中写明“{said[0]}”，"
                                  "即该项并未实施：不花钱不等于控制住了成本。请按未完成计分，或说明该指标已按程序调整",
                                  ev, *path, "score")


def _why(value: Decimal) -> str:
    return "不可能达到" if value > HUNDRED else "只有恰好100%才算达到"


@check
def rate_targets_in_prose(ctx: CheckContext) -> Iterator[Finding]:
    """A rate target stated in a text (the declaration's 绩效指标) above what any rate can reach."""
    for prose in ctx.prose:
        if "%" not in prose.text and "％" not in prose.text:
            continue
        for m in _PROSE_AT_LEAST.finditer(prose.text):
            value = Decimal(m[1] or m[2])
            named = _NAME_BEFORE.search(prose.text, max(0, m.start() - 24), m.start())
            if named is None or not _bounded(named[1]) or not _above_100("ge", value):
                continue
            name = named[1].strip("“”")
            yield ctx.text_finding("W-TARGET-ABOVE-100",
                                   f"文字中写“{prose.text[named.start():m.end()]}”：{name}是比率，最高为100%，{_why(value)}；"
                                   f"请改为“{name}100%”或实际可达的目标", prose, named.start())
