"""Claims in the texts against the figures: "各项指标均完成", "达到年度指标值" or a deviation section that
says 无, written in a year when a target was missed or the budget was left largely unspent.

A target counts as missed when the rule says so (ScoredIndicator.met), when a qualitative row is scored
below the 达成 tier, or, for the evaluation as a whole, when the execution rate is below the court's
`claim_execution_rate`. A qualitative row at 90% of its weight in the 达成 tier met its target: the
court's own scoring gives that tier less than full marks, so "达到年度指标值" is no contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reportgen.checks import CheckContext, check
from reportgen.checks.prose import TITLES, Prose, typed
from reportgen.findings import Finding
from reportgen.models import Evaluation
from reportgen.models.measure import TIER_BANDS
from reportgen.scoring import Scored, ScoredIndicator

_ALL_MET = re.compile(r"(?<!未)(?<!没有)(?:均|全部|都|全面)(?:已经?)?(?:完成|达成|实现|达到)"
                      r"|(?<!未)完成了?(?:全部|所有|各项)(?:绩效)?(?:指标|目标)")
_NO_DEVIATION = re.compile(r"(?:无|没有|未发生|不存在)(?:任何|明显)?(?:偏离|偏差)")
_SAYS_NONE = re.compile(r"^\s*(?:无|没有|无偏离|无偏差)[。.]?\s*$")
_ROW_MET = re.compile(r"(?<!未)(?<!没)(?<!为)(?<!未能)(?<!基本)(?<!部分)(?<!接近)(?<!确保)(?<!力争)"
                      r"(?:已经?)?(?:达到|达成|完成|实现)了?(?:年度|预期|既定)?(?:指标值|目标值|预期指标|年度指标|目标)")
#: A sentence that names exceptions ("除……外，其余指标均完成") claims nothing about them.
_EXCEPT = re.compile(r"除|其余|其他|以外|之外")
_SENTENCE_START = re.compile(r"[。；！？\n][^。；！？\n]*$")

_CLAIM_FIELDS = ("goal_actual", "summary", "conclusion")
_ROW_FIELDS = {"text": "说明文字", "reason": "原因分析", "remark": "备注"}
_DEVIATION = "偏离绩效目标的原因及下一步改进措施"


#: Words each claim contains: a text with none of them is not searched.
_HINTS = {_ALL_MET: ("完成", "达成", "实现", "达到"), _NO_DEVIATION: ("偏离", "偏差"), _ROW_MET: ("目标", "指标")}


def _claim(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first claim in `text` whose sentence does not name exceptions before it."""
    if not any(word in text for word in _HINTS[pattern]):
        return None
    for m in pattern.finditer(text):
        before = text[:m.start()]
        start = _SENTENCE_START.search(before)
        if not _EXCEPT.search(before[start.start():] if start else before):
            return m
    return None


def _missed(s: ScoredIndicator) -> bool:
    """A quantitative row by its rule; a qualitative one by its score, below the 达成 tier (a score that
    contradicts the tier written as its actual is E-QUAL-TIER's to report)."""
    if s.rule_score is not None:  # quantitative with both values known: by the rule
        return s.met is False
    return s.score is not None and s.score < s.weight * TIER_BANDS["full"][0] and not s.indicator.is_quantitative


def _row(s: ScoredIndicator) -> str:
    if s.indicator.is_quantitative:
        return f"“{s.name}”（{s.actual_text}，目标 {s.indicator.target}）"
    return f"“{s.name}”（{s.indicator.actual or f'得分 {s.score}/{s.weight}'}）"


def shortfalls(ctx: CheckContext, sc: Scored, missed: list[ScoredIndicator]) -> str:
    """What fell short in one evaluation (`missed`: its rows that missed their targets), as a clause
    ("" when nothing did)."""
    parts = []
    floor = ctx.cy.court.settings.claim_execution_rate
    rate = sc.execution.rate
    if rate is not None and rate < floor:
        parts.append(f"预算执行率仅为 {rate}%（低于 {floor.normalize():f}%）")
    if missed:
        parts.append(f"{'、'.join(map(_row, missed))}未达到年度指标值")
    return "；".join(parts)


@check
def claims_in_text(ctx: CheckContext) -> Iterator[Finding]:
    """A text that says every target was met while one was missed: the copy-paste sentence ("预期目标均完成")
    that survives a year in which targets were missed. The claims are found first: what fell short is only
    worked out for an evaluation that claims something."""
    report = "report" in ctx.cy.data.info.documents
    for label, ev, sc in ctx.evaluations():
        claims = []
        for name in _CLAIM_FIELDS:
            prose = Prose(ev, (name,), typed(getattr(ev, name, "") or ""))
            claim = _claim(_ALL_MET, prose.text) or _claim(_NO_DEVIATION, prose.text)
            if claim:
                claims.append((f"“{TITLES[name]}”写“{claim[0]}”", "请核实这段文字", prose, claim.start()))
        if report:
            claims += _deviation(ev)
        missed = [s for s in sc.indicators if _missed(s)]  # worked out once for the rows and the shortfalls
        rows = list(_rows(ev, missed))
        if not claims and not rows:
            continue
        short = shortfalls(ctx, sc, missed) if claims else ""
        if short:
            for said, fix, prose, at in claims:
                finding = f"{label}的{said}，但{short}；{fix}"
                yield ctx.text_finding("W-TEXT-CLAIM", finding, prose, at) if at >= 0 else \
                    ctx.finding("W-TEXT-CLAIM", finding, ev, "deviation")
        for s, title, prose, m in rows:
            yield ctx.text_finding("W-TEXT-CLAIM", f"{label}{_row(s)}的{title}写“{m[0]}”，但该指标未达到年度指标值"
                                                   f"（得分 {s.score}/{s.weight}）；请核实这段文字", prose, m.start())


def _deviation(ev: Evaluation) -> list[tuple[str, str, Prose, int]]:
    """The report's deviation section saying 无, or empty and so printed "无。" (at -1: the field, not a text)."""
    prose = Prose(ev, ("deviation",), typed(getattr(ev, "deviation", "") or ""))
    if not prose.text:
        return [(f"“{_DEVIATION}”未填写，报告中将印为“无。”", "请在 deviation 中写明原因和改进措施", prose, -1)]
    claim = _SAYS_NONE.match(prose.text) or _claim(_NO_DEVIATION, prose.text)
    return [(f"“{_DEVIATION}”写“{claim[0].strip()}”", "请写明原因和改进措施", prose, claim.start())] if claim else []


def _rows(ev: Evaluation, missed: list[ScoredIndicator]) -> Iterator[tuple[ScoredIndicator, str, Prose, re.Match[str]]]:
    """A missed row's own text that says it reached its target (the rows that met theirs are not read)."""
    for s in missed:
        for name, title in _ROW_FIELDS.items():
            text = typed(getattr(s.indicator, name))  # blanked once, for the search and the finding's line
            claim = _claim(_ROW_MET, text) if text else None
            if claim:
                yield s, title, Prose(ev, ("indicators", s.index, name), text), claim
