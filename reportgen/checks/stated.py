"""Printed values (stated_*) against the computed ones: totals, rates, grades, counts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding
from reportgen.scoring import grade_tally


def _number(text: str) -> Decimal | None:
    m = re.search(r"-?\d+(?:\.\d+)?", text)
    return Decimal(m.group()) if m else None


def _rate_findings(ctx: CheckContext, what: str, stated: list[str], computed: list[Decimal | None],
                   model: object, *path: str | int) -> Iterator[Finding]:
    """A printed rate is right when it equals (as a number) one of the computed rates."""
    values = [c for c in computed if c is not None]
    for i, text in enumerate(stated):
        value = _number(text)
        if value is not None and values and all(value != c for c in values):
            yield ctx.finding("E-STATED-RATE",
                              f"{what}印为“{text}”，按数据计算应为 {values[0]}%", model, *path, i)


@check
def stated_totals(ctx: CheckContext) -> Iterator[Finding]:
    words = ctx.cy.court.settings.department_grade_words
    for label, ev, sc in ctx.evaluations():
        if ev.stated_total is not None and ev.stated_total != sc.total:
            yield ctx.finding("E-STATED-TOTAL",
                              f"{label}总分印为 {ev.stated_total}，而各项得分合计为 {sc.total}", ev, "stated_total")
        yield from _rate_findings(ctx, f"{label}总得分率", ev.stated_total_rate, [sc.rate], ev, "stated_total_rate")
        if ev.stated_grade and ev.stated_grade not in (sc.grade, words.get(sc.grade)):
            yield ctx.finding("E-STATED-GRADE",
                              f"{label}等级印为“{ev.stated_grade}”，按总分 {sc.total} 应为“{sc.grade}”", ev, "stated_grade")
        ex = sc.execution
        if ev.stated_execution_score is not None and ex.score is not None and ev.stated_execution_score != ex.score:
            yield ctx.finding("E-STATED-TOTAL",
                              f"{label}预算执行率得分印为 {ev.stated_execution_score}，按 {ex.spent}÷{ex.budget}×{ex.weight} 应为 {ex.score}",
                              ev, "stated_execution_score")
        yield from _rate_findings(ctx, f"{label}预算执行率", ev.stated_execution_rate, [ex.rate, ex.score_rate],
                                  ev, "stated_execution_rate")


@check
def stated_groups(ctx: CheckContext) -> Iterator[Finding]:
    for label, ev, sc in ctx.evaluations():
        for g in sc.groups:
            if g.group_index is None:
                continue
            group = ev.groups[g.group_index]
            path = ("groups", g.group_index)
            if group.stated_score is not None and group.stated_score != g.score:
                yield ctx.finding("E-STATED-TOTAL",
                                  f"{label}“{g.name}”得分印为 {group.stated_score}，而其三级指标得分合计为 {g.score}",
                                  ev, *path, "stated_score")
            yield from _rate_findings(ctx, f"{label}“{g.name}”得分率", group.stated_rate, [g.rate], ev, *path, "stated_rate")
            count = len(g.indicators)
            if group.stated_count is not None and group.stated_count != count:
                yield ctx.finding("E-STATED-COUNT",
                                  f"{label}“{g.name}”文字写“下设{group.stated_count}个三级指标”，而表中有 {count} 个",
                                  ev, *path, "stated_count")


@check
def stated_indicators(ctx: CheckContext) -> Iterator[Finding]:
    for label, ev, sc in ctx.evaluations():
        for s in sc.indicators:
            if s.indicator.stated_rate:  # most rows print none: nothing to format or compute for them
                yield from _rate_findings(ctx, f"{label}“{s.name}”得分率", s.indicator.stated_rate, [s.rate],
                                          ev, "indicators", s.index, "stated_rate")
            actual = s.indicator.parsed_actual
            if s.metric_value is not None and actual is not None and actual.value is not None \
                    and actual.value != s.metric_value:
                yield ctx.finding("E-STATED-ACTUAL",
                                  f"{label}“{s.name}”实际完成值印为 {actual.text}，按决算数据计算应为 {s.metric_value}",
                                  ev, "indicators", s.index, "actual")


@check
def stated_grade_counts(ctx: CheckContext) -> Iterator[Finding]:
    """“有N个项目结果为‘优’” as printed, against the projects' computed grades."""
    report = ctx.cy.data.info.report
    if report is None or not report.stated_grade_counts:
        return
    counts = grade_tally(ctx.result, ctx.cy.court.settings)
    for label, stated in report.stated_grade_counts.items():
        computed = counts.get(label)
        if computed is None:
            yield ctx.finding("E-STATED-COUNT",
                              f"等级“{label}”不是本院设置的等级（{'、'.join(counts)}）", report, "stated_grade_counts", label)
        elif computed != stated:
            yield ctx.finding("E-STATED-COUNT",
                              f"文字写{stated}个项目结果为“{label}”，而按各项目总分计算有 {computed} 个", report,
                              "stated_grade_counts", label)
