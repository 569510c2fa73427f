"""Consistency of the data with itself: dates, units, costs, duplicates, funds, plans."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding
from reportgen.models.measure import MONEY_UNITS
from reportgen.rounding import ZERO

COST = "成本指标"


@check
def indicator_values(ctx: CheckContext) -> Iterator[Finding]:
    year = ctx.cy.year
    for label, ev, _sc in ctx.evaluations():
        seen: Counter[tuple[str, str, str]] = Counter()
        for i, ind in enumerate(ev.indicators):
            what, path = f"{label}“{ind.label}”", ("indicators", i)
            key = (ind.level1, ind.level2, ind.label)
            seen[key] += 1
            if seen[key] == 2:
                yield ctx.finding("E-DUP-INDICATOR", f"{what}在“{ind.level1}/{ind.level2}”中出现了两次",
                                  ev, *path, "name")
            for fld, m in (("target", ind.parsed_target), ("actual", ind.parsed_actual)):
                if m is not None and m.date is not None and m.date.year != year:
                    yield ctx.finding("W-DATE-YEAR",
                                      f"{what}的日期 {m.text} 不在报告年度 {year} 年内", ev, *path, fld)
            t, a = ind.parsed_target, ind.parsed_actual
            if a is not None and t.kind == a.kind == "number" and t.unit and a.unit and t.unit != a.unit \
                    and not (t.unit in MONEY_UNITS and a.unit in MONEY_UNITS):
                yield ctx.finding("E-UNIT-MISMATCH",
                                  f"{what}年度指标值单位为“{t.unit}”，实际完成值单位为“{a.unit}”，无法比较",
                                  ev, *path, "actual")
            if t.op in ("le", "lt") and t.unit == "%" and t.value is not None and t.value >= 100 \
                    and "执行率" in ind.label:
                yield ctx.finding("W-TARGET-NEVER-MISSED",
                                  f"{what}目标 {t.text} 不可能达不到（执行率不会超过100%），起不到考核作用，请改设目标",
                                  ev, *path, "target")


@check
def funds(ctx: CheckContext) -> Iterator[Finding]:
    settings = ctx.cy.court.settings
    unit = MONEY_UNITS[settings.amount_unit]
    dept = ctx.cy.data.department
    whole = dept.finance.budget if dept is not None else None
    for project, sc in zip(ctx.cy.data.projects, ctx.result.projects, strict=True):
        label = f"项目“{project.name}”"
        ex = sc.execution
        if whole is not None and ex.budget is not None and ex.budget > whole:
            largest = max(range(len(project.funds)), key=lambda i: project.funds[i].budget or 0)
            yield ctx.finding("E-PROJECT-ABOVE-DEPARTMENT",
                              f"{label}全年预算数 {ex.budget} 超过部门全年预算数 {whole}（单位均为{settings.amount_unit}），"
                              "请核对位数，或是否把元当成了万元填写", project, "funds", largest, "budget")
        if ex.spent is None or ex.budget is None:
            continue
        if ex.budget == 0:
            yield ctx.finding("E-EXEC-ZERO", f"{label}全年预算数为 0，无法计算预算执行率得分", project, "funds")
            continue
        if ex.spent > ex.budget:
            yield ctx.finding("W-EXEC-OVER",
                              f"{label}全年执行数 {ex.spent} 超过全年预算数 {ex.budget}，执行率得分以分值为限",
                              project, "funds")
        costs = [(i, ind.parsed_actual.in_yuan()) for i, ind in enumerate(project.indicators)
                 if COST in (ind.level1, ind.level2) and ind.parsed_actual is not None and ind.parsed_actual.is_money]
        total = sum((v for _i, v in costs if v is not None), ZERO)
        if costs and total > ex.spent * unit:
            yield ctx.finding("E-COST-OVER-SPENT",
                              f"{label}成本指标各项实际金额合计 {total.normalize():f} 元，超过全年执行数 "
                              f"{(ex.spent * unit).normalize():f} 元", project, "indicators", costs[0][0], "actual")


@check
def projects(ctx: CheckContext) -> Iterator[Finding]:
    data = ctx.cy.data
    names = Counter(p.name for p in data.projects)
    goals: dict[str, str] = {}
    seen_codes: dict[str, str] = {}  # code → the first project that has it: a code seen again is a duplicate
    for p in data.projects:
        if p.code:
            if names[p.name] == 1 and p.code in seen_codes:
                yield ctx.finding("E-DUP-PROJECT",
                                  f"项目编码“{p.code}”已用于项目“{seen_codes[p.code]}”：每个项目的编码应不同，请核对",
                                  p, "code")
            seen_codes.setdefault(p.code, p.name)
        if names[p.name] > 1:
            same_code = sum(1 for q in data.projects if q.name == p.name and q.code == p.code)
            if not p.code or same_code > 1:
                yield ctx.finding("E-DUP-PROJECT",
                                  f"有 {names[p.name]} 个项目同名“{p.name}”且无法以项目编码区分，请填写不同的 code",
                                  p, "code")
            else:
                yield ctx.finding("W-DUP-PROJECT",
                                  f"有 {names[p.name]} 个项目同名“{p.name}”（以编码 {p.code} 区分），请确认不是重复录入",
                                  p, "name")
        if p.goal and p.goal in goals:
            yield ctx.finding("W-DUP-GOAL",
                              f"项目“{p.name}”的绩效目标与项目“{goals[p.goal]}”的一字不差，可能是复制后未修改",
                              p, "goal")
        goals.setdefault(p.goal, p.name)
        if p.fill_date is not None and p.fill_date.year not in (ctx.cy.year, ctx.cy.year + 1):
            yield ctx.finding("W-DATE-YEAR",
                              f"项目“{p.name}”填报日期 {p.fill_date} 不在 {ctx.cy.year} 年或次年", p, "fill_date")
        plan = p.spending_plan
        if plan and (len(plan) != 4 or any(b < a for a, b in itertools.pairwise(plan)) or plan[-1] != Decimal(100)):
            yield ctx.finding("W-SPENDING-PLAN",
                              f"项目“{p.name}”资金支出计划应为 4 个逐月累计的百分比，且 12月底为 100%", p, "spending_plan")


@check
def loader_notes(ctx: CheckContext) -> Iterator[Finding]:
    """What the loader noticed but did not refuse, such as HTML tags in a text."""
    yield from ctx.cy.notes


_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)")


@check
def amounts_in_text(ctx: CheckContext) -> Iterator[Finding]:
    """An amount typed into 项目资金主要用途 must be one of the project's budget figures."""
    unit = MONEY_UNITS[ctx.cy.court.settings.amount_unit]
    for p in ctx.cy.data.projects:
        budgets = [r.budget for r in p.funds if r.budget is not None]
        if not budgets or not p.purpose:
            continue
        known = {b * unit for b in budgets} | {sum(budgets, ZERO) * unit}
        for m in _AMOUNT.finditer(p.purpose):
            value = Decimal(m[1]) * MONEY_UNITS[m[2]]
            if value not in known:
                expected = "、".join(f"{(k / unit).normalize():f}{ctx.cy.court.settings.amount_unit}" for k in sorted(known))
                yield ctx.finding("W-TEXT-AMOUNT",
                                  f"项目“{p.name}”资金用途中写的“{m[0]}”与预算数（{expected}）不符，请核对数字和单位",
                                  p, "purpose")
